"""What another Veo Desktop writes after this one started (a command run later in a terminal, a second
window): ``TaskManager.adopt``, called every second or so, tells of the rows it adds, changes and removes,
and takes a task over once that process has gone (its lock with it). The other process here is a second
task manager (or store) on the same history, with its own locks: closing it is what its death does."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import fast_config, until
from tests.helpers.tasks import REQUEST, manager_for, submissions
from veo_desktop.core.clips.images import prepare_image_bytes
from veo_desktop.core.history.locks import TaskLocks
from veo_desktop.core.history.store import HistoryStore
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.manager import TaskEvent
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread

pytestmark = pytest.mark.slow


def told(events: list[TaskEvent], kind: str) -> list[TaskRecord]:
    return [e.record for e in events if e.kind == kind]


async def test_a_task_another_process_starts_later_is_shown_then_taken_over_when_it_dies(
    app_home: Path, photo: Path
) -> None:
    with EmulatorThread(fast_config(queue_seconds=1.0, render_seconds=1.0), FaultPlan()) as emulator:
        async with manager_for(emulator, app_home, locks=TaskLocks(app_home / "locks")) as window:
            assert await window.resume() == []
            events: list[TaskEvent] = []
            window.subscribe(events.append)
            assert await window.adopt() == []  # nothing written elsewhere: nothing told
            async with manager_for(emulator, app_home, locks=TaskLocks(app_home / "locks")) as command:
                image = prepare_image_bytes(photo.read_bytes(), photo.name)
                sent = await command.submit(REQUEST, image)
                await until(lambda: command.poll_count > 0, "the other process polling")
                [added] = await window.adopt()
                assert told(events, "added") == [added]
                assert added.id == sent.id and added.task_id == sent.task_id
                assert window.following == [] and list(window.elsewhere) == [sent.id]  # left to it
                assert window.held_elsewhere(sent.id)
            # The other process is gone (as a kill leaves it: the task unfinished, its lock dropped).
            left = window.get(sent.id)
            assert left is not None and left.active
            await window.adopt()
            assert window.elsewhere == {} and window.following == [sent.id]
            [done] = await window.wait()
        assert done.state == "completed" and sent.task_id is not None and done.task_id == sent.task_id
        assert Path(done.output_path).read_bytes() == emulator.server.content_bytes(sent.task_id)
        assert len(submissions(emulator)) == 1


async def test_a_submission_another_process_makes_is_shown_never_sent_and_unknown_when_it_dies(
    app_home: Path,
) -> None:
    with EmulatorThread(fast_config(), FaultPlan()) as emulator:
        async with manager_for(emulator, app_home, locks=TaskLocks(app_home / "locks")) as window:
            await window.resume()
            events: list[TaskEvent] = []
            window.subscribe(events.append)
            other = HistoryStore(app_home / "history.sqlite3")
            other_locks = TaskLocks(app_home / "locks")
            try:
                base = TaskRecord.for_request(REQUEST, state="submitting", created_at=1000.0)
                sending = other.add(base, claim=other_locks.acquire)  # its POST is in flight
                demo = other.add(
                    TaskRecord.for_request(REQUEST, state="queued", task_id="video_d", demo=True)
                )
                await window.adopt()
                assert sorted(r.id for r in told(events, "added")) == [sending.id, demo.id]
                assert list(window.elsewhere) == [sending.id] and window.following == []
                other_locks.release_all()  # that process died mid-request
                await window.adopt()
                now = window.get(sending.id)
                assert now is not None and now.state == "unknown"  # never resent
                assert told(events, "changed")[-1] == now
                assert window.elsewhere == {} and window.following == []  # the demo task is not this mode's
                other.update(demo.id, progress=40)
                await window.adopt()
                assert told(events, "changed")[-1].progress == 40
                other.remove(demo.id)
                await window.adopt()
                assert [r.id for r in told(events, "removed")] == [demo.id]
            finally:
                other_locks.release_all()
                other.close()
        assert submissions(emulator) == []


async def test_a_task_this_process_stopped_following_is_not_taken_up_again(
    app_home: Path, photo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with EmulatorThread(fast_config(queue_seconds=5.0), FaultPlan()) as emulator:
        async with manager_for(emulator, app_home, locks=TaskLocks(app_home / "locks")) as window:
            await window.resume()

            async def broken(record: TaskRecord) -> bool:
                raise RuntimeError("the disk went away")

            monkeypatch.setattr(window.poller, "until_finished", broken)
            sent = await window.submit(REQUEST, prepare_image_bytes(photo.read_bytes(), photo.name))
            [stopped] = await window.wait()
            assert stopped.active and "the disk went away" in stopped.last_error
            other = HistoryStore(app_home / "history.sqlite3")
            try:  # another process writes: the window looks at every row again
                other.add(TaskRecord.for_request(REQUEST, state="failed", created_at=1000.0))
            finally:
                other.close()
            assert sorted(r.id for r in await window.adopt()) == [sent.id, sent.id + 1]
            assert window.following == [] and window.elsewhere == {}  # left as the user sees it
        assert len(submissions(emulator)) == 1
