"""Two Veo Desktops on one history (the window and a command in a terminal): each task is followed by one
process only, the other shows what it does, and takes it over when that process ends or is killed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import fast_config, until
from tests.helpers.cli import cli_env, history, kill, start_cli, wait_for
from tests.helpers.gui import attach, running_app
from tests.helpers.tasks import manager_for
from veo_desktop.core.history.locks import TaskLocks
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread

pytestmark = pytest.mark.slow

HOLD = """
import sys, time
from pathlib import Path
from veo_desktop.core.history.locks import TaskLocks
locks = TaskLocks(Path(sys.argv[1]))
assert locks.acquire(7)
print("held", flush=True)
time.sleep(60)
"""


def test_a_task_lock_is_held_until_its_process_ends(tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    mine = TaskLocks(tmp_path)
    assert mine.held_elsewhere(7) and not mine.acquire(7)
    assert mine.acquire(8) and not mine.held_elsewhere(8)  # other tasks are free
    kill(holder)
    assert mine.acquire(7) and mine.held == [8, 7]
    mine.release_all()


def content_downloads(emulator: EmulatorThread) -> int:
    return len([r for r in emulator.server.received if r.route == "content" and r.status in (200, 206)])


def generating_in_a_terminal(app_home: Path, photo: Path, emulator: EmulatorThread) -> subprocess.Popen[str]:
    env = cli_env(app_home, emulator)
    process = start_cli("generate", str(photo), "--prompt", "harbour", "--poll-interval", "0.1", env=env)
    wait_for(lambda: any(r.route == "status" for r in emulator.server.received), "the command polling")
    assert [state for _id, state in history(app_home)] == ["queued"]
    return process


async def test_a_task_a_command_follows_is_left_to_it_and_shown(app_home: Path, photo: Path) -> None:
    with EmulatorThread(fast_config(queue_seconds=1.0, render_seconds=1.0), FaultPlan()) as emulator:
        process = generating_in_a_terminal(app_home, photo, emulator)
        async with manager_for(emulator, app_home, locks=TaskLocks(app_home / "locks")) as manager:
            assert await manager.resume() == []
            [(local_id, seen)] = manager.elsewhere.items()
            assert seen.state == "queued" and manager.following == []
            out, err = process.communicate(timeout=60)
            assert process.returncode == 0, err
            [changed] = await manager.adopt()
            assert changed.id == local_id and changed.state == "completed"
            assert manager.elsewhere == {} and manager.following == []
        assert content_downloads(emulator) == 1  # downloaded once, by the command
        [task_id] = emulator.server.tasks
        assert Path(out.strip().splitlines()[-1]).read_bytes() == emulator.server.content_bytes(task_id)


async def test_a_task_left_by_a_killed_command_is_taken_over(app_home: Path, photo: Path) -> None:
    with EmulatorThread(fast_config(queue_seconds=1.0, render_seconds=1.0), FaultPlan()) as emulator:
        process = generating_in_a_terminal(app_home, photo, emulator)
        async with manager_for(emulator, app_home, locks=TaskLocks(app_home / "locks")) as manager:
            await manager.resume()
            assert len(manager.elsewhere) == 1
            with pytest.raises(ValueError, match="Another Veo Desktop"):
                await manager.stop_tracking(next(iter(manager.elsewhere)))
            kill(process)
            await manager.adopt()
            assert manager.elsewhere == {} and len(manager.following) == 1
            [done] = await manager.wait()
        assert done.state == "completed" and done.task_id is not None
        assert Path(done.output_path).read_bytes() == emulator.server.content_bytes(done.task_id)
        assert len(emulator.server.submissions) == 1


async def test_the_window_shows_a_task_a_command_follows(qtbot: QtBot, app_home: Path, photo: Path) -> None:
    with EmulatorThread(fast_config(queue_seconds=1.0, render_seconds=1.0), FaultPlan()) as emulator:
        process = generating_in_a_terminal(app_home, photo, emulator)
        async with running_app(qtbot, None) as veo:
            attach(veo, emulator)
            await until(lambda: veo.model.rowCount() == 1, "the command's task in the list")
            session = veo.controller.session
            assert session is not None and session.manager.following == []
            await until(lambda: veo.model.record_at(0).state == "completed", "its progress, then the video")
            _out, err = process.communicate(timeout=60)
            assert process.returncode == 0, err
        assert content_downloads(emulator) == 1


def status_requests(emulator: EmulatorThread) -> int:
    return len([r for r in emulator.server.received if r.route == "status"])


async def test_the_window_takes_over_a_command_started_after_it_opened(
    qtbot: QtBot, app_home: Path, photo: Path
) -> None:
    with EmulatorThread(fast_config(queue_seconds=2.0, render_seconds=1.0), FaultPlan()) as emulator:
        async with running_app(qtbot, emulator) as veo:
            session = veo.controller.session
            assert session is not None and veo.model.rowCount() == 0  # "Your videos appear here."
            await until(lambda: "resume" not in veo.controller.background.names, "the window's resume")
            process = start_cli(
                "generate",
                str(photo),
                "--prompt",
                "harbour",
                "--poll-interval",
                "0.1",
                env=cli_env(app_home, emulator),
            )
            await until(lambda: status_requests(emulator) > 0, "the command polling", within=60)
            kill(process)  # SIGKILL while it polls: its task is at the service, queued
            by_the_command = status_requests(emulator)
            await until(lambda: veo.model.rowCount() == 1, "the command's task in the window's list")
            await until(lambda: veo.model.record_at(0).state == "completed", "the window saving its video")
            done = veo.model.record_at(0)
            assert status_requests(emulator) > by_the_command and session.manager.poll_count > 0
        [task_id] = emulator.server.tasks
        assert done.task_id == task_id and len(emulator.server.submissions) == 1
        assert Path(done.output_path).read_bytes() == emulator.server.content_bytes(task_id)
        assert content_downloads(emulator) == 1
