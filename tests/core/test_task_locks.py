"""The task locks (filelock underneath): two TaskLocks in one process exclude each other as two processes'
do, a refused try returns at once, the lock goes with its process, and a failed claim of a new task is an
error that leaves nothing in the history."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.helpers.cli import kill
from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.history.errors import ClaimRefused
from veo_desktop.core.history.locks import TaskLocks
from veo_desktop.core.history.store import HistoryStore, TaskRecord

HOLD = """
import sys
from pathlib import Path
from veo_desktop.core.history.locks import TaskLocks
locks = TaskLocks(Path(sys.argv[1]))
print("held" if locks.acquire(3) else "refused", flush=True)
sys.stdin.readline()
"""


def test_two_task_locks_in_one_process_exclude_each_other(tmp_path: Path) -> None:
    """The tests run the window's and a command's task managers in one process on one history."""
    window, command = TaskLocks(tmp_path), TaskLocks(tmp_path)
    assert window.acquire(1) and window.acquire(1)  # again: still held, once
    started = time.monotonic()
    assert not command.acquire(1) and command.held_elsewhere(1)
    assert time.monotonic() - started < 1.0  # a try, never a wait
    assert not window.held_elsewhere(1) and command.acquire(2)
    window.release(1)
    assert not command.held_elsewhere(1) and command.acquire(1) and not window.acquire(1)
    assert sorted(command.held) == [1, 2] and window.held == []
    command.release_all()
    assert window.acquire(1) and window.acquire(2)
    window.release_all()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1.lock", "2.lock"]  # files stay (no race)


def test_a_lock_taken_on_one_thread_is_released_on_another(tmp_path: Path) -> None:
    """New tasks are claimed on the history's writer thread and given up on the event loop's."""
    locks, other = TaskLocks(tmp_path), TaskLocks(tmp_path)
    taken: list[bool] = []
    thread = threading.Thread(target=lambda: taken.append(locks.acquire(5)))
    thread.start()
    thread.join()
    assert taken == [True] and not other.acquire(5)
    locks.release(5)
    assert other.acquire(5)
    other.release_all()


def test_the_lock_goes_with_its_process(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    mine = TaskLocks(tmp_path)
    assert not mine.acquire(3) and mine.held_elsewhere(3)
    kill(holder)  # SIGKILL (TerminateProcess on Windows): no release ran
    assert mine.acquire(3)
    second = subprocess.run(
        [sys.executable, "-c", HOLD, str(tmp_path)], input="\n", capture_output=True, text=True, timeout=60
    )
    assert second.stdout == "refused\n"
    mine.release_all()


def test_a_refused_claim_is_an_error_and_nothing_is_written(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.sqlite3")
    elsewhere = TaskLocks(tmp_path / "locks")
    mine = TaskLocks(tmp_path / "locks")
    try:
        first = store.add(
            TaskRecord.for_request(VideoRequest("mine"), state="submitting"), claim=mine.acquire
        )
        assert mine.held == [first.id]
        assert elsewhere.acquire(first.id + 1)  # a lock left on the next id (a task another removed)
        with pytest.raises(ClaimRefused) as refused:
            store.add(
                TaskRecord.for_request(VideoRequest("not followed"), state="submitting"), claim=mine.acquire
            )
        assert refused.value.local_id == first.id + 1
        assert "following this task" in str(refused.value)
        assert [r.prompt for r in store.records()] == ["mine"]  # the row was rolled back
        elsewhere.release_all()
        second = store.add(
            TaskRecord.for_request(VideoRequest("now"), state="submitting"), claim=mine.acquire
        )
        assert sorted(r.prompt for r in store.records()) == ["mine", "now"] and second.id in mine.held
    finally:
        mine.release_all()
        elsewhere.release_all()
        store.close()
