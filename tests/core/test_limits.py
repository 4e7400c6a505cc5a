"""Limits and money: how many tasks run at once, the 429 cooldown, an empty balance, the settings for it."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import fast_config, image_bytes, until
from tests.helpers.gui import generate, running_app
from tests.helpers.tasks import manager_for
from veo_desktop.api import rules
from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.clips.images import prepare_image_bytes
from veo_desktop.core.history.store import HistoryStore
from veo_desktop.core.keystore import KeyStore
from veo_desktop.core.settings import InvalidSetting, Settings
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorServer, EmulatorThread
from veo_desktop.session import Connection, Session

REQUEST = VideoRequest(prompt="a slow pan", seconds="4")


def most_running_at_once(server: EmulatorServer) -> int:
    """The most tasks the service had unfinished (as far as the app knew) when a new one arrived."""
    tasks = sorted(server.tasks.values(), key=lambda t: t.created_mono)
    most = 0
    for new in tasks:
        running = [
            t
            for t in tasks
            if t.created_mono <= new.created_mono
            and (t.finished_mono is None or t.finished_mono > new.created_mono)
        ]
        most = max(most, len(running))
    return most


async def test_no_more_than_the_set_number_of_tasks_run_at_once(app_home: Path) -> None:
    with EmulatorThread(fast_config(queue_seconds=0.3, render_seconds=0.3), FaultPlan()) as emulator:
        async with manager_for(emulator, app_home, max_running=2) as manager:
            images = [prepare_image_bytes(image_bytes("PNG", (64 + i, 48)), f"s{i}.png") for i in range(6)]
            records = await asyncio.gather(*(manager.submit(REQUEST, image) for image in images))
            assert sorted(r.state for r in records).count("waiting") == 4
            assert len(emulator.server.submissions) == 2  # the others are not sent yet
            ended = await manager.wait()
            assert [r.state for r in ended] == ["completed"] * 6
            for record in ended:
                assert record.task_id is not None
                assert Path(record.output_path).read_bytes() == emulator.server.content_bytes(record.task_id)
        assert len(emulator.server.submissions) == 6
        assert most_running_at_once(emulator.server) == 2


async def test_waiting_tasks_are_sent_on_the_next_start_never_twice(app_home: Path) -> None:
    with EmulatorThread(fast_config(queue_seconds=0.3, render_seconds=0.3), FaultPlan()) as emulator:
        async with manager_for(emulator, app_home, max_running=1) as manager:
            images = [prepare_image_bytes(image_bytes("PNG", (80 + i, 48)), f"w{i}.png") for i in range(3)]
            first = await manager.submit(REQUEST, images[0])
            waiting = [await manager.submit(REQUEST, image) for image in images[1:]]
            assert first.state == "queued" and [r.state for r in waiting] == ["waiting", "waiting"]
        # The app closed with two tasks never sent: the history keeps them as waiting.
        store = HistoryStore(app_home / "history.sqlite3")
        assert sorted(r.state for r in store.records()) == ["queued", "waiting", "waiting"]
        store.close()
        assert len(emulator.server.submissions) == 1
        async with manager_for(emulator, app_home, max_running=3) as manager:
            await manager.resume()
            ended = await manager.wait()
        assert [r.state for r in ended] == ["completed"] * 3
        sent = [s.submission.image for s in emulator.server.submissions if s.submission is not None]
        assert len(sent) == 3 and len(set(sent)) == 3  # each image once: nothing sent twice


async def test_a_waiting_task_stopped_is_never_sent(app_home: Path) -> None:
    with EmulatorThread(fast_config(queue_seconds=0.3, render_seconds=0.3), FaultPlan()) as emulator:
        async with manager_for(emulator, app_home, max_running=1) as manager:
            images = [prepare_image_bytes(image_bytes("PNG", (90 + i, 48)), f"x{i}.png") for i in range(2)]
            first = await manager.submit(REQUEST, images[0])
            second = await manager.submit(REQUEST, images[1])
            assert second.state == "waiting"
            await manager.stop_tracking(second.id)
            [ended] = await manager.wait()
            assert ended.id == first.id and ended.state == "completed"
            assert manager.store.get(second.id) is None
        assert len(emulator.server.submissions) == 1


def test_settings_keep_the_limit_and_language_in_range(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"max_running": True, "language": "xx"}))
    assert (Settings.load(path).max_running, Settings.load(path).language) == (4, "en")
    path.write_text(json.dumps({"max_running": 40, "language": "zh_CN"}))
    assert (Settings.load(path).max_running, Settings.load(path).language) == (4, "zh_CN")
    good = {"base_url": "", "output_dir": "", "notifications": True, "language": "en"}
    with pytest.raises(InvalidSetting, match="Tasks at once: 0 is not between 1 and 10"):
        Settings().checked(max_running=0, **good)  # type: ignore[arg-type]
    assert Settings().checked(max_running=10, **good).max_running == 10  # type: ignore[arg-type]


async def test_the_limit_is_set_in_settings_and_extra_tasks_wait_their_turn(
    qtbot: QtBot, app_home: Path, photo: Path
) -> None:
    with EmulatorThread(fast_config(queue_seconds=0.5, render_seconds=0.5), FaultPlan()) as emulator:
        async with running_app(qtbot, emulator, keys=KeyStore(environ={})) as veo:
            dialog = veo.open_settings()
            dialog.max_running.setValue(1)
            qtbot.mouseClick(dialog.save_settings_button, Qt.MouseButton.LeftButton)
            assert json.loads((app_home / "config" / "settings.json").read_text())["max_running"] == 1
            dialog.close()
            session = veo.controller.session
            assert session is not None and session.manager.max_running == 1
            await generate(qtbot, veo, photo, "first")
            await until(lambda: veo.model.rowCount() == 1 and not veo.controller.form.submitting, "the first")
            # The same task again at once is held (a double click sends one): the second is another prompt.
            qtbot.keyClicks(veo.window.form.prompt, ", again")
            qtbot.mouseClick(veo.window.form.generate, Qt.MouseButton.LeftButton)
            form = veo.controller.form
            await until(lambda: veo.model.rowCount() == 2 and not form.submitting, "the second")
            assert veo.model.record_at(0).state == "waiting"
            spoken = veo.model.index(0).data(Qt.ItemDataRole.AccessibleTextRole)
            assert "Waiting for a free slot" in spoken, spoken
            qtbot.keyClicks(veo.window.form.prompt, " and again")  # the next one: nothing else holds it
            assert veo.window.form.generate.isEnabled()  # a waiting task never blocks the form
            assert len(emulator.server.submissions) == 1
            await until(
                lambda: [veo.model.record_at(r).state for r in range(2)] == ["completed"] * 2, "both videos"
            )
        assert most_running_at_once(emulator.server) == 1


async def test_a_429_shows_a_cooldown_in_the_status_bar(qtbot: QtBot, photo: Path) -> None:
    with EmulatorThread(fast_config(queue_seconds=0.2, render_seconds=0.2), FaultPlan()) as emulator:
        emulator.server.faults.add("429", "status", times=1, retry_after=3)
        async with running_app(qtbot, emulator) as veo:
            await generate(qtbot, veo, photo, "rate limited")
            await until(veo.window.cooldown.isVisible, "the cooldown")
            assert veo.window.cooldown.text().startswith("Service busy (429): next try in ")
            seconds = int(veo.window.cooldown.text().split("in ")[1].split(" ")[0])
            assert 1 <= seconds <= 3
            await until(lambda: veo.model.record_at(0).state == "completed", "the video after the wait")
            await until(lambda: not veo.window.cooldown.isVisible(), "the cooldown to end")


async def test_an_empty_balance_says_so_in_the_services_words_and_asks_once(
    qtbot: QtBot, emulator: EmulatorThread, photo: Path
) -> None:
    emulator.server.faults.add("balance", "submit", times=3)
    async with running_app(qtbot, emulator) as veo:
        await generate(qtbot, veo, photo, "no money")
        await until(lambda: veo.model.rowCount() == 1 and veo.model.record_at(0).state == "rejected")
        reason = veo.window.form.why_not.text()
        assert reason.startswith("Your account has no balance left for this: ")
        assert "Insufficient account balance, please top up" in reason
        assert "Insufficient account balance" in veo.window.statusBar().currentMessage()
        assert not veo.window.cooldown.isVisible()  # not a wait: topping up is what helps
    assert [r.route for r in emulator.server.received] == ["submit"]


async def test_polls_to_the_service_are_never_faster_than_its_floor(app_home: Path) -> None:
    """`--poll-interval 0.0001` would send thousands of status requests a minute to a rate-limited,
    paid service: it is raised to the floor; the emulator on this machine may be polled faster."""
    remote = Session.open(
        Connection("https://api.example.invalid/v1", "sk-floor-test-1234"), poll_interval=0.0001
    )
    local = Session.open(Connection("http://127.0.0.1:9/v1", "sk-floor-test-1234"), poll_interval=0.05)
    try:
        assert remote.manager.schedule.delay("queued", 0) == rules.MIN_POLL_SECONDS == 2.0
        assert local.manager.schedule.delay("queued", 0) == 0.05
    finally:
        await remote.aclose()
        await local.aclose()
