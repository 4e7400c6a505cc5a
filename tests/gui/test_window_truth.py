"""The window tells the truth: an outage on the rows and in the status bar, a refused row's clock stopped,
every request in Help → Request log, the API address in use in Settings. Real widgets (offscreen),
the emulator over real loopback HTTP (behind a TCP proxy that can be cut)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from tests.conftest import until
from tests.helpers.gui import row_texts, running_app
from tests.helpers.net import TcpProxy
from veo_desktop import paths
from veo_desktop.api.client import RetryPolicy
from veo_desktop.api.security import DEFAULT_BASE_URL
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.shell.app import App
from veo_desktop.gui.shell.request_log import RequestLogDialog
from veo_desktop.session import Connection, Session

OUTAGE = re.compile(r"Can't reach the service — retrying in (\d+) s")


def row_of(veo: App, prompt: str) -> int:
    rows = [r for r in range(veo.model.rowCount()) if veo.model.record_at(r).prompt == prompt]
    return rows[0] if rows else -1


def status_line(veo: App, prompt: str) -> str:
    """The last line of the row: its status, as drawn ("" while there is no such row)."""
    row = row_of(veo, prompt)
    return row_texts(veo.window.task_list, row)[-1] if row >= 0 else ""


def details_line(veo: App, prompt: str) -> str:
    """The row's second line: settings, the time it took (or takes), cost."""
    texts = row_texts(veo.window.task_list, row_of(veo, prompt))
    [details] = [t for t in texts if " · " in t and ("$" in t or "charged" in t)]
    return details


def clock_on(details: str) -> int:
    """The elapsed time on a row's details line, in seconds."""
    [minutes, seconds] = next(t for t in details.split("   ") if re.fullmatch(r"\d+:\d\d", t)).split(":")
    return int(minutes) * 60 + int(seconds)


def state_of(veo: App, prompt: str) -> str:
    row = row_of(veo, prompt)
    return veo.model.record_at(row).state if row >= 0 else ""


def ask(qtbot: QtBot, veo: App, prompt: str) -> None:
    """A text-to-video task, as a user asks for it: type, click Generate."""
    form = veo.window.form
    form.prompt.clear()
    qtbot.keyClicks(form.prompt, prompt)
    qtbot.mouseClick(form.generate, Qt.MouseButton.LeftButton)


def menu_action(veo: App, row: int, name: str) -> QAction | None:
    found = [a for a in veo.window.task_menu_for(row).actions() if a.objectName() == name]
    return found[0] if found else None


async def test_an_outage_is_said_on_the_row_and_in_the_status_bar_with_retry_now(
    qtbot: QtBot, emulator: EmulatorThread
) -> None:
    prompt = "harbour at dawn #hold"  # stays queued at the service
    slow_retries = RetryPolicy(backoff_base=20.0, backoff_max=20.0)  # 16 to 24 s between tries
    with TcpProxy(emulator) as proxy:
        async with running_app(qtbot, None) as veo:
            connection = Connection(proxy.base_url, emulator.api_key)
            veo.controller.attach(Session.open(connection, poll_interval=0.05, retry=slow_retries))
            ask(qtbot, veo, prompt)
            await until(lambda: status_line(veo, prompt).startswith("Queued · queued 0:0"), "queued")
            bar = veo.window.findChild(QLabel, "connectionTrouble")
            retry_now = veo.window.findChild(QPushButton, "retryNowButton")
            assert bar is not None and retry_now is not None
            assert not bar.isVisible() and not retry_now.isVisible()
            assert menu_action(veo, row_of(veo, prompt), "task_retry_now") is None

            proxy.cut()
            await until(lambda: OUTAGE.search(status_line(veo, prompt)), "the outage on the row", within=10)
            line = status_line(veo, prompt)
            waiting = OUTAGE.search(line)
            assert waiting is not None and 1 <= int(waiting[1]) <= 25, line
            assert line.startswith("Queued · ")
            tooltip = veo.model.index(row_of(veo, prompt)).data(Qt.ItemDataRole.ToolTipRole)
            assert OUTAGE.search(tooltip), tooltip
            await until(lambda: bar.isVisible() and OUTAGE.search(bar.text()), "the outage in the status bar")
            assert retry_now.isVisible() and retry_now.text() == "Retry now"
            from_menu = menu_action(veo, row_of(veo, prompt), "task_retry_now")
            assert from_menu is not None and from_menu.isEnabled() and from_menu.text() == "Retry now"

            proxy.restore()  # back, but the next try is 16 s or more away: the user asks for it now
            before = proxy.connections
            qtbot.mouseClick(retry_now, Qt.MouseButton.LeftButton)
            await until(lambda: proxy.connections > before, "a try at once", within=5)
            await until(
                lambda: status_line(veo, prompt).startswith("Queued · queued 0:"), "the row back", within=5
            )
            assert "reach" not in status_line(veo, prompt)
            await until(lambda: not bar.isVisible() and not retry_now.isVisible(), "the status bar clear")


async def test_retry_now_from_the_rows_menu_tries_at_once(qtbot: QtBot, emulator: EmulatorThread) -> None:
    prompt = "lighthouse beam #hold"
    slow_retries = RetryPolicy(backoff_base=20.0, backoff_max=20.0)
    with TcpProxy(emulator) as proxy:
        async with running_app(qtbot, None) as veo:
            connection = Connection(proxy.base_url, emulator.api_key)
            veo.controller.attach(Session.open(connection, poll_interval=0.05, retry=slow_retries))
            ask(qtbot, veo, prompt)
            await until(lambda: state_of(veo, prompt) == "queued", "queued")
            proxy.cut()
            await until(lambda: OUTAGE.search(status_line(veo, prompt)), "the outage on the row", within=10)
            proxy.restore()
            action = menu_action(veo, row_of(veo, prompt), "task_retry_now")
            assert action is not None
            action.trigger()
            await until(lambda: "reach" not in status_line(veo, prompt), "the row back", within=5)


async def test_a_refused_rows_clock_stops_and_stays_stopped_after_a_restart(
    qtbot: QtBot, emulator: EmulatorThread
) -> None:
    refused, running = "a forbidden scene", "waves all day #hold"
    body = b'{"error":{"message":"this prompt is not allowed","type":"invalid_request_error"}}'
    emulator.server.faults.add("answer", "submit", status=400, body=body, accept=False)
    async with running_app(qtbot, emulator) as veo:
        ask(qtbot, veo, refused)
        await until(lambda: state_of(veo, refused) == "rejected", "the refusal")
        assert status_line(veo, refused).startswith("Refused: ")
        stopped = details_line(veo, refused)
        ask(qtbot, veo, running)
        await until(lambda: state_of(veo, running) == "queued", "the other task queued")
        started = clock_on(details_line(veo, running))
        # The running row's clock moves on three seconds; the refused one's does not.
        await until(lambda: clock_on(details_line(veo, running)) >= started + 3, "time to pass")
        assert details_line(veo, refused) == stopped
    async with running_app(qtbot, emulator) as again:
        await until(lambda: again.model.rowCount() == 2, "the history")
        assert details_line(again, refused) == stopped
        assert status_line(again, refused).startswith("Refused: ")


async def test_the_request_log_holds_every_request_failed_ones_too(
    qtbot: QtBot, emulator: EmulatorThread, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIYI_BASE_URL", emulator.base_url)  # the address the app (and Test) use
    emulator.server.faults.add("not_ready", "content", times=2)  # the 400 right after completion
    prompt = "a lighthouse at night"
    async with running_app(qtbot, emulator) as veo:
        ask(qtbot, veo, prompt)
        await until(lambda: state_of(veo, prompt) == "completed", "the video")
        task_id = veo.model.record_at(row_of(veo, prompt)).task_id
        dialog = veo.open_settings()
        dialog.key_input.setText("sk-not-the-right-key-0000")
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        await until(lambda: "refused" in dialog.key_result.text(), "the refused key")
        dialog.key_input.setText(emulator.api_key)
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        await until(lambda: "accepted" in dialog.key_result.text(), "the accepted key")
        dialog.close()
        veo.window.request_log_action.trigger()
        log = veo.window.findChild(RequestLogDialog)
        assert isinstance(log, RequestLogDialog)
        lines = [line.split("  ") for line in log.view.toPlainText().splitlines()[2:]]
        log.close()
    content = [line[3] for line in lines if line[2] == f"/videos/{task_id}/content"]
    assert content == ["400", "400", "200"], lines
    key_test = [line[3] for line in lines if line[2] == "/videos/task_veo_desktop_key_check_0000"]
    assert key_test == ["401", "404"], lines
    assert emulator.api_key not in "\n".join("  ".join(line) for line in lines)


async def test_settings_show_the_address_from_the_environment_and_save_never_writes_it(
    qtbot: QtBot, emulator: EmulatorThread, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIYI_BASE_URL", emulator.base_url)
    async with running_app(qtbot, None) as veo:
        dialog = veo.open_settings()
        source = dialog.findChild(QLabel, "baseUrlSource")
        assert dialog.base_url.currentText() == emulator.base_url  # the address in use
        assert source is not None and "APIYI_BASE_URL" in source.text() and "environment" in source.text()
        dialog.max_running.setValue(2)
        qtbot.mouseClick(dialog.save_settings_button, Qt.MouseButton.LeftButton)
        saved = json.loads(paths.settings_file().read_bytes())
        assert saved["base_url"] == "" and saved["max_running"] == 2
        assert dialog.base_url.currentText() == emulator.base_url
        dialog.close()


async def test_settings_say_where_the_address_comes_from_and_keep_what_the_user_chose(
    qtbot: QtBot, tmp_path: Path
) -> None:
    async with running_app(qtbot, None) as veo:
        dialog = veo.open_settings()
        source = dialog.findChild(QLabel, "baseUrlSource")
        assert source is not None
        assert dialog.base_url.currentText() == DEFAULT_BASE_URL and "default" in source.text()
        qtbot.mouseClick(dialog.save_settings_button, Qt.MouseButton.LeftButton)
        assert json.loads(paths.settings_file().read_bytes())["base_url"] == ""  # the default, not pinned
        dialog.base_url.setCurrentText("https://vip.apiyi.com/v1")
        qtbot.mouseClick(dialog.save_settings_button, Qt.MouseButton.LeftButton)
        assert json.loads(paths.settings_file().read_bytes())["base_url"] == "https://vip.apiyi.com/v1"
        assert "settings" in source.text()
        dialog.close()
    async with running_app(qtbot, None) as again:
        dialog = again.open_settings()
        assert dialog.base_url.currentText() == "https://vip.apiyi.com/v1"
        dialog.close()
