"""The history database: crash-safe settings, migrations, a damaged file moved aside, spend totals."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.history import SCHEMA_VERSION, HistoryStore, TaskRecord
from veo_desktop.core.history_errors import HistoryCorrupt, HistoryTooNew


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

    def claim(new_id: int) -> None:
        with contextlib.closing(sqlite3.connect(path)) as other:
            seen_then.append(
                other.execute("SELECT COUNT(*) FROM tasks WHERE id = ?", (new_id,)).fetchone()[0]
            )

    try:
        record = store.add(TaskRecord.for_request(VideoRequest("x"), state="submitting"), claim=claim)
        with contextlib.closing(sqlite3.connect(path)) as other:
            assert other.execute("SELECT COUNT(*) FROM tasks").fetchone()[0] == 1
        assert seen_then == [0] and record.id == 1

        def refuse(_new_id: int) -> None:
            raise RuntimeError("the lock is taken")

        with pytest.raises(RuntimeError):
            store.add(TaskRecord.for_request(VideoRequest("y"), state="submitting"), claim=refuse)
        assert [r.prompt for r in store.records()] == ["x"]  # nothing written when the claim fails
    finally:
        store.close()
