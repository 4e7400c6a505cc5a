"""Quitting while a submission is in flight (the request out, the service's answer not yet in): the window
waits for the answer (saying so, still responsive), so the task id is written down and the task is
followed at the next start; with no answer in time it says the outcome is unknown and how to find it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import fast_config, until
from tests.gui.test_window_sequences import RED, picture
from tests.gui.test_window_storyboard import click, confirm, film_made, write_storyboard
from tests.helpers.gui import generate, running_app
from veo_desktop import session
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread

SHOTS = ("the door opens", "a cat walks in", "the cat sits down")


def submits(emulator: EmulatorThread) -> int:
    return sum(r.route == "submit" for r in emulator.server.received)


async def shown(window: QWidget, name: str) -> QMessageBox:
    await until(lambda: (box := window.findChild(QMessageBox, name)) is not None and box.isVisible(), name)
    box = window.findChild(QMessageBox, name)
    assert box is not None
    return box


async def test_quit_waits_for_the_answer_and_the_task_is_followed_next_time(
    qtbot: QtBot, emulator: EmulatorThread, photo: Path
) -> None:
    emulator.server.faults.add("slow", "submit", slow_seconds=2.0)
    async with running_app(qtbot, emulator) as veo:
        window = veo.window
        await generate(qtbot, veo, photo, "harbour at dusk")
        await until(lambda: submits(emulator) == 1, "the submission in flight")
        quit_action = window.findChild(QAction, "quitAction")
        assert quit_action is not None
        quit_action.trigger()  # File → Quit (Ctrl+Q)
        asked = await shown(window, "quitWhileRunning")
        assert "will resume" not in asked.text()  # nothing resumes a task whose id never came
        assert asked.text().startswith("A submission still waits for the service's answer")
        qtbot.mouseClick(asked.buttons()[0], Qt.MouseButton.LeftButton)  # Quit
        waiting = await shown(window, "quitWaitingForAnswer")
        assert waiting.text().startswith("Waiting for the service's answer to a submission (up to 15 s)")
        status = window.statusBar().currentMessage()
        assert status == "Waiting for the service's answer to a submission (up to 15 s)…"
        assert window.isVisible() and not window.form.generate.isEnabled()  # open, sending nothing more
        window.close()  # closed again meanwhile: it still waits
        assert window.isVisible()
        await until(lambda: not window.isVisible(), "the window to close once the answer is in", 20)
        [served] = emulator.server.tasks
        assert veo.model.record_at(0).task_id == served
    async with running_app(qtbot, emulator) as veo:
        await until(
            lambda: veo.model.rowCount() == 1 and veo.model.record_at(0).state == "completed", "saved"
        )
        record = veo.model.record_at(0)
        assert record.task_id == served and Path(record.output_path).is_file()
    assert submits(emulator) == 1  # sent once, never again


async def test_no_answer_in_time_says_the_outcome_is_unknown(
    qtbot: QtBot, emulator: EmulatorThread, photo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(session, "ANSWER_GRACE", 0.5)
    emulator.server.faults.add("slow", "submit", slow_seconds=4.0)
    async with running_app(qtbot, emulator) as veo:
        window = veo.window
        await generate(qtbot, veo, photo, "lighthouse in fog")
        await until(lambda: submits(emulator) == 1, "the submission in flight")
        window.close()
        await shown(window, "quitWaitingForAnswer")
        told = await shown(window, "quitAnswerUnknown")
        assert window.isVisible()  # until the words are read
        assert "“lighthouse in fog”: its outcome is unknown" in told.text()
        assert "Look for it in your provider's console (File → Import task id fetches it)" in told.text()
        qtbot.mouseClick(told.buttons()[0], Qt.MouseButton.LeftButton)
        await until(lambda: not window.isVisible(), "the window to close")
    async with running_app(qtbot, emulator) as veo:
        await until(lambda: veo.model.rowCount() == 1, "the row")
        assert veo.model.record_at(0).state == "unknown"
    assert submits(emulator) == 1


async def test_quit_now_does_not_wait(qtbot: QtBot, emulator: EmulatorThread, photo: Path) -> None:
    emulator.server.faults.add("slow", "submit", slow_seconds=30.0)
    async with running_app(qtbot, emulator) as veo:
        window = veo.window
        await generate(qtbot, veo, photo, "rain on glass")
        await until(lambda: submits(emulator) == 1, "the submission in flight")
        window.close()
        waiting = await shown(window, "quitWaitingForAnswer")
        qtbot.keyClick(waiting, Qt.Key.Key_Escape)  # Escape waits on: only "Quit now" gives up the id
        await until(lambda: window.findChild(QMessageBox, "quitWaitingForAnswer") is None, "the box to go")
        window.close()
        waiting = await shown(window, "quitWaitingForAnswer")
        quit_now = waiting.findChild(QPushButton, "quitNow")
        assert quit_now is not None and window.isVisible()
        qtbot.mouseClick(quit_now, Qt.MouseButton.LeftButton)
        await until(lambda: not window.isVisible(), "the window to close", 5)
        closed = time.monotonic()
    # The shutdown did not wait either (well under the 15 s grace): the submission ended as unknown.
    assert time.monotonic() - closed < 5
    async with running_app(qtbot, emulator) as veo:
        await until(lambda: veo.model.rowCount() == 1, "the row")
        assert veo.model.record_at(0).state == "unknown"


async def test_restart_now_waits_for_the_answer_then_still_restarts(
    qtbot: QtBot, emulator: EmulatorThread, photo: Path
) -> None:
    emulator.server.faults.add("slow", "submit", slow_seconds=1.5)
    async with running_app(qtbot, emulator) as veo:
        window = veo.window
        await generate(qtbot, veo, photo, "a kite over dunes")
        await until(lambda: submits(emulator) == 1, "the submission in flight")
        veo.restart()  # Settings → Restart now: it quits as File → Quit does
        asked = await shown(window, "quitWhileRunning")
        qtbot.mouseClick(asked.buttons()[0], Qt.MouseButton.LeftButton)  # Quit
        await shown(window, "quitWaitingForAnswer")
        assert veo.restart_requested  # waiting is not "Keep working"
        await until(lambda: not window.isVisible(), "the window to close once the answer is in", 20)
        assert veo.restart_requested
        [served] = emulator.server.tasks
        assert veo.model.record_at(0).task_id == served


async def test_closing_while_a_storyboard_shot_is_submitted_keeps_its_id(
    qtbot: QtBot, tmp_path: Path
) -> None:
    emulator = EmulatorThread(fast_config(), FaultPlan(seed=1))
    emulator.start()
    try:
        async with running_app(qtbot, emulator) as veo:
            await write_storyboard(qtbot, veo, picture(tmp_path / "red.png", RED), SHOTS)
            panel = veo.window.sequence.storyboard

            def shot1_saved() -> bool:
                records = [veo.model.record_at(i) for i in range(veo.model.rowCount())]
                return any(r.prompt == SHOTS[0] and r.state == "completed" for r in records)

            click(qtbot, panel.film)
            await confirm(veo, qtbot)
            await until(shot1_saved, "shot 1 saved", 60)
            emulator.server.faults.add("slow", "submit", slow_seconds=2.0)
            await until(lambda: submits(emulator) >= 2, "shot 2 in flight", 30)
            veo.window.close()
            await shown(veo.window, "quitWaitingForAnswer")
            await until(lambda: not veo.window.isVisible(), "the window to close once the answer is in", 20)
        served = {t.submission.request.prompt: tid for tid, t in emulator.server.tasks.items()}
        assert set(served) == set(SHOTS[:2])  # shot 3 was not sent while closing
        async with running_app(qtbot, emulator) as veo:
            panel = veo.window.sequence.storyboard

            def went_on() -> bool:  # the film is offered to go on (shot 2 followed and saved): yes
                box = veo.window.findChild(QMessageBox, "filmConfirm")
                if box is not None and box.isVisible():
                    box.button(QMessageBox.StandardButton.Yes).click()
                return film_made(veo) or not panel.retry.isHidden()

            await until(went_on, "the film to go on", 40)
            rows = {
                veo.model.record_at(i).prompt: veo.model.record_at(i) for i in range(veo.model.rowCount())
            }
            assert rows[SHOTS[1]].task_id == served[SHOTS[1]] and rows[SHOTS[1]].state == "completed"
            assert film_made(veo)
        assert submits(emulator) == 3  # each shot sent once
    finally:
        emulator.stop()
