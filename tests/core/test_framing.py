"""Framing: crop (a draggable box) or fit (black bars) when the image's shape differs from the video's,
and scaling to what the resolution can use. Checked on decoded pixels, and through the real window."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import until
from tests.helpers.cli import cli_env, run_cli
from tests.helpers.gui import drop, file_mime, running_app
from veo_desktop.core.clips.framing import Framing, crop_box, frame_image, needs_framing
from veo_desktop.core.clips.images import prepare_image_bytes
from veo_desktop.emulator.server import EmulatorThread


def two_tone(size: tuple[int, int], fmt: str = "PNG") -> bytes:
    """Top half red, bottom half blue: which half a crop kept is visible in its pixels."""
    picture = Image.new("RGB", size, "red")
    picture.paste("blue", (0, size[1] // 2, size[0], size[1]))
    out = io.BytesIO()
    picture.save(out, format=fmt)
    return out.getvalue()


def decoded(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    width=st.integers(1, 20_000),
    height=st.integers(1, 20_000),
    aspect=st.sampled_from(["16:9", "9:16"]),
    x=st.floats(-1, 2),
    y=st.floats(-1, 2),
)
def test_the_crop_box_has_the_videos_shape_and_stays_inside(
    width: int, height: int, aspect: str, x: float, y: float
) -> None:
    left, top, right, bottom = crop_box(width, height, aspect, Framing("crop", x, y))
    assert 0 <= left < right <= width and 0 <= top < bottom <= height
    assert right - left == width or bottom - top == height  # as large as fits
    shape = 16 / 9 if aspect == "16:9" else 9 / 16
    assert abs((right - left) - (bottom - top) * shape) <= max(1.0, shape)  # rounding only


def test_crop_keeps_the_part_the_user_placed_the_box_on() -> None:
    image = prepare_image_bytes(two_tone((400, 600)), "tall.png")
    top = frame_image(image, "1280x720", "16:9", Framing("crop", 0.5, 0.0))
    bottom = frame_image(image, "1280x720", "16:9", Framing("crop", 0.5, 1.0))
    assert (top.width, top.height) == (400, 225) == (bottom.width, bottom.height)
    assert decoded(top.reference.data).getcolors() == [(400 * 225, (255, 0, 0))]
    assert decoded(bottom.reference.data).getcolors() == [(400 * 225, (0, 0, 255))]


def test_fit_keeps_the_whole_image_on_black_bars() -> None:
    image = prepare_image_bytes(two_tone((400, 400)), "square.png")
    fitted = decoded(frame_image(image, "1280x720", "16:9", Framing("fit")).reference.data)
    assert fitted.size == (711, 400)
    assert fitted.getpixel((5, 200)) == fitted.getpixel((705, 200)) == (0, 0, 0)
    assert fitted.getpixel((355, 10)) == (255, 0, 0) and fitted.getpixel((355, 390)) == (0, 0, 255)


def test_a_big_photo_is_cropped_and_scaled_to_the_frame_and_sends_far_less() -> None:
    image = prepare_image_bytes(two_tone((4000, 3000), "JPEG"), "camera.jpg")
    sent = frame_image(image, "1280x720", "16:9", Framing("crop"))
    assert (sent.width, sent.height) == (1280, 720) and sent.reference.mime == "image/jpeg"
    assert decoded(sent.reference.data).size == (1280, 720)
    assert sent.scaled_from == (4000, 3000, len(image.reference.data))
    assert len(sent.reference.data) < len(image.reference.data) / 4


def test_an_image_of_the_videos_shape_is_not_framed() -> None:
    assert not needs_framing(1920, 1080, "16:9") and not needs_framing(1283, 720, "16:9")
    image = prepare_image_bytes(two_tone((640, 360)), "wide.png")
    assert frame_image(image, "1280x720", "16:9", Framing("fit")) is image


def mouse(widget: QWidget, kind: QMouseEvent.Type, at: QPointF) -> None:
    buttons = (
        Qt.MouseButton.NoButton if kind == QMouseEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
    )
    event = QMouseEvent(
        kind, at, widget.mapToGlobal(at), Qt.MouseButton.LeftButton, buttons, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, event)


async def test_the_window_shows_the_framing_and_sends_what_it_shows(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    photo = tmp_path / "tall.png"
    photo.write_bytes(two_tone((400, 600)))
    async with running_app(qtbot, emulator) as veo:
        zone, view = veo.window.drop_zone, veo.window.drop_zone.view
        shape = veo.window.form.combos["aspect_ratio"]  # the user picks 16:9: the tall picture is cropped
        for ratio in ("9:16", "16:9"):
            shape.setCurrentIndex(shape.findData(ratio, Qt.ItemDataRole.UserRole))
        drop(zone, file_mime(photo))
        await until(lambda: zone.framing_row.isVisible(), "the framing choice")
        assert zone.framing_note.text().startswith("Cropped to 16:9: drag the box")
        assert zone.crop_button.isChecked()
        await until(
            lambda: zone.upload_note.text() == "Uploads 400 x 225 px, " + zone.upload_note.text()[22:]
        )
        box = view.crop_rect()
        assert abs(box.width() / box.height() - 16 / 9) < 0.02
        start = box.center()
        mouse(view, QMouseEvent.Type.MouseButtonPress, start)
        mouse(view, QMouseEvent.Type.MouseMove, start + QPointF(0, -500))
        mouse(view, QMouseEvent.Type.MouseButtonRelease, start + QPointF(0, -500))
        assert veo.controller.images.framing.center_y < 0.5
        assert view.crop_rect().top() == view.image_rect().top()  # dragged to the top, no further
        qtbot.mouseClick(zone.fit_button, Qt.MouseButton.LeftButton)
        assert veo.controller.images.framing.mode == "fit" and view.crop_rect().isEmpty()
        assert abs(view.image_rect().height() / view.image_rect().width() - 1.5) < 0.01  # whole
        qtbot.mouseClick(zone.crop_button, Qt.MouseButton.LeftButton)
        view.setFocus()
        qtbot.keyClick(view, Qt.Key.Key_Down)
        assert veo.controller.images.framing.center_y > 225 / 2 / 600
        qtbot.keyClicks(veo.window.form.prompt, "the top half")
        for _ in range(20):
            qtbot.keyClick(view, Qt.Key.Key_Up)
        qtbot.mouseClick(veo.window.form.generate, Qt.MouseButton.LeftButton)
        await until(lambda: len(emulator.server.submissions) == 1, "the submission")
    [sent] = emulator.server.submissions
    assert sent.submission is not None and sent.submission.image is not None
    uploaded = decoded(sent.submission.image)
    assert uploaded.size == (400, 225) and uploaded.getcolors() == [(400 * 225, (255, 0, 0))]


@pytest.mark.parametrize(
    ("framing", "size"), [(None, (400, 600)), ("crop", (400, 225)), ("fit", (1067, 600))]
)
def test_the_cli_frames_as_asked_and_otherwise_sends_the_image_as_it_is(
    emulator: EmulatorThread, app_home: Path, tmp_path: Path, framing: str | None, size: tuple[int, int]
) -> None:
    photo = tmp_path / "tall.png"
    photo.write_bytes(two_tone((400, 600)))
    extra = ["--framing", framing] if framing else []
    done = run_cli(
        "generate",
        str(photo),
        "--prompt",
        "up",
        "--poll-interval",
        "0.1",
        *extra,
        env=cli_env(app_home, emulator),
    )
    assert done.returncode == 0, done.stderr
    [sent] = emulator.server.submissions
    assert sent.submission is not None and sent.submission.image is not None
    assert decoded(sent.submission.image).size == size
