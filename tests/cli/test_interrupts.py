"""Ctrl+C on the command line at each step: a task the service took is never lost, never sent twice,
and the last line says exactly what happens next."""

from __future__ import annotations

import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from tests.conftest import fast_config
from tests.helpers.cli import Running, cli_env, killed_while_polling, run_cli, start_cli, wait_for
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread

pytestmark = pytest.mark.slow


def rows(home: Path) -> list[tuple[str | None, str]]:
    with sqlite3.connect(home / "history.sqlite3") as db:
        return db.execute("SELECT task_id, state FROM tasks ORDER BY id").fetchall()


def submits(emulator: EmulatorThread) -> int:
    return len([r for r in emulator.server.received if r.route == "submit"])


if sys.platform == "win32":  # no SIGHUP there; SIGTERM ends a process at once (TerminateProcess)
    STOPS = [pytest.param(signal.SIGINT, id="ctrl-c")]
else:
    STOPS = [
        pytest.param(signal.SIGINT, id="ctrl-c"),
        pytest.param(signal.SIGTERM, id="shutdown"),
        pytest.param(signal.SIGHUP, id="terminal closed"),
    ]


@pytest.mark.parametrize("stop", STOPS)
def test_one_stop_while_submitting_waits_for_the_id_and_resume_finishes(
    app_home: Path, photo: Path, stop: signal.Signals
) -> None:
    """Ctrl+C, a shutdown (SIGTERM) or a closed terminal (SIGHUP) while the answer is on its way."""
    faults = FaultPlan()
    faults.add("slow", "submit", slow_seconds=1.5)
    with EmulatorThread(fast_config(), faults) as emulator:
        env = cli_env(app_home, emulator)
        running = Running(
            start_cli("generate", str(photo), "--prompt", "harbour", "--poll-interval", "0.1", env=env)
        )
        wait_for(lambda: submits(emulator) == 1, "the submission to reach the service")
        running.process.send_signal(stop)
        code, out, err = running.finish()
        assert code == 130, err
        [task_id] = emulator.server.tasks
        assert "Waiting up to 15 s for the service's answer" in err
        assert f"the task {task_id} (“harbour”) is kept in the history: `veo-desktop resume`" in err
        assert "Traceback" not in err and out == ""
        [(kept, state)] = rows(app_home)
        assert kept == task_id and state in ("queued", "in_progress")
        resumed = run_cli("resume", "--poll-interval", "0.1", env=env)
        assert resumed.returncode == 0, resumed.stderr
        saved = Path(resumed.stdout.strip())
        assert saved.read_bytes() == emulator.server.content_bytes(task_id)
        assert len(emulator.server.submissions) == 1


def test_a_second_ctrl_c_abandons_the_answer_and_says_what_that_means(app_home: Path, photo: Path) -> None:
    faults = FaultPlan()
    faults.add("slow", "submit", slow_seconds=3.0)
    with EmulatorThread(fast_config(), faults) as emulator:
        env = cli_env(app_home, emulator)
        running = Running(
            start_cli("generate", str(photo), "--prompt", "harbour", "--poll-interval", "0.1", env=env)
        )
        wait_for(lambda: submits(emulator) == 1, "the submission to reach the service")
        running.process.send_signal(signal.SIGINT)
        wait_for(lambda: "Waiting up to" in running.err, "the promise to wait")
        running.process.send_signal(signal.SIGINT)
        code, _out, err = running.finish()
        assert code == 130, err
        assert "it may have been accepted (and is billed if it completes). It was not sent again." in err
        assert "`veo-desktop import TASK_ID` fetches it" in err and "Traceback" not in err
        assert rows(app_home) == [(None, "unknown")]
        again = run_cli("resume", "--poll-interval", "0.1", env=env)
        assert again.returncode == 0 and "Nothing to resume" in again.stderr
        assert submits(emulator) == 1  # never sent again


def test_ctrl_c_while_polling_stops_at_once_and_keeps_the_task(app_home: Path, photo: Path) -> None:
    with EmulatorThread(fast_config(queue_seconds=30), FaultPlan()) as emulator:
        env = cli_env(app_home, emulator)
        running = Running(
            start_cli("generate", str(photo), "--prompt", "harbour", "--poll-interval", "0.1", env=env)
        )
        wait_for(lambda: any(r.route == "status" for r in emulator.server.received), "polling")
        running.process.send_signal(signal.SIGINT)
        code, _out, err = running.finish(timeout=10)
        [task_id] = emulator.server.tasks
        assert code == 130 and "Waiting up to" not in err
        assert f"the task {task_id} (“harbour”) is kept in the history" in err
        assert rows(app_home) == [(task_id, "queued")]


def test_a_second_command_leaves_a_submission_in_flight_alone(app_home: Path, photo: Path) -> None:
    """`generate` in one shell while another `generate` waits for its answer: the first task must not
    be marked "the app stopped while this was being submitted"."""
    faults = FaultPlan()
    faults.add("slow", "submit", slow_seconds=6.0)
    with EmulatorThread(fast_config(), faults) as emulator:
        env = cli_env(app_home, emulator)
        first = start_cli("generate", str(photo), "--prompt", "first", "--poll-interval", "0.1", env=env)
        wait_for(lambda: submits(emulator) == 1, "the first submission to reach the service")
        second = run_cli("generate", "--prompt", "second", "--poll-interval", "0.1", env=env)
        assert second.returncode == 0, second.stderr
        assert len(emulator.server.tasks) == 1  # the second's: the service still holds the first
        assert rows(app_home)[0] == (None, "submitting")  # not "unknown": its process is sending it
        _out, err = first.communicate(timeout=60)
        assert first.returncode == 0, err
        assert [state for _task_id, state in rows(app_home)] == ["completed", "completed"]
        assert len(emulator.server.submissions) == 2


def test_ctrl_c_on_resume_says_the_tasks_it_followed_are_kept(app_home: Path, photo: Path) -> None:
    with EmulatorThread(fast_config(queue_seconds=60), FaultPlan()) as emulator:
        env = cli_env(app_home, emulator)
        task_id = killed_while_polling(photo, emulator, env)
        polls = len([r for r in emulator.server.received if r.route == "status"])
        running = Running(start_cli("resume", "--poll-interval", "0.1", env=env))
        wait_for(lambda: len([r for r in emulator.server.received if r.route == "status"]) > polls, "resume")
        running.process.send_signal(signal.SIGINT)
        code, _out, err = running.finish()
        assert code == 130
        assert f"the task {task_id} (“harbour”) is kept in the history" in err
        assert "no task was left unfinished" not in err


def test_a_refused_submission_is_not_tried_again_after_ctrl_c(app_home: Path, photo: Path) -> None:
    """Ctrl+C while the service's 429 is waited out: the refused submission is not sent again behind the
    user's back (the wait would have ended in a new, billable task)."""
    faults = FaultPlan()
    faults.add("429", "submit", retry_after=3)
    with EmulatorThread(fast_config(), faults) as emulator:
        env = cli_env(app_home, emulator)
        running = Running(
            start_cli("generate", str(photo), "--prompt", "harbour", "--poll-interval", "0.1", env=env)
        )
        wait_for(
            lambda: [r.status for r in emulator.server.received if r.route == "submit"] == [429], "the 429"
        )
        running.process.send_signal(signal.SIGINT)
        code, _out, err = running.finish()
        assert code in (130, 3) and "Traceback" not in err
        assert submits(emulator) == 1 and emulator.server.tasks == {}
        assert rows(app_home) == [(None, "rejected")]  # refused by the service: nothing billed
