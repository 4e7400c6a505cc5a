"""A submission that could not connect (issue 28): the row says so ("Could not connect — nothing was
sent, not charged"), not "Refused"; the status bar agrees that the service cannot be reached, and its
Retry now tries again at once (and clears once the service answers)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from tests.conftest import FAST_RETRY, until
from tests.gui.test_window_truth import ask, row_of, state_of, status_line
from tests.helpers.gui import running_app
from tests.helpers.net import TcpProxy
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.session import Connection, Session


async def test_a_submission_that_could_not_connect_says_so_and_retry_now_retries(
    qtbot: QtBot, emulator: EmulatorThread
) -> None:
    prompt = "a quiet harbour"
    with TcpProxy(emulator) as proxy:
        async with running_app(qtbot, None) as veo:
            connection = Connection(proxy.base_url, emulator.api_key)
            veo.controller.attach(Session.open(connection, poll_interval=0.05, retry=FAST_RETRY))
            proxy.cut()  # no network: every connection is refused
            ask(qtbot, veo, prompt)
            await until(lambda: state_of(veo, prompt) == "rejected", "the submission given up")
            row = veo.model.index(row_of(veo, prompt))
            line = status_line(veo, prompt)
            assert line.startswith("Could not connect — nothing was sent, not charged"), line
            assert "Refused" not in line
            tooltip = row.data(Qt.ItemDataRole.ToolTipRole)
            assert "Could not connect" in tooltip and "Refused" not in tooltip
            bar = veo.window.findChild(QLabel, "connectionTrouble")
            retry_now = veo.window.findChild(QPushButton, "retryNowButton")
            assert bar is not None and retry_now is not None
            await until(bar.isVisible, "the status bar")
            # Both say the service cannot be reached; nothing claims a try is under way when none is.
            assert bar.text().startswith("Can't reach the service"), bar.text()
            assert "trying again now" not in bar.text()
            assert retry_now.isVisible()
            proxy.restore()
            before = proxy.connections
            qtbot.mouseClick(retry_now, Qt.MouseButton.LeftButton)
            await until(lambda: proxy.connections > before, "a try at once", within=5)
            await until(lambda: not bar.isVisible() and not retry_now.isVisible(), "the status bar clear", 10)
            assert status_line(veo, prompt).startswith("Could not connect")  # still true of that task
