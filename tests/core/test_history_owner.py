"""One owner for the history (issue 27): every read and write of its file runs on the history's one
thread, the event loop awaits them (and keeps running while that thread is busy), and a new task whose
lock is not taken is never written."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest

from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.history.errors import ClaimRefused
from veo_desktop.core.history.locks import TaskLocks
from veo_desktop.core.history.store import HistoryStore, Spend, TaskRecord


def task(prompt: str, state: str = "failed", **changes: object) -> TaskRecord:
    return TaskRecord.for_request(VideoRequest(prompt), state=state, **changes)


def watch_threads(store: HistoryStore) -> list[int]:
    """The threads every SQL statement of the store runs on, from now on (on any of its connections)."""
    seen: list[int] = []
    connections = [value for value in vars(store).values() if isinstance(value, sqlite3.Connection)]
    assert len(connections) >= 1
    for connection in connections:
        connection.set_trace_callback(lambda _sql: seen.append(threading.get_ident()))
    return seen


async def test_every_read_and_write_runs_on_the_history_s_one_thread_while_the_loop_awaits(
    tmp_path: Path,
) -> None:
    store = HistoryStore(tmp_path / "history.sqlite3", clock=lambda: 1_700_000_000.0)
    seen = watch_threads(store)
    reads = store.reads
    try:
        first = await store.write(store.add, task("harbour at dusk", created_at=1_700_000_000.0))
        second = await store.write(store.add, task("forest path", "queued", task_id="task_b", created_at=2e9))
        await store.write(store.update, first.id, state="completed", cost_cents=30, completed_at=1.7e9)

        # What the window asks for, each one awaited.
        assert [r.prompt for r in await reads.page(1)] == ["forest path"]
        assert [r.prompt for r in await reads.page(5, older_than=second)] == ["harbour at dusk"]
        assert [r.id for r in await reads.finished(10)] == [first.id]
        assert [r.id for r in await reads.unfinished()] == [second.id]
        assert await reads.recent_prompts() == ["forest path", "harbour at dusk"]
        assert await reads.spend() == Spend(today_cents=30, month_cents=30, all_cents=30)
        assert (await reads.by_task_id("task_b")) == second
        got = await reads.get(first.id)
        assert got is not None and got.state == "completed"
        # The blocking forms, called from the loop's thread or another one, are handed over too.
        assert store.get(second.id) == second
        assert [r.id for r in await asyncio.to_thread(store.records)] == [second.id, first.id]

        loop_thread = threading.get_ident()
        assert seen, "no statement was seen"
        assert len(set(seen)) == 1 and loop_thread not in seen  # one thread, never the loop's
    finally:
        store.close()


async def test_the_loop_keeps_running_while_the_history_s_thread_is_busy(tmp_path: Path) -> None:
    """Another program holding the file makes the history's thread wait (up to its busy timeout); the
    window's loop goes on, and the read it awaits comes once the thread is free."""
    store = HistoryStore(tmp_path / "history.sqlite3")
    release = threading.Event()
    loop = asyncio.get_running_loop()
    try:
        added = await store.write(store.add, task("pier"))
        busy = loop.run_in_executor(store.executor, release.wait)  # the history's thread, held
        read = asyncio.ensure_future(store.reads.get(added.id))
        ticks = 0
        for _ in range(5):  # the loop turns while the read waits
            await asyncio.sleep(0)
            ticks += 1
        assert ticks == 5 and not read.done()
        release.set()
        assert await asyncio.wait_for(read, 5) == added
        await busy
    finally:
        release.set()
        store.close()


def test_a_new_task_whose_lock_another_holds_is_refused_and_not_written(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.sqlite3")
    other = TaskLocks(tmp_path / "locks")  # another Veo Desktop on the same history
    mine = TaskLocks(tmp_path / "locks")
    try:
        assert other.acquire(1)  # it holds the lock of the id the next task gets
        with pytest.raises(ClaimRefused) as refused:
            store.add(task("storm", "submitting"), claim=mine.acquire)
        assert refused.value.local_id == 1
        assert store.records() == [] and mine.held == []  # nothing written, nothing held
        other.release(1)
        added = store.add(task("storm", "submitting"), claim=mine.acquire)
        assert [r.id for r in store.records()] == [added.id] and mine.held == [added.id]
    finally:
        mine.release_all()
        other.release_all()
        store.close()


async def test_a_refused_claim_raises_through_the_awaited_write(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.sqlite3")
    try:
        with pytest.raises(ClaimRefused):
            await store.write(store.add, task("storm", "submitting"), claim=lambda _id: False)
        assert await store.reads.page(10) == []
    finally:
        store.close()
