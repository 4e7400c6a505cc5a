"""The history database: crash-safe settings, migrations, a damaged file moved aside, spend totals."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import sqlite3
import threading
from pathlib import Path

import pytest

from veo_desktop import i18n
from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.history.errors import HistoryCorrupt, HistoryTooNew
from veo_desktop.core.history.schema import MIGRATIONS
from veo_desktop.core.history.store import SCHEMA_VERSION, HistoryStore, TaskRecord
from veo_desktop.core.tasks.polling import NOT_FOUND_YET


def record(**changes: object) -> TaskRecord:
    values: dict[str, object] = {
        "id": 0,
        "state": "queued",
        "prompt": "p",
        "model": "veo-3.1-fast-generate-preview",
        "seconds": "8",
        "resolution": "720p",
        "aspect_ratio": "16:9",
    }
    values.update(changes)
    return TaskRecord(**values)  # type: ignore[arg-type]


def test_wal_with_full_sync_and_a_versioned_schema(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    added = store.add(record(task_id="task_a"))
    store.close()
    with sqlite3.connect(tmp_path / "h.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    again = HistoryStore(tmp_path / "h.sqlite3")
    assert again._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert again.get(added.id) == added
    again.close()


def test_a_newer_schema_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    db.close()
    before = path.read_bytes()
    with pytest.raises(HistoryTooNew, match="newer release"):
        HistoryStore(path)
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["h.sqlite3"]


def test_a_damaged_database_is_moved_aside_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\xde\xad" * 4000)
    store = HistoryStore(path)
    assert isinstance(store.recovered_from, HistoryCorrupt)
    assert "was damaged; it was moved aside" in str(store.recovered_from)
    assert "no task could be read from it" in str(store.recovered_from)
    assert store.recovered_from.moved_to.read_bytes().startswith(b"SQLite format 3")
    assert store.records() == []
    store.add(record(task_id="task_new"))
    assert [r.task_id for r in store.records()] == ["task_new"]
    store.close()


def test_interrupted_submissions_become_unknown(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    stuck = store.add(record(state="submitting"))
    [changed] = store.mark_interrupted_submissions()
    assert changed.id == stuck.id and changed.state == "unknown"
    assert "may have accepted it" in changed.last_error and "never billed twice" in changed.last_error
    store.close()


def test_spend_counts_completed_real_tasks_by_day_and_month(tmp_path: Path) -> None:
    now = dt.datetime(2026, 11, 25, 15, 0).timestamp()
    store = HistoryStore(tmp_path / "h.sqlite3")
    store.add(record(task_id="t1", state="completed", cost_cents=30, completed_at=now - 3600))
    store.add(record(task_id="t2", state="completed", cost_cents=120, completed_at=now - 3 * 86400))
    store.add(record(task_id="t3", state="completed", cost_cents=120, completed_at=now - 40 * 86400))
    store.add(record(task_id="t4", state="completed", cost_cents=30, completed_at=now, demo=True))
    store.add(record(task_id="t5", state="failed", completed_at=now))
    spend = store.spend(now=now)
    assert (spend.today_cents, spend.month_cents, spend.all_cents) == (30, 150, 270)
    store.close()


def test_update_refuses_unknown_fields(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    added = store.add(record())
    with pytest.raises(ValueError, match="not task fields"):
        store.update(added.id, colour="red")
    store.close()


def test_a_new_task_is_claimed_before_any_other_process_can_see_it(tmp_path: Path) -> None:
    """The task manager takes a new task's lock in ``claim``: at that moment no other connection (another
    process's resume) may see the row, or it would find it unowned and mark it interrupted."""
    path = tmp_path / "history.sqlite3"
    store = HistoryStore(path)
    seen_then: list[int] = []

    def claim(new_id: int) -> bool:
        with contextlib.closing(sqlite3.connect(path)) as other:
            seen_then.append(
                other.execute("SELECT COUNT(*) FROM tasks WHERE id = ?", (new_id,)).fetchone()[0]
            )
        return True

    try:
        record = store.add(TaskRecord.for_request(VideoRequest("x"), state="submitting"), claim=claim)
        with contextlib.closing(sqlite3.connect(path)) as other:
            assert other.execute("SELECT COUNT(*) FROM tasks").fetchone()[0] == 1
        assert seen_then == [0] and record.id == 1

        def refuse(_new_id: int) -> bool:
            raise RuntimeError("the lock is taken")

        with pytest.raises(RuntimeError):
            store.add(TaskRecord.for_request(VideoRequest("y"), state="submitting"), claim=refuse)
        assert [r.prompt for r in store.records()] == ["x"]  # nothing written when the claim fails
    finally:
        store.close()


async def test_writes_run_in_order_on_the_store_s_own_thread_whatever_else_is_busy(tmp_path: Path) -> None:
    """Image work, posters and downloads fill asyncio's default pool; a history write never waits there."""
    store = HistoryStore(tmp_path / "h.sqlite3")
    release = threading.Event()
    loop = asyncio.get_running_loop()
    busy = [loop.run_in_executor(None, release.wait) for _ in range(64)]  # more than the pool's threads
    threads: set[str] = set()

    def update(local_id: int, progress: int) -> TaskRecord:
        threads.add(threading.current_thread().name)
        return store.update(local_id, progress=progress)

    try:
        added = await asyncio.wait_for(store.write(store.add, record(task_id="task_a")), 5)
        await asyncio.wait_for(asyncio.gather(*(store.write(update, added.id, n) for n in range(1, 21))), 5)
        assert store.get(added.id) == dataclasses.replace(added, progress=20)
        assert len(threads) == 1 and threads.pop().startswith("history-writes")
    finally:
        release.set()
        await asyncio.gather(*busy)
        store.close()


async def test_a_write_handed_over_ends_even_when_its_caller_is_cancelled(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    store = HistoryStore(path)
    added = store.add(record(task_id="task_a"))
    gate = threading.Event()
    first = asyncio.ensure_future(store.write(gate.wait))  # holds the writer thread
    second = asyncio.ensure_future(store.write(store.update, added.id, state="completed"))
    await asyncio.sleep(0)  # one turn of the loop: both ran to their hand-over (in order), no timing
    assert not second.done()  # handed over and waiting behind the first, not yet cancelled
    second.cancel()
    gate.set()
    assert await first is True
    with pytest.raises(asyncio.CancelledError):
        await second
    store.close()  # waits for the write handed over
    reopened = HistoryStore(path)
    found = reopened.get(added.id)
    assert found is not None and found.state == "completed"
    reopened.close()


def test_an_error_is_kept_as_a_message_and_shown_in_the_language_of_whoever_reads_it(tmp_path: Path) -> None:
    """The window (in Chinese) writes a task's error; the command line (English) reads it in English, and
    the window reads it in its own language again: the history keeps the message, not the words."""
    store = HistoryStore(tmp_path / "history.sqlite3")
    try:
        added = store.add(record())
        i18n.install(lambda _context, text: "【中文】" + text)  # the window's translator
        try:
            written = store.update(
                added.id, last_error=i18n.Message.of("Tasks", NOT_FOUND_YET, address="https://x.example/v1")
            )
            assert written.last_error.startswith("【中文】The service at https://x.example/v1 says")
        finally:
            i18n.install(None)
        read = store.get(added.id)
        assert read is not None
        assert read.last_error.startswith("The service at https://x.example/v1 says it does not know")
        assert "【中文】" not in read.last_error
    finally:
        store.close()


def test_a_history_of_the_release_before_opens_with_every_task_and_its_words(tmp_path: Path) -> None:
    """Histories written before errors were kept as messages hold the words themselves (in the language
    of the writer): they open unchanged, every task there, and those words are shown as they are."""
    path = tmp_path / "history.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.executescript(MIGRATIONS[0])
        db.execute("PRAGMA user_version = 1")
        for n in range(5):
            db.execute(
                "INSERT INTO tasks (state, prompt, model, seconds, resolution, aspect_ratio, task_id, "
                "created_at, last_error) VALUES (?, ?, ?, '8', '720p', '16:9', ?, ?, ?)",
                (
                    "failed",
                    f"task {n}",
                    "veo-3.1-fast-generate-preview",
                    f"task_old{n}",
                    1000.0 + n,
                    f"原因 {n}",
                ),
            )
        db.commit()
    store = HistoryStore(path)
    try:
        assert store.recovered_from is None
        records = store.records()
        assert [(r.task_id, r.last_error) for r in reversed(records)] == [
            (f"task_old{n}", f"原因 {n}") for n in range(5)
        ]
    finally:
        store.close()


def test_a_column_this_release_does_not_know_is_left_out_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store = HistoryStore(path)
    store.add(record(task_id="task_kept"))
    store.close()
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("ALTER TABLE tasks ADD COLUMN something_new TEXT NOT NULL DEFAULT 'x'")
        db.commit()
    store = HistoryStore(path)
    try:
        assert [r.task_id for r in store.records()] == ["task_kept"]
    finally:
        store.close()
