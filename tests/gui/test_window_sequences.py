"""Sequences in the window (issue 18): continue a clip from its last frame, take any frame from the
preview (start frame, end frame, PNG) and step frame by frame, and put clips in a sequence that is
reordered by dragging, played in the preview and exported as one film (or cancelled, leaving nothing).

Frames are compared decoded: the clips' frames are flat colours that say which clip and which frame
they are, and the emulator's Flow clips move from their start frame to their end frame."""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import av
import pytest
from PIL import Image, ImageChops
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import fast_config, until
from tests.helpers.clips import colours, near
from tests.helpers.gui import attach, choose_model, drop, entry, file_mime, running_app, shows
from veo_desktop.api import rules
from veo_desktop.core.clips.clip_frames import frame_at
from veo_desktop.core.clips.continuing import continuable
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.player.preview import PreviewPanel
from veo_desktop.gui.shell.app import App

FAST_FLOW = rules.CHOICES["Veo 3.1 Fast · Flow"]
RED, BLUE, GREEN, YELLOW = (220, 30, 30), (30, 40, 220), (30, 200, 60), (230, 210, 30)


def picture(path: Path, colour: tuple[int, int, int], size: tuple[int, int] = (320, 180)) -> Path:
    Image.new("RGB", size, colour).save(path)
    return path


def centre(image: Image.Image) -> tuple[int, int, int]:
    rgb = image.convert("RGB")
    found = rgb.getpixel((rgb.width // 2, rgb.height // 2))
    assert isinstance(found, tuple)
    return found[0], found[1], found[2]


def same_pixels(a: Image.Image, b: Image.Image) -> bool:
    return a.size == b.size and ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox() is None


def opened(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGB")


async def make_video(
    qtbot: QtBot, veo: App, prompt: str, start: Path | None, end: Path | None = None
) -> TaskRecord:
    """What a user does: the frames, the prompt, Generate; the finished task."""
    form = veo.window.form
    count = veo.model.rowCount()
    await until(lambda: not veo.controller.form.submitting, "the last submission")
    if start is not None:
        drop(veo.window.drop_zone, file_mime(start))
        await until(lambda: shows(veo.controller.images.image, start), "the start frame")
    if end is not None:
        drop(veo.window.end_zone, file_mime(end))
        await until(lambda: shows(veo.controller.end_images.image, end), "the end frame")
    form.prompt.clear()
    qtbot.keyClicks(form.prompt, prompt)
    await until(lambda: form.generate.isEnabled(), "Generate enabled")
    qtbot.mouseClick(form.generate, Qt.MouseButton.LeftButton)
    await until(lambda: veo.model.rowCount() == count + 1, "the new task")
    await until(lambda: veo.model.record_at(0).state in ("completed", "failed"), "the video", 60)
    record = veo.model.record_at(0)
    assert record.state == "completed", record.last_error
    return record


async def chosen_file(veo: App, name: str, path: Path) -> None:
    """Answer the save dialog ``name`` with ``path``, as a user typing the name and pressing Save."""
    await until(lambda: veo.window.findChild(QFileDialog, name) is not None, f"the {name}")
    dialog = veo.window.findChild(QFileDialog, name)
    assert isinstance(dialog, QFileDialog)
    name_box = dialog.findChild(QLineEdit, "fileNameEdit")  # Qt's own dialog (no native one offscreen)
    assert isinstance(name_box, QLineEdit)
    name_box.setText(str(path))
    dialog.accept()


# ----- continuing a clip --------------------------------------------------------------------------


async def test_continue_takes_the_last_frame_keeps_the_settings_and_links_the_parent(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        choose_model(veo, FAST_FLOW)
        red, blue = picture(tmp_path / "red.png", RED), picture(tmp_path / "blue.png", BLUE)
        parent = await make_video(qtbot, veo, "dusk falls", red, blue)
        video = Path(parent.output_path)
        first, last = frame_at(video, 0.0), frame_at(video)
        assert not near(centre(first), centre(last), 40)  # the clip moves from red to blue
        entry(veo.window.gallery.menu_for(0), "task_sequence_add").trigger()
        assert [r.id for r in veo.window.sequence.model.records()] == [parent.id]

        menu = veo.window.task_menu_for(0)
        continue_action = entry(menu, "task_continue")
        assert continue_action.isEnabled() and continue_action.text() == "Continue from here"
        continue_action.trigger()
        form = veo.controller.form
        await until(
            lambda: form.continuing is not None and not veo.controller.frames.loading, "the last frame"
        )
        start = veo.controller.images.image
        assert start is not None and start.source_name == f"last-frame-{parent.task_id}.png"
        assert same_pixels(opened(start.reference.data), last)  # the last frame, decoded, not the first
        assert veo.controller.end_images.image is None
        assert veo.window.form.prompt_text() == "" and veo.window.form.prompt.hasFocus()
        assert veo.window.form.value("model") == FAST_FLOW  # the parent's settings stay

        qtbot.keyClicks(veo.window.form.prompt, "night comes")
        await until(lambda: veo.window.form.generate.isEnabled(), "Generate enabled")
        qtbot.mouseClick(veo.window.form.generate, Qt.MouseButton.LeftButton)
        await until(lambda: veo.model.rowCount() == 2, "the continued task")
        await until(lambda: veo.model.record_at(0).state == "completed", "its video", 60)
        child = veo.model.record_at(0)
        assert child.parent_task_id == parent.task_id and child.prompt == "night comes"
        sent = emulator.server.submissions[-1].submission
        assert sent is not None and sent.request.model == parent.model and len(sent.frames) == 1
        uploaded = centre(opened(sent.frames[0]))
        assert near(uploaded, centre(last), 12) and not near(uploaded, centre(first), 40)
        # The continued clip joined the sequence after its parent; its chain is the same two clips.
        await until(lambda: len(veo.window.sequence.model.records()) == 2, "the child in the sequence")
        assert [r.id for r in veo.window.sequence.model.records()] == [parent.id, child.id]
        veo.window.sequence.model.set_records([])
        entry(veo.window.task_menu_for(0), "task_sequence_chain").trigger()
        chain = [parent.id, child.id]
        await until(lambda: [r.id for r in veo.window.sequence.model.records()] == chain, "the chain")


async def test_a_clip_without_its_video_cannot_be_continued_and_says_why(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        record = await make_video(qtbot, veo, "a short one", picture(tmp_path / "green.png", GREEN))
        downloading = replace(record, state="downloading")
        assert veo.window.clip_advice("continue", downloading) == continuable(downloading) != ""
        veo.window.preview.stop()
        Path(record.output_path).unlink()
        reason = continuable(record)
        assert "is no longer at" in reason
        for menu in (veo.window.task_menu_for(0), veo.window.gallery.menu_for(0)):
            action = entry(menu, "task_continue")
            assert not action.isEnabled() and action.toolTip() == reason
            assert not entry(menu, "task_sequence_add").isEnabled()
        veo.controller.preview.show(record)
        tools = veo.window.preview.tools
        assert not tools.continue_button.isEnabled() and tools.continue_button.toolTip() == reason
        veo.controller.continuing.continue_from(record)  # asked anyway: it says why, nothing changes
        assert veo.window.statusBar().currentMessage() == reason
        assert veo.controller.form.continuing is None
    assert len(emulator.server.submissions) == 1


# ----- taking a frame from the preview -------------------------------------------------------------


STEP = 10  # how much redder each frame of a counted clip is


def counted_clip(path: Path, frames: int = 24, fps: int = 12) -> Path:
    """A silent clip whose frame ``k`` is flat (STEP * k, 100, 128): easy to tell frames apart."""
    with av.open(str(path), mode="w", format="mp4") as out:
        video = out.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = 128, 72, "yuv420p"
        video.options = {"preset": "ultrafast", "qp": "0"}
        for index in range(frames):
            frame = av.VideoFrame.from_image(Image.new("RGB", (128, 72), (STEP * index, 100, 128)))
            frame.pts = index
            frame.time_base = Fraction(1, fps)
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
    return path


def shown_frame(preview: PreviewPanel) -> int:
    """Which frame of a counted clip the player shows."""
    assert preview.video is not None
    image = preview.video.videoSink().videoFrame().toImage()
    return round(image.pixelColor(image.width() // 2, image.height() // 2).red() / STEP)


def frame_number(path: Path, at_ms: int) -> int:
    """Which frame of a counted clip PyAV decodes at ``at_ms``."""
    return round(centre(frame_at(path, at_ms / 1000))[0] / STEP)


async def arrived(preview: PreviewPanel, clip: Path, target: int) -> int:
    """Wait for the player to reach a step's ``target`` and show the frame PyAV decodes there; its number."""
    await until(lambda: preview.player is not None and preview.player.position() == target, "the step")
    number = frame_number(clip, target)
    await until(lambda: shown_frame(preview) == number, f"frame {number} on screen")
    return number


async def test_the_preview_steps_frame_by_frame_and_gives_the_frame_shown(
    qtbot: QtBot, tmp_path: Path
) -> None:
    clip = counted_clip(tmp_path / "counted.mp4")
    async with running_app(qtbot, None) as veo:
        preview = veo.window.preview
        preview.play_file(clip)
        await until(lambda: preview.play_button.text() == "Pause", "playback")
        preview.toggle_play()
        await until(lambda: preview.play_button.text() == "Play", "the pause")
        preview.play_button.setFocus()
        steps: list[int] = []
        keys: list[Callable[[], None]] = [
            lambda: qtbot.keyClick(preview.play_button, "."),
            lambda: qtbot.keyClick(preview.play_button, "."),
            lambda: qtbot.mouseClick(preview.step_button, Qt.MouseButton.LeftButton),
            lambda: qtbot.keyClick(preview.play_button, ","),
            lambda: qtbot.mouseClick(preview.back_button, Qt.MouseButton.LeftButton),
        ]
        for press in keys:
            before = preview.position_ms()
            press()
            target = preview.position_ms()
            assert target != before
            steps.append(await arrived(preview, clip, target))
        assert [b - a for a, b in itertools.pairwise(steps)] == [1, 1, -1, -1]
        at = preview.position_ms()
        decoded = frame_at(clip, at / 1000)
        assert near(centre(decoded), (STEP * steps[-1], 100, 128), 4)

        preview.tools.use_start.trigger()
        await until(lambda: veo.controller.images.image is not None, "the start frame")
        start = veo.controller.images.image
        assert start is not None and same_pixels(opened(start.reference.data), decoded)

        preview.tools.menuOpening.emit()  # the model chosen takes no end frame: greyed, with the reason
        assert (
            not preview.tools.use_end.isEnabled() and "takes no end frame" in preview.tools.use_end.toolTip()
        )
        choose_model(veo, FAST_FLOW)
        preview.tools.menuOpening.emit()
        assert preview.tools.use_end.isEnabled()
        preview.tools.use_end.trigger()
        await until(lambda: veo.controller.end_images.image is not None, "the end frame")
        end = veo.controller.end_images.image
        assert end is not None and same_pixels(opened(end.reference.data), decoded)

        preview.tools.save.trigger()
        png = tmp_path / "grab.png"
        await chosen_file(veo, "saveFrameDialog", png)
        await until(png.exists, "the saved frame")
        assert same_pixels(Image.open(png), decoded)
        preview.tools.save.trigger()  # the same name again: saved beside it, nothing replaced
        await chosen_file(veo, "saveFrameDialog", png)
        await until((tmp_path / "grab-2.png").exists, "the second saved frame")
        assert same_pixels(Image.open(tmp_path / "grab-2.png"), decoded)


# ----- the sequence --------------------------------------------------------------------------------


def drag_within(widget: QWidget, mime: QMimeData, point: QPoint) -> None:
    """A drag inside the app: enter, move over ``point``, drop there."""
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    action = Qt.DropAction.MoveAction
    enter = QDragEnterEvent(point, action, mime, buttons, keys)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(widget, QDragMoveEvent(point, action, mime, buttons, keys))
    QApplication.sendEvent(widget, QDropEvent(QPointF(point), action, mime, buttons, keys))


def runs(found: list[tuple[int, int, int]], palette: list[tuple[int, int, int]]) -> list[int]:
    """Which of ``palette`` each stretch of frames shows, in order (a stretch per clip)."""
    named = [next(i for i, colour in enumerate(palette) if near(frame, colour, 30)) for frame in found]
    return [n for i, n in enumerate(named) if i == 0 or named[i - 1] != n]


async def three_clips(qtbot: QtBot, veo: App, tmp_path: Path) -> list[TaskRecord]:
    palette = [RED, GREEN, BLUE]
    made = []
    for number, colour in enumerate(palette):
        made.append(
            await make_video(qtbot, veo, f"clip {number}", picture(tmp_path / f"{number}.png", colour))
        )
    for record in made:  # "Add to sequence" on each task row, oldest first
        row = veo.model.row_of(record.id)
        entry(veo.window.task_menu_for(row), "task_sequence_add").trigger()
    return made


async def test_a_sequence_is_reordered_by_dragging_played_and_exported(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        a, b, c = await three_clips(qtbot, veo, tmp_path)
        view = veo.window.sequence
        assert veo.window.tabs.currentWidget() is view
        assert [r.id for r in view.model.records()] == [a.id, b.id, c.id]
        assert view.summary.text().startswith("3 clips")
        # Drag the first poster past the last one: B, C, A.
        strip = view.strip
        last = strip.visualRect(view.model.index(2))
        drag_within(
            strip.viewport(), view.model.mimeData([view.model.index(0)]), last.center() + QPoint(20, 0)
        )
        assert [r.id for r in view.model.records()] == [b.id, c.id, a.id]
        assert view.model.index(0).data() == "1. clip 1"
        # Play: the player goes through the three, in that order.
        preview = veo.window.preview
        assert preview.player is not None  # the last video arrived and played
        started: list[str] = []
        preview.player.sourceChanged.connect(lambda url: started.append(Path(url.toLocalFile()).name))
        qtbot.mouseClick(view.play, Qt.MouseButton.LeftButton)
        names = [Path(r.output_path).name for r in (b, c, a)]
        await until(lambda: started[:3] == names, f"the three clips played in order ({started})", 40)
        # Export: the film holds the clips' frames in the new order.
        qtbot.mouseClick(view.export, Qt.MouseButton.LeftButton)
        film = tmp_path / "film.mp4"
        await chosen_file(veo, "exportFilmDialog", film)
        await until(lambda: view.result.text().startswith("Saved"), "the film", 60)
        assert str(film) in view.result.text() and view.reveal.isVisibleTo(view)
        assert view.export.isEnabled() and not view.progress.isVisibleTo(view)
        found = colours(film)
        assert runs(found, [RED, GREEN, BLUE]) == [1, 2, 0]
        assert len(found) == sum(len(colours(Path(r.output_path))) for r in (a, b, c))
        sidecar = json.loads(film.with_suffix(".json").read_text())
        assert [clip["task_id"] for clip in sidecar["clips"]] == [b.task_id, c.task_id, a.task_id]


@pytest.fixture
def slow_emulator() -> EmulatorThread:
    """Bigger clips: an export that is encoded again takes long enough to be cancelled half-way."""
    return EmulatorThread(fast_config(fps=24, short_side=360), FaultPlan(seed=1))


async def test_a_cancelled_export_leaves_nothing_behind(
    qtbot: QtBot, slow_emulator: EmulatorThread, tmp_path: Path
) -> None:
    slow_emulator.start()
    try:
        async with running_app(qtbot, None) as veo:
            attach(veo, slow_emulator)
            portrait = veo.window.form.combos["aspect_ratio"]
            await three_clips(qtbot, veo, tmp_path)
            # A fourth clip of another shape: the film must be encoded again (with progress).
            portrait.setCurrentIndex(portrait.findData("9:16", Qt.ItemDataRole.UserRole))
            tall = await make_video(qtbot, veo, "tall", picture(tmp_path / "y.png", YELLOW, (180, 320)))
            veo.controller.sequence.add([tall])
            view = veo.window.sequence
            assert len(view.model.records()) == 4
            view.select(0)  # the first clip goes: Delete on the strip
            qtbot.keyClick(view.strip, Qt.Key.Key_Delete)
            assert [r.prompt for r in view.model.records()] == ["clip 1", "clip 2", "tall"]
            folder = tmp_path / "films"
            folder.mkdir()
            qtbot.mouseClick(view.export, Qt.MouseButton.LeftButton)
            await chosen_file(veo, "exportFilmDialog", folder / "film.mp4")
            await until(lambda: view.progress.value() > 0, "the encoding under way", 60)
            assert not view.export.isEnabled()
            qtbot.mouseClick(view.cancel, Qt.MouseButton.LeftButton)
            await until(
                lambda: view.result.text() == "Export cancelled; nothing was written", "the cancel", 60
            )
            assert list(folder.iterdir()) == []
            assert not view.progress.isVisibleTo(view) and view.export.isEnabled()
    finally:
        slow_emulator.stop()
