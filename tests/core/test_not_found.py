"""A 404 on a status poll never ends a paid task unless it is confirmed: repeated over time while the
same address still knows the user's other tasks. A wrong address keeps every task followable."""

from __future__ import annotations

import signal
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import fast_config, until
from tests.helpers.cli import Running, cli_env, killed_while_polling, run_cli, start_cli, wait_for
from tests.helpers.tasks import manager_for
from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.tasks.manager import PollSchedule
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread


def rows(home: Path) -> list[tuple[str | None, str, str]]:
    with sqlite3.connect(home / "history.sqlite3") as db:
        return db.execute("SELECT task_id, state, last_error FROM tasks ORDER BY id").fetchall()


@pytest.mark.slow
def test_resume_at_a_wrong_address_keeps_the_task_for_the_right_one(app_home: Path, photo: Path) -> None:
    with EmulatorThread(fast_config(queue_seconds=1.0), FaultPlan()) as emulator:
        env = cli_env(app_home, emulator)
        task_id = killed_while_polling(photo, emulator, env)

        wrong = emulator.base_url.removesuffix("/v1")  # the classic slip: the address without /v1
        running = Running(start_cli("resume", "--base-url", wrong, "--poll-interval", "0.1", env=env))
        wait_for(lambda: len([r for r in emulator.server.received if r.route == "none"]) >= 5, "404s")
        wait_for(lambda: "does not know this task (404)" in running.err, "the message")
        running.process.send_signal(signal.SIGINT)
        code, _out, err = running.finish()
        assert code == 130, err
        assert "says it does not know this task (404). If that address is wrong" in err
        assert f"the task {task_id} (“harbour”) is kept in the history" in err
        [(kept, state, _error)] = rows(app_home)
        assert kept == task_id and state in ("queued", "in_progress")  # not "failed"

        right = run_cli("resume", "--poll-interval", "0.1", env=env)
        assert right.returncode == 0, right.stderr
        assert Path(right.stdout.strip()).read_bytes() == emulator.server.content_bytes(task_id)
        assert len(emulator.server.submissions) == 1


HOLD = VideoRequest(prompt="kept in the queue #hold")
QUICK_CONFIRM = PollSchedule(fixed=0.05, not_found_seconds=0.5, not_found_polls=3)


async def test_a_404_that_persists_while_other_tasks_answer_ends_the_task(app_home: Path) -> None:
    with EmulatorThread(fast_config(), FaultPlan()) as emulator:
        async with manager_for(emulator, app_home, schedule=QUICK_CONFIRM) as manager:
            other = await manager.submit(HOLD, None)  # sent before: the same account knew both
            gone = await manager.submit(HOLD, None)
            assert gone.task_id is not None
            del emulator.server.tasks[gone.task_id]  # the service forgot this one, and only this one

            def state(local_id: int) -> str:
                record = manager.store.get(local_id)
                assert record is not None
                return record.state

            await until(lambda: state(gone.id) == "failed", "the forgotten task to end")
            ended = manager.store.get(gone.id)
            assert ended is not None
            assert ended.last_error.startswith("The service no longer knows this task: it answered 404")
            assert state(other.id) == "queued"


@pytest.mark.parametrize("newer", [False, True], ids=["alone", "only a newer task answers"])
async def test_a_404_with_nothing_older_to_confirm_it_never_ends_the_task(
    app_home: Path, newer: bool
) -> None:
    """Alone, or with only a task sent after it answering (the key changed since: the new key's tasks
    answer, this one 404s, another account's): never ended as failed ("not charged"); kept and followed,
    with the reason shown."""
    with EmulatorThread(fast_config(), FaultPlan()) as emulator:
        async with manager_for(emulator, app_home, schedule=QUICK_CONFIRM) as manager:
            lost = await manager.submit(HOLD, None)
            if newer:
                await manager.submit(HOLD, None)  # sent later, with the new key
            assert lost.task_id is not None
            del emulator.server.tasks[lost.task_id]
            start = manager.poll_count
            # Five times the confirmation window, and many 404s: still followed, with the reason shown.
            await until(lambda: manager.poll_count - start >= 25, "many polls", within=30)
            record = manager.store.get(lost.id)
            assert record is not None and record.state == "queued"
            assert "says it does not know this task (404)" in record.last_error
            assert lost.id in manager.following
