"""A two-frame clip that did not end on its end frame (issue 26): its row's menu and its own button offer
"Compare end frames…", which shows the end frame as it was sent beside the clip's last frame, decoded
from the saved video, with how far apart they are in words. Against the emulator set to drop the end
frame, in the real window; a one-frame clip's menu has no such entry."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QMenu, QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import fast_config, until
from tests.helpers.frames import END, START, clip_ends, decoded, difference
from tests.helpers.gui import choose_model, drop, entry, file_mime, running_app
from veo_desktop.api import rules
from veo_desktop.core.clips.framing import Framing
from veo_desktop.core.clips.provenance import sidecar_path
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.shell.app import App
from veo_desktop.gui.tasks.end_frame_compare import EndFrameCompare, distance_text
from veo_desktop.gui.tasks.row_actions import row_actions
from veo_desktop.gui.tasks.task_delegate import action_rects
from veo_desktop.gui.tasks.task_menu import task_menu

COMPARE = "task_compare_end_frames"
FAST = rules.CHOICES["Veo 3.1 Fast"]
FAST_FLOW = rules.CHOICES["Veo 3.1 Fast · Flow"]


@pytest.fixture
def drops_the_end_frame() -> Iterator[EmulatorThread]:
    """A service that keeps only the first image: its clips never reach the end frame."""
    thread = EmulatorThread(fast_config(ignore_end_frame=True), FaultPlan(seed=1))
    thread.start()
    try:
        yield thread
    finally:
        thread.stop()


def pixels(label: QLabel) -> Image.Image:
    """What a picture in the dialog shows, as pixels."""
    pixmap: QPixmap = label.pixmap()
    assert not pixmap.isNull(), f"{label.objectName()} shows no picture: {label.text()!r}"
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_RGB888)
    size = (image.width(), image.height())
    raw = bytes(image.constBits())
    return Image.frombuffer("RGB", size, raw, "raw", "RGB", image.bytesPerLine(), 1).copy()


async def finished(veo: App, rows: int) -> TaskRecord:
    await until(lambda: veo.model.rowCount() == rows, "the new task")
    await until(lambda: veo.model.record_at(0).state in ("completed", "failed"), "the video", 60)
    record = veo.model.record_at(0)
    assert record.state == "completed", record.last_error
    await until(sidecar_path(Path(record.output_path)).exists, "the settings file beside the video")
    return record


async def two_frame_clip(qtbot: QtBot, veo: App, start: Path, end: Path) -> TaskRecord:
    """What a user does: the Flow model, a start and an end frame dropped, a prompt, Generate."""
    choose_model(veo, FAST_FLOW)
    drop(veo.window.drop_zone, file_mime(start))
    await until(lambda: veo.controller.images.image is not None, "the start frame")
    drop(veo.window.end_zone, file_mime(end))
    await until(lambda: veo.controller.end_images.image is not None, "the end frame")
    qtbot.keyClicks(veo.window.form.prompt, "dawn to dusk")
    assert veo.window.form.generate.text() == "Generate video from both frames"
    qtbot.mouseClick(veo.window.form.generate, Qt.MouseButton.LeftButton)
    return await finished(veo, 1)


def comparisons(window: QWidget) -> list[EndFrameCompare]:
    return [d for d in window.findChildren(EndFrameCompare) if d.isVisible()]


def loaded(dialog: EndFrameCompare) -> bool:
    return all(not label.pixmap().isNull() for label in (dialog.end_picture, dialog.last_picture))


async def test_a_clip_that_missed_its_end_frame_shows_both_pictures_side_by_side(
    qtbot: QtBot, drops_the_end_frame: EmulatorThread, tmp_path: Path
) -> None:
    start, end = tmp_path / "dawn.png", tmp_path / "dusk.png"
    start.write_bytes(START)
    end.write_bytes(END)
    async with running_app(qtbot, drops_the_end_frame) as veo:
        record = await two_frame_clip(qtbot, veo, start, end)
        await until(lambda: veo.model.record_at(0).end_frame_match is False, "the end frame's check")
        record = veo.model.record_at(0)
        # The row offers it as a button (the row says what went wrong) and in its menu.
        spoken = veo.model.index(0).data(Qt.ItemDataRole.AccessibleTextRole)
        assert "Compare end frames… shows your end frame beside the clip's last frame" in spoken
        menu = veo.window.task_menu_for(0)
        action = entry(menu, COMPARE)
        assert action.text() == "Compare end frames…" and action.isEnabled()
        action.trigger()
        await until(lambda: len(comparisons(veo.window)) == 1, "the comparison")
        [dialog] = comparisons(veo.window)
        assert not dialog.isModal()  # the list stays usable beside it
        await until(lambda: loaded(dialog), "both pictures")
        _first, last, _count = clip_ends(Path(record.output_path).read_bytes())
        shown_end, shown_last = pixels(dialog.end_picture), pixels(dialog.last_picture)
        # "Your end frame" is the end frame sent; "The clip's last frame" is the saved clip's last one.
        assert difference(shown_end, decoded(END)) < 8
        assert difference(shown_last, last) < 8
        assert difference(shown_end, shown_last) > 40  # the service kept the start frame only
        assert difference(shown_last, decoded(START)) < difference(shown_last, decoded(END))
        texts = [label.text() for label in dialog.findChildren(QLabel)]
        assert "Your end frame" in texts and "The clip's last frame" in texts
        distance = dialog.distance.text()
        assert f"{record.end_frame_distance:.1f}" in distance
        assert "The service did not end this clip on your end frame." in distance
        assert distance.startswith(("Clearly different", "Very different"))
        # Asked again (the row's own button): the one open is raised, not a second one.
        viewport = veo.window.task_list.viewport()
        index = veo.model.index(0)
        option_rect = veo.window.task_list.visualRect(index)
        rects = {a: r for a, _l, r in action_rects(option_rect, record, viewport.fontMetrics())}
        assert "compare_end_frames" in rects, sorted(rects)
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rects["compare_end_frames"].center())
        await until(lambda: veo.window.findChild(EndFrameCompare) is dialog, "the same comparison")
        assert comparisons(veo.window) == [dialog]
        dialog.close()
        await until(lambda: not comparisons(veo.window), "the comparison to close")

        # A one-frame clip: nothing to compare, no such entry and no such button.
        veo.controller.end_images.put(None, Framing())
        choose_model(veo, FAST)
        veo.window.form.prompt.setPlainText("a harbour")
        assert veo.window.form.generate.isEnabled()
        qtbot.mouseClick(veo.window.form.generate, Qt.MouseButton.LeftButton)
        one = await finished(veo, 2)
        assert not one.end_image_copy and one.end_frame_match is None
        assert COMPARE not in names(veo.window.task_menu_for(0))
        assert "compare_end_frames" not in [a.action for a in row_actions(one)]
        assert COMPARE in names(veo.window.task_menu_for(1))  # the two-frame clip's row still has it


def names(menu: QMenu) -> list[str]:
    return [action.objectName() for action in menu.actions()]


TWO_FRAME = TaskRecord(
    1,
    "completed",
    "dawn to dusk",
    "veo-3.1-landscape-fast-fl",
    "8",
    "720p",
    "16:9",
    output_path="/videos/dusk.mp4",
    image_copy="/refs/a.png",
    end_image_copy="/refs/b.png",
    end_image_sha256="b" * 64,
)


def two_frame(**fields: Any) -> TaskRecord:
    return replace(TWO_FRAME, **fields)


@pytest.mark.parametrize(
    ("record", "in_menu", "as_button"),
    [
        (two_frame(end_frame_match=False, end_frame_distance=87.0), True, True),
        (two_frame(end_frame_match=True, end_frame_distance=3.2), True, False),  # offered, not pressed
        (two_frame(), False, False),  # not checked (yet): nothing to say
        (two_frame(state="in_progress", output_path=""), False, False),
        (two_frame(end_image_copy="", end_image_sha256="", end_frame_match=None), False, False),
    ],
)
def test_which_rows_offer_the_comparison(
    qtbot: QtBot, record: TaskRecord, in_menu: bool, as_button: bool
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    menu = task_menu(parent, record, outage=False, advice=lambda _a, _r: "", act=lambda _a: None)
    assert (COMPARE in names(menu)) == in_menu
    assert ("compare_end_frames" in [a.action for a in row_actions(record)]) == as_button


def test_the_distance_is_said_in_words() -> None:
    missed = distance_text(two_frame(end_frame_match=False, end_frame_distance=87.04))
    assert missed == (
        "Clearly different: they differ by 87.0 on a scale from 0 (the same) to 255 (opposite). "
        "The service did not end this clip on your end frame."
    )
    ended = distance_text(two_frame(end_frame_match=True, end_frame_distance=2.5))
    assert ended.startswith("Almost the same picture: they differ by 2.5")
    assert ended.endswith("The clip ends on your end frame.")


def test_the_words_follow_the_verdict_whatever_the_distance() -> None:
    """A last frame close in distance but judged not the end frame (nearer the start frame) is never
    called alike, nor one judged the end frame different."""
    missed = distance_text(two_frame(end_frame_match=False, end_frame_distance=21.2))
    assert missed.startswith("Clearly different: they differ by 21.2")
    assert missed.endswith("The service did not end this clip on your end frame.")
    far = distance_text(two_frame(end_frame_match=False, end_frame_distance=103.5))
    assert far.startswith("Very different: they differ by 103.5")
    alike = distance_text(two_frame(end_frame_match=True, end_frame_distance=22.5))
    assert alike.startswith("Alike: they differ by 22.5")
    assert alike.endswith("The clip ends on your end frame.")


async def test_a_clip_gone_from_disk_is_said_in_its_place(qtbot: QtBot, tmp_path: Path) -> None:
    end = tmp_path / "b.png"
    end.write_bytes(END)
    record = two_frame(end_image_copy=str(end), output_path=str(tmp_path / "dusk.mp4"), end_frame_match=False)
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = EndFrameCompare(parent, record)
    await dialog.load()
    assert difference(pixels(dialog.end_picture), decoded(END)) < 8
    assert dialog.last_picture.pixmap().isNull()
    assert dialog.last_picture.text() == "The clip cannot be read: dusk.mp4: there is no such file"
