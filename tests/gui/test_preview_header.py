"""The player's header tells the truth (issue 28): "Playing" only while the clip plays, "Paused" when
it is paused, and "Still" while the player shows the task's picture instead of the clip."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import until
from tests.helpers.gui import generate, running_app
from veo_desktop.emulator.server import EmulatorThread

PROMPT = "a lighthouse at dusk"


async def test_the_header_says_playing_paused_or_still(
    qtbot: QtBot, emulator: EmulatorThread, photo: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        preview = veo.window.preview
        await generate(qtbot, veo, photo, PROMPT)
        await until(lambda: preview.play_button.text() == "Pause", "the video playing", 60)
        await until(lambda: preview.caption.full_text().startswith(f"Playing: {PROMPT} · "), "Playing")
        qtbot.mouseClick(preview.play_button, Qt.MouseButton.LeftButton)  # pause
        await until(lambda: preview.play_button.text() == "Play", "the video paused")
        await until(lambda: preview.caption.full_text().startswith(f"Paused: {PROMPT} · "), "Paused")
        assert "Playing" not in preview.caption.full_text()
        assert preview.before_after.isEnabled()
        qtbot.mouseClick(preview.before_after, Qt.MouseButton.LeftButton)  # the task's picture
        assert preview.before_after.isChecked()
        await until(lambda: preview.caption.full_text().startswith(f"Still: {PROMPT} · "), "Still")
        qtbot.mouseClick(preview.before_after, Qt.MouseButton.LeftButton)  # the clip again
        await until(lambda: preview.caption.full_text().startswith(f"Paused: {PROMPT} · "), "Paused again")
        qtbot.mouseClick(preview.play_button, Qt.MouseButton.LeftButton)
        await until(lambda: preview.caption.full_text().startswith(f"Playing: {PROMPT} · "), "Playing again")
        assert preview.caption.toolTip() == PROMPT
