"""Retry on a failed row (issue 28): one row per attempt chain (the new attempt's row stands for the
failed one, whose task id stays in the history and on the row's tooltip, after a restart too); and a
prompt the safety filter refused is retried only after the user read that it will likely be refused
again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.conftest import until
from tests.gui.test_row_actions import click, retrying, sent, states
from tests.helpers.gui import generate, running_app
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.shell.app import App
from veo_desktop.gui.tasks.task_model import DetailsRole


def question(veo: App) -> QMessageBox | None:
    box = veo.window.findChild(QMessageBox, "retryRefusedConfirm")
    return box if box is not None and box.isVisible() else None


async def test_retry_leaves_one_row_per_attempt_chain_and_keeps_the_old_task_id(
    qtbot: QtBot, emulator: EmulatorThread, photo: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        await generate(qtbot, veo, photo, "storm #fail-silent")
        await until(lambda: states(veo) == ["failed"], "the failure")
        failed = veo.model.record_at(0)
        assert failed.task_id
        before = sent(emulator)
        emulator.server.config.queue_seconds = 30  # the new attempt stays queued at the service
        click(qtbot, veo, 0, "retry")
        await until(lambda: sent(emulator) == before + 1 and not retrying(veo), "the retry sent")
        await until(lambda: states(veo) == ["queued"], "one row: the new attempt")
        assert question(veo) is None  # no safety refusal: no question
        index = veo.model.index(0)
        assert "attempt 2" in index.data(DetailsRole)
        assert f"Attempt 1 — Failed: {failed.last_error} · task id {failed.task_id}" in index.data(
            Qt.ItemDataRole.ToolTipRole
        )
        session = veo.controller.session
        assert session is not None
        kept = session.manager.get(failed.id)  # the history keeps the failed attempt and its id
        assert kept is not None and kept.task_id == failed.task_id and kept.state == "failed"
    async with running_app(qtbot, emulator) as again:  # the next start: still one row for the chain
        await until(lambda: again.model.rowCount() >= 1, "the history listed")
        assert again.model.rowCount() == 1 and again.model.record_at(0).id != failed.id
        tooltip = again.model.index(0).data(Qt.ItemDataRole.ToolTipRole)
        assert f"task id {failed.task_id}" in tooltip


async def test_retry_of_a_safety_refusal_warns_before_sending(
    qtbot: QtBot, emulator: EmulatorThread, photo: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        await generate(qtbot, veo, photo, "storm #fail")
        await until(lambda: states(veo) == ["failed"], "the safety filter's refusal")
        before = sent(emulator)
        click(qtbot, veo, 0, "retry")
        await until(lambda: question(veo) is not None, "the warning")
        box = question(veo)
        assert box is not None and "likely be refused again" in box.text()
        assert sent(emulator) == before  # nothing sent before the answer
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
        await until(lambda: question(veo) is None and not retrying(veo), "the warning closed")
        assert sent(emulator) == before and states(veo) == ["failed"]
        click(qtbot, veo, 0, "retry")
        await until(lambda: question(veo) is not None, "the warning again")
        box = question(veo)
        assert box is not None
        yes = box.button(QMessageBox.StandardButton.Yes)
        assert yes.text() == "Retry anyway"
        qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
        await until(lambda: sent(emulator) == before + 1 and not retrying(veo), "the retry sent")
