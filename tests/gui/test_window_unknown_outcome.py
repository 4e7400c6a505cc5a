"""A submission whose answer was lost is never resent by itself: the window offers "Send again…" with
the warning that it may be billed twice, and sends only after the user says yes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.conftest import until
from tests.helpers.gui import generate, running_app
from veo_desktop.emulator.server import EmulatorThread


async def test_send_again_asks_first_and_sends_once_on_yes(
    qtbot: QtBot, emulator: EmulatorThread, photo: Path
) -> None:
    emulator.server.faults.add("reset_after_accept", "submit")  # taken, then the answer is lost
    async with running_app(qtbot, emulator) as veo:
        await generate(qtbot, veo, photo, "a slow pan")
        await until(
            lambda: veo.model.rowCount() == 1 and veo.model.record_at(0).state == "unknown", "unknown"
        )
        assert len(emulator.server.submissions) == 1

        async def ask() -> QMessageBox:
            [again] = [a for a in veo.window.task_menu_for(0).actions() if a.objectName() == "task_retry"]
            assert again.text() == "Send again…" and again.isEnabled()
            again.trigger()

            def question() -> QMessageBox | None:
                box = veo.window.findChild(QMessageBox, "sendAgainConfirm")
                return box if box is not None and box.isVisible() else None

            await until(question, "the question")
            box = question()
            assert box is not None
            return box

        box = await ask()
        assert "may already have this task" in box.text() and "billed twice" in box.text()
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
        await until(lambda: veo.window.findChild(QMessageBox, "sendAgainConfirm") is None, "it to close")
        assert len(emulator.server.submissions) == 1 and veo.model.rowCount() == 1

        box = await ask()
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
        await until(lambda: veo.model.rowCount() == 2, "the task sent again")
        await until(lambda: veo.model.record_at(0).state == "completed", "its video")
    assert len(emulator.server.submissions) == 2
