"""Issue 24's findings 2, 3, 5 and 6, each as the user met it: odd but valid answers (NaN, 1e400, deep
nesting, a wrapped object), times in milliseconds, waits the service asks for that have no bound, and
one unreadable status answer. Each failed on the code before the fix; each asserts on what the user
gets (the id in the history, the video's bytes, the waits the app took, the command's exit)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import FAST_RETRY, fast_config, image_bytes
from tests.helpers.cli import cli_env, killed_while_polling, run_cli
from tests.helpers.tasks import submissions
from veo_desktop.api.client import RetryPolicy, VeoClient, make_http_client
from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.history.store import HistoryStore
from veo_desktop.core.tasks.manager import PollSchedule, TaskManager
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread

DEEP = b"[" * 50_000 + b"]" * 50_000
ODD_SUBMIT_ANSWERS = {
    "NaN progress": b'{"id": "{task_id}", "status": "queued", "progress": NaN}',
    "created 1e400": b'{"id": "{task_id}", "status": "queued", "created": 1e400}',
    "50,000 deep": b'{"id": "{task_id}", "status": "queued", "extra": ' + DEEP + b"}",
    "Infinity and a 5,000-digit number": b'{"id": "{task_id}", "status": "queued", "progress": Infinity, '
    b'"created_at": ' + b"9" * 5000 + b"}",
    "wrapped by a gateway": b'{"code": 0, "msg": "ok", "data": {"id": "{task_id}", "status": "queued"}}',
    "milliseconds": b'{"id": "{task_id}", "status": "queued", "created_at": 1764844800123}',
}


class Waits:
    """An injected sleep that records every wait the app schedules and sleeps a scaled-down share."""

    def __init__(self, scale: float = 0.001) -> None:
        self.asked: list[float] = []
        self._scale = scale

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        await asyncio.sleep(min(seconds * self._scale, 0.05))


async def follow_to_the_end(
    emulator: EmulatorThread,
    home: Path,
    waits: Waits,
    schedule: PollSchedule,
    retry: RetryPolicy = FAST_RETRY,
) -> tuple[str, Path]:
    store = HistoryStore(home / "history.sqlite3")
    async with make_http_client() as http:
        client = VeoClient(
            http, base_url=emulator.base_url, api_key=emulator.api_key, retry=retry, sleep=waits
        )
        manager = TaskManager(
            client,
            store,
            output_dir=home / "videos",
            references_dir=home / "references",
            schedule=schedule,
            sleep=waits,
        )
        try:
            record = await manager.submit(VideoRequest("pier at dusk", seconds="4"), None)
            [done] = await asyncio.wait_for(manager.wait([record.id]), 60)
        finally:
            await manager.aclose()
            store.close()
    assert done.state == "completed", done.last_error
    assert done.task_id is not None
    return done.task_id, Path(done.output_path)


@pytest.mark.parametrize("body", ODD_SUBMIT_ANSWERS.values(), ids=ODD_SUBMIT_ANSWERS.keys())
async def test_an_odd_but_valid_answer_to_a_submission_keeps_the_id_and_the_video_is_saved(
    app_home: Path, body: bytes
) -> None:
    faults = FaultPlan()
    faults.add("answer", "submit", body=body)
    with EmulatorThread(fast_config(), faults) as emulator:
        task_id, video = await follow_to_the_end(emulator, app_home, Waits(), PollSchedule(fixed=0.05))
        assert [task_id] == list(emulator.server.tasks)  # the id the service made, kept
        assert video.read_bytes() == emulator.server.content_bytes(task_id)
        assert len(submissions(emulator)) == 1


def test_the_command_follows_a_task_whose_accepting_answer_holds_nan(app_home: Path, tmp_path: Path) -> None:
    """Before: exit 2 ("nothing was sent") with the task billed and its id nowhere on the machine."""
    photo = tmp_path / "pier.png"
    photo.write_bytes(image_bytes("PNG"))
    faults = FaultPlan()
    faults.add("answer", "submit", body=ODD_SUBMIT_ANSWERS["NaN progress"])
    with EmulatorThread(fast_config(), faults) as emulator:
        env = cli_env(app_home, emulator)
        done = run_cli("generate", str(photo), "--prompt", "pier", "--poll-interval", "0.1", env=env)
        [task_id] = emulator.server.tasks
        assert done.returncode == 0, done.stderr
        saved = Path(done.stdout.strip().splitlines()[-1])
        assert saved.read_bytes() == emulator.server.content_bytes(task_id)


async def test_one_unreadable_status_answer_does_not_stop_following(app_home: Path) -> None:
    """``"progress": NaN`` once, and a poll-after hint of ``²`` (``isdigit()`` true, ``int()`` fails)
    on every status answer: before, following stopped and ``generate`` exited 1."""
    faults = FaultPlan()
    faults.add("answer", "status", body=b'{"id": "{task_id}", "status": "in_progress", "progress": NaN}')
    config = fast_config(status_headers={"openai-poll-after-ms": "²"})
    with EmulatorThread(config, faults) as emulator:
        task_id, video = await follow_to_the_end(emulator, app_home, Waits(), PollSchedule(fixed=0.05))
        assert video.read_bytes() == emulator.server.content_bytes(task_id)
        assert faults.injected == {"answer": 1}


@pytest.mark.parametrize("retry_after", [36_000.0, 1.0])
async def test_a_rate_limited_poll_waits_between_the_floor_and_the_cap(
    app_home: Path, retry_after: float
) -> None:
    """``Retry-After: 36000`` on a status poll stopped polling for 10 hours; ``Retry-After: 1`` on every
    poll asked once a second, under the schedule's own 2 s floor."""
    faults = FaultPlan()
    faults.add("429", "status", times=6, retry_after=retry_after)
    waits = Waits()  # the app's own floor and cap, its sleeps scaled down
    schedule, retry = PollSchedule(), RetryPolicy()
    with EmulatorThread(fast_config(), faults) as emulator:
        task_id, video = await follow_to_the_end(emulator, app_home, waits, schedule, retry)
        assert video.read_bytes() == emulator.server.content_bytes(task_id)
    limited = [w for w in waits.asked if w == pytest.approx(schedule.bounded(retry_after), abs=0.01)]
    assert limited, waits.asked  # the service's wait was heard...
    assert all(schedule.floor <= w <= schedule.wait_max for w in waits.asked), waits.asked  # ...and bounded


def test_milliseconds_from_a_relay_import_download_resume_and_list(app_home: Path, tmp_path: Path) -> None:
    """A relay that writes ``created_at`` in milliseconds: before, `import` and `download` stopped with
    "year 58894 is out of range" and `tasks` failed from then on."""
    photo = tmp_path / "pier.png"
    photo.write_bytes(image_bytes("PNG"))
    with EmulatorThread(fast_config(time_unit=1000, queue_seconds=0.5), FaultPlan()) as emulator:
        env = cli_env(app_home, emulator)
        killed = killed_while_polling(photo, emulator, env)
        resumed = run_cli("resume", env=env)
        assert resumed.returncode == 0, resumed.stderr
        made = run_cli("generate", "--prompt", "elsewhere", "--poll-interval", "0.1", env=env)
        assert made.returncode == 0, made.stderr
        other = next(t for t in emulator.server.tasks if t != killed)
        elsewhere = tmp_path / "another-machine"  # where the id is typed in by hand
        env = cli_env(elsewhere, emulator)
        imported = run_cli("import", other, env=env)
        assert imported.returncode == 0, imported.stderr
        downloaded = run_cli("download", killed, "-o", str(tmp_path / "again.mp4"), env=env)
        assert downloaded.returncode == 0, downloaded.stderr
        listed = run_cli("tasks", env=env)
        assert listed.returncode == 0, listed.stderr
        assert (tmp_path / "again.mp4").read_bytes() == emulator.server.content_bytes(killed)
        with sqlite3.connect(elsewhere / "history.sqlite3") as db:
            query = "SELECT created_at, output_path FROM tasks WHERE task_id = ?"
            [(created, path)] = db.execute(query, (other,)).fetchall()
        assert Path(path).read_bytes() == emulator.server.content_bytes(other)
        assert abs(created - emulator.server.tasks[other].created_at) < 2  # seconds, not milliseconds
        assert other in listed.stdout


def test_a_history_already_holding_milliseconds_still_lists_names_and_resumes(
    app_home: Path, tmp_path: Path
) -> None:
    """A history an earlier release filled with times in milliseconds is not edited by hand: it lists,
    and its unfinished task is followed and saved under a name that can be made."""
    photo = tmp_path / "pier.png"
    photo.write_bytes(image_bytes("PNG"))
    with EmulatorThread(fast_config(queue_seconds=0.5), FaultPlan()) as emulator:
        env = cli_env(app_home, emulator)
        task_id = killed_while_polling(photo, emulator, env)
        with sqlite3.connect(app_home / "history.sqlite3") as db:
            db.execute("UPDATE tasks SET created_at = created_at * 1000, submitted_at = submitted_at * 1000")
        listed = run_cli("tasks", env=env)
        assert listed.returncode == 0 and task_id in listed.stdout, listed.stderr
        resumed = run_cli("resume", env=env)
        assert resumed.returncode == 0, resumed.stderr
        with sqlite3.connect(app_home / "history.sqlite3") as db:
            [(state, path)] = db.execute("SELECT state, output_path FROM tasks").fetchall()
        assert state == "completed"
        assert Path(path).read_bytes() == emulator.server.content_bytes(task_id)


# ----- found from outside (a hostile service, 2026-12-04), each failing on the code before ----------------

LYING_GZIP = {"Content-Encoding": "gzip"}  # and a plain body


@pytest.mark.parametrize(
    "body",
    [
        b'{"id": "{task_id}", "status": "queued"}',
        b'{"task_id": "{task_id}", "status": "failed"}',  # the first word is asked about again
    ],
    ids=["queued", "failed in the first answer"],
)
async def test_a_submission_answer_labelled_gzip_that_is_not_keeps_the_id(
    app_home: Path, body: bytes
) -> None:
    """Before: httpx's DecodingError escaped as a traceback, the row said "Interrupted while submitting"
    and the id was nowhere on the machine."""
    faults = FaultPlan()
    faults.add("answer", "submit", body=body, headers=LYING_GZIP)
    with EmulatorThread(fast_config(), faults) as emulator:
        task_id, video = await follow_to_the_end(emulator, app_home, Waits(), PollSchedule(fixed=0.05))
        assert [task_id] == list(emulator.server.tasks)
        assert video.read_bytes() == emulator.server.content_bytes(task_id)


async def test_a_status_answer_labelled_gzip_that_is_not_does_not_stop_following(app_home: Path) -> None:
    faults = FaultPlan()
    faults.add("answer", "status", body=b'{"id": "{task_id}", "status": "queued"}', headers=LYING_GZIP)
    with EmulatorThread(fast_config(), faults) as emulator:
        task_id, video = await follow_to_the_end(emulator, app_home, Waits(), PollSchedule(fixed=0.05))
        assert video.read_bytes() == emulator.server.content_bytes(task_id)
        assert faults.injected == {"answer": 1}


def test_a_numeric_id_is_kept_and_two_ids_at_two_levels_are_never_guessed_between() -> None:
    from veo_desktop.api.errors import BadResponse
    from veo_desktop.api.wire import parse_submission

    assert parse_submission(b'{"id": 123456789, "status": "queued"}').task_id == "123456789"
    with pytest.raises(BadResponse, match=r"video_OUTER.*video_INNER"):
        parse_submission(b'{"id": "video_OUTER", "data": {"id": "video_INNER", "status": "queued"}}')
    wrapped = b'{"id": "video_SAME", "data": {"id": "video_SAME", "status": "in_progress"}}'
    assert parse_submission(wrapped).status == "in_progress"


@pytest.mark.parametrize("kind", ["html502", "500", "429"])
async def test_a_retry_without_a_usable_wait_still_waits_the_floor(app_home: Path, kind: str) -> None:
    """A 502, a 500, or a 429 without a readable Retry-After fell back to a backoff of about 1 s."""
    faults = FaultPlan()
    faults.add(kind, "status", times=3, retry_after=-5.0)  # type: ignore[arg-type]
    waits = Waits()
    with EmulatorThread(fast_config(), faults) as emulator:
        store = HistoryStore(app_home / "history.sqlite3")
        async with make_http_client() as http:
            client = VeoClient(http, base_url=emulator.base_url, api_key=emulator.api_key, sleep=waits)
            status = await client.submit(VideoRequest("pier at dusk", seconds="4"), None)
            await client.status(status.task_id)
        store.close()
    assert waits.asked and min(waits.asked) >= 2.0, waits.asked
