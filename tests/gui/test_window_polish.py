"""Issue 20's rough edges, on the real window: the offline demo's prices read "free (demo)", a greyed-out
choice says why under its list, the player (a click on the seek bar, Space and F in full screen, a
caption naming the clip), the tab order, quitting with tasks running, and the last prompt and image
coming back."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tests.conftest import fast_config, until
from tests.helpers.gui import generate, row_texts, running_app
from veo_desktop.api import rules
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.render import render_clip
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.player.preview import PreviewPanel


def pick(combo_owner: object, field_name: rules.Field, value: str) -> None:
    combo = combo_owner.combos[field_name]  # type: ignore[attr-defined]
    combo.setCurrentIndex(combo.findData(value, Qt.ItemDataRole.UserRole))


async def test_in_the_offline_demo_every_price_reads_free(qtbot: QtBot, photo: Path) -> None:
    async with running_app(qtbot, None) as veo:
        form = veo.window.form
        assert form.cost.text().startswith("This video: $")  # no session yet: the real prices
        veo.start_demo()
        assert veo.controller.session is not None and veo.controller.session.connection.demo
        assert form.cost.text() == "This video: free (demo)"
        combo = form.combos["model"]
        items = [combo.itemText(row) for row in range(combo.count())]
        assert items and all(text.endswith("— free (demo)") and "$" not in text for text in items), items
        pick(form, "model", rules.DEFAULT_MODEL)
        panel = veo.window.end_panel  # this model takes no end frame: the panel names one that does
        assert panel.switch.isVisibleTo(veo.window) and panel.switch.text().endswith("— free (demo)")
        assert "$" not in panel.reason.text() and "free (demo)" in panel.reason.text()
        veo.controller.images.take_files([photo])
        await until(lambda: veo.controller.images.image is not None, "the image")
        qtbot.keyClicks(form.prompt, "demo motion")
        qtbot.mouseClick(form.generate, Qt.MouseButton.LeftButton)
        await until(lambda: veo.model.rowCount() == 1, "the demo task")
        texts = " ".join(row_texts(veo.window.task_list, 0))
        assert "free (demo)" in texts and "$" not in texts, texts


async def test_a_greyed_out_choice_says_why_under_its_list(qtbot: QtBot) -> None:
    async with running_app(qtbot, None) as veo:
        form = veo.window.form
        pick(form, "model", rules.DEFAULT_MODEL)
        pick(form, "resolution", "720p")
        assert not form.greyed["seconds"].isVisibleTo(form)  # every length can be had
        pick(form, "resolution", "1080p")
        why = form.greyed["seconds"]
        assert why.isVisibleTo(form)
        assert why.text() == "4 s, 6 s: 1080p videos need 8 seconds"
        pick(form, "resolution", "720p")
        assert not why.isVisibleTo(form)


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    """A two-second clip made by the emulator's renderer."""
    path = tmp_path / "clip.mp4"
    path.write_bytes(render_clip(seconds=2, aspect_ratio="16:9", image=None, prompt="frames"))
    return path


@contextlib.asynccontextmanager
async def playing(qtbot: QtBot, clip: Path) -> AsyncIterator[PreviewPanel]:
    preview = PreviewPanel()
    qtbot.addWidget(preview)
    preview.resize(640, 420)
    preview.show()
    try:
        preview.play_file(clip)
        await until(lambda: preview.seek.maximum() > 1500, "the clip's length")
        yield preview
    finally:
        preview.stop()


async def test_a_click_on_the_seek_bar_jumps_there(qtbot: QtBot, clip: Path) -> None:
    async with playing(qtbot, clip) as preview:
        player = preview.player
        assert player is not None
        preview.loop_button.setChecked(False)
        preview.toggle_play()
        await until(lambda: preview.play_button.text() == "Play", "the pause")
        seek = preview.seek
        at = QPoint(round(seek.width() * 0.75), seek.height() // 2)
        wanted = seek.position_at(at.x())
        assert abs(wanted - seek.maximum() * 0.75) < seek.maximum() * 0.1  # about three quarters in
        qtbot.mouseClick(seek, Qt.MouseButton.LeftButton, pos=at)
        await until(lambda: abs(player.position() - wanted) < 150, f"the player at {wanted} ms", 10)
        assert abs(seek.value() - wanted) < 150  # the handle went there too, not one page on


# The offscreen platform cannot move the video into a window of its own and back: it says so.
@pytest.mark.qt_log_ignore("This plugin does not support setParent", "This plugin does not support lower")
async def test_space_and_f_work_in_full_screen(qtbot: QtBot, clip: Path) -> None:
    async with playing(qtbot, clip) as preview:
        await until(lambda: preview.play_button.text() == "Pause", "playing")
        preview.toggle_full_screen()
        full = preview.full_view  # the video goes into a full-screen window with a bar
        assert full is not None and full.video is preview.video
        await until(lambda: full.isVisible() and full.isFullScreen(), "full screen")
        full.activateWindow()
        await until(full.isActiveWindow, "the full-screen video to have the keys")
        qtbot.keyClick(full, Qt.Key.Key_Space)
        await until(lambda: preview.play_button.text() == "Play", "Space to pause")
        qtbot.keyClick(full, Qt.Key.Key_Space)
        await until(lambda: preview.play_button.text() == "Pause", "Space to play again")
        qtbot.keyClick(full, Qt.Key.Key_F)
        await until(lambda: not full.isVisible(), "F to leave full screen")
        preview.activateWindow()
        await until(preview.isActiveWindow, "the window back")
        preview.play_button.setFocus()
        qtbot.keyClick(preview.play_button, Qt.Key.Key_F)  # in the window the panel's own F still works
        await until(lambda: full.isVisible() and full.isFullScreen(), "F to fill the screen again")
        preview.toggle_full_screen()


async def test_a_caption_says_which_task_is_playing(
    qtbot: QtBot, emulator: EmulatorThread, photo: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        preview = veo.window.preview
        assert not preview.caption.isVisibleTo(veo.window)
        await generate(qtbot, veo, photo, "a lighthouse at dusk, the camera rising slowly")
        await until(lambda: preview.play_button.text() == "Pause", "the video playing", 60)
        assert preview.caption.isVisibleTo(veo.window)
        text = preview.caption.full_text()
        assert text.startswith(
            "Playing: a lighthouse at dusk, the camera rising slowly · 720p · 16:9 · 8 s"
        ), text
        assert preview.caption.toolTip() == "a lighthouse at dusk, the camera rising slowly"


async def test_tab_goes_as_the_screen_reads_and_shows_where_it_is(qtbot: QtBot) -> None:
    async with running_app(qtbot, None) as veo:
        veo.start_demo()
        window, form = veo.window, veo.window.form
        qtbot.keyClicks(form.prompt, "the camera rises")
        await until(form.generate.isEnabled, "Generate to be possible")
        form.advanced_toggle.setChecked(True)
        zone = window.drop_zone
        zone.clearFocus()
        unfocused = zone.grab().toImage()
        zone.setFocus(Qt.FocusReason.TabFocusReason)
        await until(zone.hasFocus, "the drop zone to have the focus")
        assert zone.grab().toImage() != unfocused, "the drop zone does not show it has the focus"
        stops = []
        for _ in range(30):
            widget = QApplication.focusWidget()
            assert widget is not None
            stops.append(widget.objectName())
            if widget is form.generate:
                break
            qtbot.keyClick(widget, Qt.Key.Key_Tab)
        assert stops == [
            "dropZone",
            "endFrameSwitch",  # this model takes no end frame: its drop zone is greyed, the switch is not
            "promptsButton",
            "savePromptButton",
            "prompt",
            "advancedToggle",
            "negativePrompt",
            "seed",
            "modelCombo",
            "secondsCombo",
            "resolutionCombo",
            "aspect_ratioCombo",
            "generateButton",
        ]


class _FromTheWindowSystem(QCloseEvent):
    """A close the desktop asks for (the window's close button), as Qt marks it."""

    def spontaneous(self) -> bool:
        return True


async def test_quitting_with_a_video_being_made_says_it_will_resume(qtbot: QtBot, photo: Path) -> None:
    slow = EmulatorThread(fast_config(render_seconds=120), FaultPlan(seed=1))
    slow.start()
    try:
        async with running_app(qtbot, slow) as veo:
            window = veo.window
            quit_action = window.findChild(QAction, "quitAction")
            assert quit_action is not None
            quit_action.trigger()  # nothing being made: it just quits
            assert not window.isVisible()
            window.show()
            window.activateWindow()
            await generate(qtbot, veo, photo, "slow motion")
            await until(lambda: veo.model.rowCount() == 1 and veo.model.record_at(0).task_id, "the task sent")

            def told() -> QMessageBox | None:
                return window.findChild(QMessageBox, "quitWhileRunning")

            quit_action.trigger()
            await until(told, "the note")
            box = told()
            assert box is not None and window.isVisible()
            assert box.text().startswith("A video is still being made. It will resume the next time")
            box.buttons()[-1].click()  # Keep working
            await until(lambda: told() is None, "the note to go")
            assert window.isVisible()
            close_button = _FromTheWindowSystem()
            window.closeEvent(close_button)  # the window's close button: it asks too
            assert not close_button.isAccepted()
            await until(told, "the note again")
            box = told()
            assert box is not None and window.isVisible()
            qtbot.mouseClick(box.buttons()[0], Qt.MouseButton.LeftButton)  # Quit
            await until(lambda: not window.isVisible(), "the window to close")
    finally:
        slow.stop()


async def test_the_last_prompt_and_frames_come_back_on_reopen(
    qtbot: QtBot, photo: Path, tmp_path: Path
) -> None:
    night = tmp_path / "night.png"
    night.write_bytes(photo.read_bytes())
    async with running_app(qtbot, None) as veo:
        form = veo.window.form
        pick(form, "model", rules.CHOICES["Veo 3.1 Fast · Flow"])  # a model that takes an end frame
        veo.controller.images.take_files([photo])
        veo.controller.end_images.take_files([night])
        await until(lambda: veo.controller.frames.given == (True, True), "both frames")
        qtbot.keyClicks(form.prompt, "the tide comes in at dusk")
        veo.window.close()
    async with running_app(qtbot, None) as veo:  # as the app starts: the draft is put back
        veo.controller.form.restore_draft()
        assert veo.window.form.prompt_text() == "the tide comes in at dusk"
        await until(lambda: veo.controller.frames.given == (True, True), "both frames back")
        start, end = veo.controller.images.image, veo.controller.end_images.image
        assert start is not None and start.source_name == "photo.png"
        assert end is not None and end.source_name == "night.png"
        veo.controller.end_images.clear()
        night.unlink()  # a file gone since is left out, quietly
        form = veo.window.form
        form.prompt.clear()
    async with running_app(qtbot, None) as veo:
        veo.controller.form.restore_draft(start=False)  # the start frame given on the command line
        assert veo.window.form.prompt_text() == ""
        assert veo.controller.images.image is None and veo.controller.end_images.image is None
        assert veo.controller.background.names == []  # nothing is being read either
