"""The player's clock and keys: the clock shows hundredths when paused (every frame step shows), a
sequence's clock counts its film; Space plays anywhere but a text field, K pauses, J and L and the
arrows skip 5 s; full screen has a bar that says how to leave, and Esc leaves; Help lists the keys."""

from __future__ import annotations

import contextlib
import itertools
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QListWidget, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import until
from tests.helpers.clips import make_clip
from tests.helpers.gui import running_app
from veo_desktop.gui.player.preview import PreviewPanel
from veo_desktop.gui.shell.shortcuts_help import ShortcutsDialog

PAUSED_CLOCK = re.compile(r"^\d+:\d\d\.\d\d / \d+:\d\d$")
PLAYING_CLOCK = re.compile(r"^\d+:\d\d / \d+:\d\d$")


@pytest.fixture
def long_clip(tmp_path: Path) -> Path:
    """Twelve seconds at 12 frames a second: room to skip 5 s either way."""
    return make_clip(tmp_path / "long.mp4", frames=144, fps=12, audio=False)


class Host(QWidget):
    """A window with the player, a text field and a list beside it, as the main window has."""

    def __init__(self) -> None:
        super().__init__()
        self.field = QLineEdit(self)
        self.list = QListWidget(self)
        self.list.addItems(["one", "two"])
        self.button = QPushButton("Press", self)
        self.presses = 0
        self.button.clicked.connect(self._pressed)
        self.preview = PreviewPanel(self)
        row = QHBoxLayout(self)
        row.addWidget(self.field)
        row.addWidget(self.list)
        row.addWidget(self.button)
        row.addWidget(self.preview, 1)

    def _pressed(self) -> None:
        self.presses += 1


@contextlib.asynccontextmanager
async def hosted(qtbot: QtBot, clip: Path) -> AsyncIterator[Host]:
    host = Host()
    qtbot.addWidget(host)
    host.resize(900, 420)
    host.show()
    host.activateWindow()
    await until(host.isActiveWindow, "the window to be active")
    preview = host.preview
    try:
        preview.play_file(clip)
        await until(lambda: preview.seek.maximum() > 10_000, "the clip's length")
        await until(lambda: preview.play_button.text() == "Pause", "playback")
        yield host
    finally:
        preview.stop()


def position(preview: PreviewPanel) -> int:
    assert preview.player is not None
    return preview.player.position()


async def test_the_clock_shows_every_frame_step_and_the_keys_play_pause_and_skip(
    qtbot: QtBot, long_clip: Path
) -> None:
    async with hosted(qtbot, long_clip) as host:
        preview = host.preview
        await until(lambda: PLAYING_CLOCK.match(preview.time.text()), "m:ss while playing")
        host.list.setFocus()
        qtbot.keyClick(host.list, Qt.Key.Key_K)  # K pauses, from anywhere in the window
        await until(lambda: preview.play_button.text() == "Play", "K to pause")
        await until(lambda: PAUSED_CLOCK.match(preview.time.text()), "hundredths when paused")
        shown = [preview.time.text()]
        preview.play_button.setFocus()
        for _ in range(3):
            qtbot.keyClick(preview.play_button, ".")
            target = preview.position_ms()
            await until(lambda t=target: position(preview) == t, "the step")  # type: ignore[misc]
            shown.append(preview.time.text())
        qtbot.keyClick(preview.play_button, ",")
        shown.append(preview.time.text())
        assert all(a != b for a, b in itertools.pairwise(shown)), shown  # each step shows
        assert shown[-1] == shown[-3]  # a step back shows the frame before again
        assert all(PAUSED_CLOCK.match(text) for text in shown), shown

        # L and J skip 5 s (paused, it stays paused); the arrows too, in the player.
        start = position(preview)
        qtbot.keyClick(host.list, Qt.Key.Key_L)
        await until(lambda: abs(position(preview) - (start + 5000)) < 100, "L: 5 s on")
        assert preview.play_button.text() == "Play"
        assert preview.time.text().startswith(f"0:0{(start + 5000) // 1000}.")
        qtbot.keyClick(host.list, Qt.Key.Key_J)
        await until(lambda: abs(position(preview) - start) < 100, "J: 5 s back")
        qtbot.keyClick(preview.play_button, Qt.Key.Key_Right)
        await until(lambda: abs(position(preview) - (start + 5000)) < 100, "Right: 5 s on")
        qtbot.keyClick(preview.play_button, Qt.Key.Key_Left)
        await until(lambda: abs(position(preview) - start) < 100, "Left: 5 s back")
        qtbot.keyClick(host.list, Qt.Key.Key_J)
        await until(lambda: position(preview) == 0, "J never goes before the start")

        # Space: typed in a text field, plays or pauses anywhere else.
        host.field.setFocus()
        qtbot.keyClick(host.field, Qt.Key.Key_Space)
        assert host.field.text() == " "
        assert preview.play_button.text() == "Play"
        host.list.setFocus()
        qtbot.keyClick(host.list, Qt.Key.Key_Space)
        await until(lambda: preview.play_button.text() == "Pause", "Space to play")
        await until(lambda: PLAYING_CLOCK.match(preview.time.text()), "whole seconds again")
        qtbot.keyClick(host.list, Qt.Key.Key_Space)
        await until(lambda: preview.play_button.text() == "Play", "Space to pause")
        host.button.setFocus()  # a focused button is still pressed by Space, as ever
        qtbot.keyClick(host.button, Qt.Key.Key_Space)
        await until(lambda: host.presses == 1, "Space to press the button")
        assert preview.play_button.text() == "Play"
        preview.volume.setEnabled(True)  # greyed out on a machine without a sound device
        preview.volume.setFocus()  # on the volume, the arrows still turn the sound
        before = position(preview)
        qtbot.keyClick(preview.volume, Qt.Key.Key_Left)
        assert preview.volume.value() == 79 and position(preview) == before


async def test_a_sequence_shows_the_film_time(qtbot: QtBot, tmp_path: Path) -> None:
    clips = [make_clip(tmp_path / f"{n}.mp4", n, frames=24, fps=12) for n in range(3)]  # 2 s each
    preview = PreviewPanel()
    qtbot.addWidget(preview)
    preview.show()
    try:
        preview.play_files(clips)
        with qtbot.waitSignal(preview.clipStarted, timeout=20_000, check_params_cb=lambda place: place == 2):
            pass
        await until(lambda: preview.time.text().endswith("/ 0:06"), "the film's length")
        await until(lambda: preview.time.text().startswith(("0:04", "0:05")), "the film's time")
    finally:
        preview.stop()


# The offscreen platform cannot move the video into a window of its own and back: it says so.
@pytest.mark.qt_log_ignore("This plugin does not support setParent", "This plugin does not support lower")
async def test_full_screen_has_a_bar_that_says_how_to_leave_and_esc_leaves(
    qtbot: QtBot, long_clip: Path
) -> None:
    async with hosted(qtbot, long_clip) as host:
        preview = host.preview
        qtbot.keyClick(preview.play_button, Qt.Key.Key_F)
        view = preview.full_view
        assert view is not None and preview.is_full_screen()
        await until(lambda: view.isVisible() and view.isFullScreen(), "full screen")
        assert view.video is preview.video
        assert view.bar.isVisible() and "Esc" in view.hint.text()
        assert view.play_button.text() == "Pause"
        view.timer.setInterval(50)  # a few seconds, made short: while it plays, the bar goes away
        await until(lambda: not view.bar.isVisible(), "the bar to hide while playing")
        qtbot.mouseMove(view, view.rect().center())
        await until(view.bar.isVisible, "a mouse move to bring the bar back")
        view.activateWindow()
        await until(view.isActiveWindow, "the full-screen window to have the keys")
        qtbot.keyClick(view, Qt.Key.Key_Space)
        await until(lambda: view.play_button.text() == "Play", "Space to pause, full screen")
        assert PAUSED_CLOCK.match(view.time.text())
        start = position(preview)
        qtbot.keyClick(view, Qt.Key.Key_L)
        await until(lambda: abs(position(preview) - (start + 5000)) < 100, "L, full screen")
        await until(lambda: view.seek.value() == position(preview), "the bar's position")
        qtbot.keyClick(view, Qt.Key.Key_Escape)
        await until(lambda: not view.isVisible(), "Esc to leave full screen")
        assert not preview.is_full_screen()
        assert preview.stack.currentWidget() is preview.video  # the video back in its place


async def test_help_lists_the_keys_and_space_in_the_prompt_types(qtbot: QtBot, long_clip: Path) -> None:
    async with running_app(qtbot, None) as veo:
        preview = veo.window.preview
        preview.play_file(long_clip)
        await until(lambda: preview.play_button.text() == "Pause", "playback")
        prompt = veo.window.form.prompt
        prompt.setFocus()
        qtbot.keyClick(prompt, Qt.Key.Key_Space)
        qtbot.keyClick(prompt, Qt.Key.Key_K)
        assert prompt.toPlainText() == " k"
        assert preview.play_button.text() == "Pause"
        veo.window.task_list.setFocus()
        qtbot.keyClick(veo.window.task_list, Qt.Key.Key_Space)
        await until(lambda: preview.play_button.text() == "Play", "Space in the list pauses")

        veo.window.shortcuts_action.trigger()
        dialog = veo.window.findChild(ShortcutsDialog)
        assert dialog is not None and dialog.isVisible()
        rows = dict(dialog.rows())
        assert rows["Space"].startswith("Play or pause") and rows["J"] == "Back 5 seconds"
        assert rows["L"] == "Forward 5 seconds" and "Esc" in rows and "." in rows
        dialog.reject()
