"""The history of every task, in SQLite (WAL, ``synchronous=FULL``), crash-safe.

A submission is written as ``submitting`` before the request goes out and gets its task id in a second
transaction the instant the answer arrives; a crash in between leaves ``unknown`` ("submitted, outcome
unknown") on the next start instead of a vanished, possibly billed, task.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Final, Literal

from veo_desktop.api import rules
from veo_desktop.i18n import translate

State = Literal[
    "waiting",  # recorded, not sent: waiting for one of the tasks running at once to finish
    "submitting",  # written before the POST goes out
    "unknown",  # the POST went out, no answer came back: maybe accepted, never resent
    "rejected",  # the service refused the submission (nothing billed)
    "queued",
    "in_progress",
    "downloading",
    "completed",  # the video is on disk
    "failed",  # the service says the task failed (not billed)
    "download_failed",  # completed at the service but not saved yet: stays downloadable
]
ACTIVE: Final = frozenset({"queued", "in_progress", "downloading", "download_failed"})
ENDED: Final = frozenset({"completed", "failed", "rejected", "unknown"})
# What counts against "how many tasks run at once": sent, or being sent, and not finished at the service.
RUNNING: Final = frozenset({"submitting", "queued", "in_progress"})


@dataclass(frozen=True)
class TaskRecord:
    id: int
    state: State
    prompt: str
    model: str
    seconds: str
    resolution: str
    aspect_ratio: str
    negative_prompt: str = ""
    seed: int | None = None
    task_id: str | None = None
    image_name: str = ""
    image_sha256: str = ""
    image_copy: str = ""  # our own copy of the uploaded bytes, for retry
    progress: int = 0
    created_at: float = 0.0
    submitted_at: float | None = None
    started_at: float | None = None
    completed_at: float | None = None
    saved_at: float | None = None
    cost_cents: int | None = None
    output_path: str = ""
    last_error: str = ""
    demo: bool = False
    imported: bool = False

    @classmethod
    def for_request(cls, request: rules.VideoRequest, **fields: Any) -> TaskRecord:
        """A new record (its id comes from the store) holding what the user asked for."""
        asked = {name: getattr(request, name) for name in _REQUEST_FIELDS}
        return cls(id=0, **asked, **fields)

    @property
    def request(self) -> rules.VideoRequest:
        return rules.VideoRequest(**{name: getattr(self, name) for name in _REQUEST_FIELDS})

    @property
    def active(self) -> bool:
        return self.state in ACTIVE


_COLUMNS: Final = tuple(f.name for f in fields(TaskRecord))
# What a record keeps of the request: every field of VideoRequest, under the same names.
_REQUEST_FIELDS: Final = tuple(f.name for f in fields(rules.VideoRequest))

# Each migration takes the schema from version i to i + 1; never edit one that has shipped.
MIGRATIONS: Final[tuple[str, ...]] = (
    """
    CREATE TABLE tasks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        state TEXT NOT NULL,
        prompt TEXT NOT NULL,
        model TEXT NOT NULL,
        seconds TEXT NOT NULL,
        resolution TEXT NOT NULL,
        aspect_ratio TEXT NOT NULL,
        negative_prompt TEXT NOT NULL DEFAULT '',
        seed INTEGER,
        task_id TEXT UNIQUE,
        image_name TEXT NOT NULL DEFAULT '',
        image_sha256 TEXT NOT NULL DEFAULT '',
        image_copy TEXT NOT NULL DEFAULT '',
        progress INTEGER NOT NULL DEFAULT 0,
        created_at REAL NOT NULL,
        submitted_at REAL,
        started_at REAL,
        completed_at REAL,
        saved_at REAL,
        cost_cents INTEGER,
        output_path TEXT NOT NULL DEFAULT '',
        last_error TEXT NOT NULL DEFAULT '',
        demo INTEGER NOT NULL DEFAULT 0,
        imported INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX tasks_state ON tasks(state);
    CREATE INDEX tasks_created ON tasks(created_at);
    """,
)
SCHEMA_VERSION: Final = len(MIGRATIONS)


class HistoryCorrupt(Exception):
    def __init__(self, path: Path, moved_to: Path) -> None:
        self.moved_to = moved_to
        super().__init__(
            f"The history database {path} was damaged; it was moved aside to {moved_to.name} "
            "and a new, empty history was started."
        )


@dataclass(frozen=True)
class Spend:
    today_cents: int
    month_cents: int
    all_cents: int


class HistoryStore:
    """Two connections: writes (each one fsynced) go through one, reads through the other, so a
    reader on the event loop never waits behind a writer's fsync (WAL lets them run side by side).
    Writes are blocking: the task manager runs them in a worker thread and awaits them in order."""

    def __init__(self, path: Path, *, clock: Any = time.time) -> None:
        self.path = path
        self._clock = clock
        self._lock = threading.RLock()  # the writer
        self._read_lock = threading.Lock()
        self.recovered_from: HistoryCorrupt | None = None
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._open()
        except sqlite3.DatabaseError:
            moved = path.with_name(f"{path.name}.damaged-{int(self._clock())}")
            shutil.move(path, moved)
            for suffix in ("-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            self.recovered_from = HistoryCorrupt(path, moved)
            self._db = self._open()
        self._reader = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=10)
        self._reader.row_factory = sqlite3.Row

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=10)
        db.row_factory = sqlite3.Row
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("quick_check failed")
            self._migrate(db)
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    @staticmethod
    def _migrate(db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"history schema {version} is newer than this app ({SCHEMA_VERSION})")
        for number in range(version, SCHEMA_VERSION):
            db.execute("BEGIN IMMEDIATE")
            try:
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number + 1}")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        with self._lock, self._read_lock:
            self._db.close()
            self._reader.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # ----- writes -------------------------------------------------------------------------------

    def add(self, record: TaskRecord) -> TaskRecord:
        """Insert a new task (its ``id`` is assigned here) and return it."""
        values = {name: getattr(record, name) for name in _COLUMNS if name != "id"}
        values["created_at"] = values["created_at"] or self._clock()
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        with self._transaction() as db:
            cursor = db.execute(f"INSERT INTO tasks ({names}) VALUES ({marks})", tuple(values.values()))  # noqa: S608
            new_id = cursor.lastrowid
        assert new_id is not None
        return replace(record, id=new_id, created_at=values["created_at"])

    def update(self, local_id: int, **changes: Any) -> TaskRecord:
        unknown = set(changes) - set(_COLUMNS) | ({"id"} & set(changes))
        if unknown:
            raise ValueError(f"not task fields: {sorted(unknown)}")
        assignments = ", ".join(f"{name} = ?" for name in changes)
        with self._transaction() as db:
            db.execute(f"UPDATE tasks SET {assignments} WHERE id = ?", (*changes.values(), local_id))  # noqa: S608
            row = db.execute("SELECT * FROM tasks WHERE id = ?", (local_id,)).fetchone()
        if row is None:
            raise KeyError(local_id)
        return _record(row)

    def remove(self, local_id: int) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM tasks WHERE id = ?", (local_id,))

    def mark_interrupted_submissions(
        self, skip: Callable[[int], bool] = lambda _id: False
    ) -> list[TaskRecord]:
        """On start: a ``submitting`` row means the app died mid-request; its outcome is unknown.
        ``skip`` names the rows another running process is submitting right now."""
        stale = [r for r in self.records(states=("submitting",)) if not skip(r.id)]
        message = translate(
            "Tasks",
            "The app stopped while this was being submitted; the service may have accepted it. "
            "It was not sent again, so you are never billed twice.",
        )
        return [self.update(r.id, state="unknown", last_error=message) for r in stale]

    # ----- reads --------------------------------------------------------------------------------

    def get(self, local_id: int) -> TaskRecord | None:
        with self._read_lock:
            row = self._reader.execute("SELECT * FROM tasks WHERE id = ?", (local_id,)).fetchone()
        return _record(row) if row else None

    def by_task_id(self, task_id: str) -> TaskRecord | None:
        with self._read_lock:
            row = self._reader.execute("SELECT * FROM tasks WHERE task_id = ?", (task_id,)).fetchone()
        return _record(row) if row else None

    def records(
        self,
        *,
        states: tuple[str, ...] | frozenset[str] | None = None,
        limit: int | None = None,
        offset: int = 0,
        older_than: TaskRecord | None = None,
    ) -> list[TaskRecord]:
        """Newest first; ``older_than`` pages on from a record (stable while new tasks arrive)."""
        query = "SELECT * FROM tasks"
        params: list[Any] = []
        where: list[str] = []
        if states is not None:
            where.append(f"state IN ({', '.join('?' for _ in states)})")
            params += list(states)
        if older_than is not None:
            where.append("(created_at < ? OR (created_at = ? AND id < ?))")
            params += [older_than.created_at, older_than.created_at, older_than.id]
        if where:
            query += " WHERE " + " AND ".join(where)
        query += " ORDER BY created_at DESC, id DESC"
        if limit is not None:
            query += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        with self._read_lock:
            rows = self._reader.execute(query, params).fetchall()
        return [_record(r) for r in rows]

    def recent_prompts(self, limit: int = 50) -> list[str]:
        """Distinct prompts, most recently used first."""
        query = "SELECT prompt FROM tasks GROUP BY prompt ORDER BY MAX(created_at) DESC LIMIT ?"
        with self._read_lock:
            return [row[0] for row in self._reader.execute(query, (limit,)).fetchall() if row[0].strip()]

    def unfinished(self) -> list[TaskRecord]:
        return list(reversed(self.records(states=ACTIVE)))

    def spend(self, *, now: float | None = None) -> Spend:
        """Money spent on completed, non-demo tasks: today, this month (local time), all time."""
        moment = dt.datetime.fromtimestamp(now if now is not None else self._clock())
        day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
        month = day.replace(day=1)
        query = "SELECT COALESCE(SUM(cost_cents), 0) FROM tasks WHERE demo = 0 AND cost_cents IS NOT NULL"

        def total(since: dt.datetime | None) -> int:
            extra, params = ("", ()) if since is None else (" AND completed_at >= ?", (since.timestamp(),))
            with self._read_lock:
                return int(self._reader.execute(query + extra, params).fetchone()[0])

        return Spend(total(day), total(month), total(None))


def _record(row: sqlite3.Row) -> TaskRecord:
    values = dict(row)
    values["demo"] = bool(values["demo"])
    values["imported"] = bool(values["imported"])
    return TaskRecord(**values)
