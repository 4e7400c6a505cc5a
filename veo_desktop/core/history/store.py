"""The history of every task, in SQLite (WAL, ``synchronous=FULL``), crash-safe.

A submission is written as ``submitting`` before the request goes out and gets its task id in a second
transaction the instant the answer arrives; a crash in between leaves ``unknown`` ("submitted, outcome
unknown") on the next start instead of a vanished, possibly billed, task.

Beside it: the schema, its migrations and opening the file (``history_schema``), a damaged file moved aside
and read out (``history_recovery``), the evidence that notices a lost journal (``history_writes``), and
what is told to the user (``history_errors``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import hashlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Concatenate, Final, ParamSpec, TypeVar

from veo_desktop.core.history import writes as history_writes
from veo_desktop.core.history.errors import HistoryNotice, HistoryTooNew, JournalLost, check_writable
from veo_desktop.core.history.files import WAL_HEADER, journal_of, schema_version
from veo_desktop.core.history.reads import HistoryReads
from veo_desktop.core.history.recovery import start_over
from veo_desktop.core.history.schema import SCHEMA_VERSION, Damaged, connect, open_checked
from veo_desktop.core.history.writes import Write, WriteLog
from veo_desktop.core.task_record import ACTIVE, RUNNING, STOPPED, State, TaskRecord
from veo_desktop.i18n import QT_TRANSLATE_NOOP, Message, shown_text, stored_text

__all__ = ["ACTIVE", "RUNNING", "SCHEMA_VERSION", "HistoryStore", "Spend", "State", "TaskRecord"]

log = logging.getLogger(__name__)


_COLUMNS: Final = tuple(f.name for f in fields(TaskRecord))

Row = tuple[Any, ...]  # a task's row as SQLite holds it, its id first: cheap to keep and compare

# Given the tasks sent and not finished (their ids), whether one more may be sent now.
Room = Callable[[list[int]], bool]

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class Spend:
    today_cents: int
    month_cents: int
    all_cents: int


def _owned(method: Callable[Concatenate[HistoryStore, P], T]) -> Callable[Concatenate[HistoryStore, P], T]:
    """The method touches the files: it runs on the history's one thread, at once when called there,
    else handed to it and waited for (the caller's thread blocks: never the window's)."""

    @functools.wraps(method)
    def on_owner(self: HistoryStore, /, *args: P.args, **kwargs: P.kwargs) -> T:
        if threading.get_ident() == self._owner:
            return method(self, *args, **kwargs)
        return self.executor.submit(method, self, *args, **kwargs).result()

    return on_owner


class HistoryStore:
    """One owner: every read and write of the files runs on the store's one thread (``history-writes``),
    one at a time, in the order given, never queued behind other work; from the event loop, await
    them: :meth:`write` for writes (``store.update``, ``store.add``…), :meth:`read` or
    :attr:`reads` (``await store.reads.page(...)``) for reads. The methods themselves are blocking
    (for the commands' sync paths, the start-up's recovery, and code on the store's thread): called
    from another thread, they wait for the store's thread. Writes (each one fsynced) and reads use
    two connections (WAL lets them run side by side with other processes).

    Opening refuses (:class:`~veo_desktop.core.history.errors.HistoryUnavailable`, nothing changed) a
    history from a newer release, one another program holds for ``busy_timeout`` seconds, and one in a
    folder that cannot be written. A damaged one is moved aside and what can be read is copied into a
    new one; that, or a journal lost since the last store closed, is told in ``recovered_from``."""

    def __init__(self, path: Path, *, clock: Any = time.time, busy_timeout: float = 10.0) -> None:
        self.path = path
        self._clock = clock
        self._lock = threading.RLock()  # the writer
        self._read_lock = threading.Lock()
        self.recovered_from: HistoryNotice | None = None
        self._names: tuple[str, ...] = _COLUMNS  # the columns of rows_if_changed's rows
        self._owner: int | None = None  # the thread that touches the files, once it runs
        check_writable(path.parent)
        found = schema_version(path)  # from the files themselves: SQLite would already change them
        if found > SCHEMA_VERSION:
            raise HistoryTooNew(path, found, SCHEMA_VERSION)
        journal = journal_of(path)
        had_journal = journal.exists() and journal.stat().st_size >= WAL_HEADER
        try:
            self._db = open_checked(path, busy_timeout)
        except Damaged:
            self._db, self.recovered_from = start_over(path, int(self._clock()), busy_timeout)
        try:
            self._reader = connect(path, busy_timeout)
            self._reader.row_factory = sqlite3.Row
            self._writes = self._watch_journal(journal, had_journal)
        except BaseException:
            self._db.close()
            raise
        self.executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="history-writes", initializer=self._take_ownership
        )
        self.reads = HistoryReads(self)

    def _take_ownership(self) -> None:
        self._owner = threading.get_ident()

    def _watch_journal(self, journal: Path, had_journal: bool) -> WriteLog:
        """Check the last writes of the stores that have ended (see history_writes), then keep ours."""
        folder = self.path.with_name(self.path.name + ".sessions")
        try:
            lost = history_writes.check(folder, self._present, forget=self.recovered_from is not None)
        except sqlite3.Error as exc:  # the check is evidence, not a reason to refuse the history
            log.warning("could not check the history's last writes: %s", exc)
            lost = None
        if lost is not None:
            log.warning("the history's journal was lost; the last write was to %s", lost.task)
            self.recovered_from = JournalLost(journal, missing=not had_journal, last_task=lost.task)
        return WriteLog(folder)

    async def write(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run the blocking write ``fn(*args, **kwargs)`` (``store.update``, ``store.add``…) on
        :attr:`executor`, the store's one thread, and return its result. Once handed over, a
        write runs to its end even when the caller is cancelled; :meth:`close` waits for it."""
        loop = asyncio.get_running_loop()
        handed = loop.run_in_executor(self.executor, functools.partial(fn, *args, **kwargs))
        return await asyncio.shield(handed)

    async def read(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run the blocking read ``fn(*args, **kwargs)`` (``store.records``…) on the store's thread,
        after the writes handed over before it, and return its result."""
        return await asyncio.wrap_future(self.executor.submit(fn, *args, **kwargs))

    def close(self) -> None:
        """Wait for the reads and writes handed over, close the files on the store's thread, stop it."""
        try:
            closed = self.executor.submit(self._close_files)
        except RuntimeError:  # closed already
            return
        self.executor.shutdown(wait=True)
        closed.result()

    def _close_files(self) -> None:
        with self._lock, self._read_lock:
            self._db.close()
            self._reader.close()
            self._writes.close()

    def _present(self, write: Write) -> bool:
        """Whether the row is as ``write`` left it (absent, for a removal)."""
        row = self._db.execute("SELECT * FROM tasks WHERE id = ?", (write.local_id,)).fetchone()
        return (_digest(row) if row else None) == write.digest

    def _before_commit(self, local_id: int, row: sqlite3.Row | None) -> None:
        """Inside the transaction, just before COMMIT: note the row it leaves (see history_writes)."""
        task = row["task_id"] if row is not None and row["task_id"] else f"#{local_id}"
        digest = _digest(row) if row is not None else None
        self._writes.before_commit(Write(at=time.time(), local_id=local_id, task=task, digest=digest))

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """Each write notes the row it leaves (:meth:`_before_commit`) last thing before ``COMMIT``."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                # A COMMIT can fail too (a full disk): it must not leave the write lock held.
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:  # SQLite may have rolled back on its own already
                    self._db.execute("ROLLBACK")
                self._writes.rolled_back()
                raise
            self._writes.committed()

    # ----- writes -------------------------------------------------------------------------------

    @_owned
    def add(
        self,
        record: TaskRecord,
        *,
        claim: Callable[[int], bool] | None = None,
        room: Room | None = None,
    ) -> TaskRecord:
        """Insert a new task (its ``id`` is assigned here) and return it. ``claim(id)`` runs before the
        row is committed (a process takes the task's lock there, so no other process ever sees the new
        row unowned); if it raises, or returns False (:class:`ClaimRefused` then), nothing is written.
        A ``submitting`` record is written as ``waiting`` when ``room`` (see :meth:`start_if_room`) says
        no more may be sent now."""
        from veo_desktop.core.history.errors import ClaimRefused  # here: history.py's head is in flux

        with self._transaction() as db:
            if room is not None and record.state == "submitting" and not room(self._running(db, record.demo)):
                record = replace(record, state="waiting")
            values = {name: getattr(record, name) for name in _COLUMNS if name != "id"}
            values["created_at"] = values["created_at"] or self._clock()
            names = ", ".join(values)
            marks = ", ".join("?" for _ in values)
            cursor = db.execute(f"INSERT INTO tasks ({names}) VALUES ({marks})", tuple(values.values()))  # noqa: S608
            new_id = cursor.lastrowid
            assert new_id is not None
            if claim is not None and not claim(new_id):
                raise ClaimRefused(new_id)  # rolls the row back: never a task nobody follows
            self._before_commit(new_id, db.execute("SELECT * FROM tasks WHERE id = ?", (new_id,)).fetchone())
        return replace(record, id=new_id, created_at=values["created_at"])

    @_owned
    def update(self, /, local_id: int, **changes: Any) -> TaskRecord:
        """Change a task. One that stops (:data:`STOPPED`: refused, failed, outcome unknown, no longer
        followed) is stamped with when it did (``completed_at``, unless given): its clock stops there."""
        unknown = set(changes) - set(_COLUMNS) | ({"id"} & set(changes))
        if unknown:
            raise ValueError(f"not task fields: {sorted(unknown)}")
        if "last_error" in changes:  # a message is kept as itself, put into words when read
            changes["last_error"] = stored_text(changes["last_error"])
        with self._transaction() as db:
            if changes.get("state") in STOPPED and "completed_at" not in changes:
                now = db.execute("SELECT state, completed_at FROM tasks WHERE id = ?", (local_id,)).fetchone()
                if now is not None and (now["state"] != changes["state"] or now["completed_at"] is None):
                    changes["completed_at"] = self._clock()
            assignments = ", ".join(f"{name} = ?" for name in changes)
            db.execute(f"UPDATE tasks SET {assignments} WHERE id = ?", (*changes.values(), local_id))  # noqa: S608
            row = db.execute("SELECT * FROM tasks WHERE id = ?", (local_id,)).fetchone()
            self._before_commit(local_id, row)
        if row is None:
            raise KeyError(local_id)
        return _record(row)

    @_owned
    def start_if_room(self, local_id: int, room: Room) -> TaskRecord | None:
        """A waiting task becomes ``submitting`` (it may be sent now) when ``room(ids)``, given the
        tasks of its mode (demo or not) sent and not finished, in every process on this history, says one
        more may run; None when not. Counted and claimed in one transaction (``BEGIN IMMEDIATE``), so no
        other process takes the same slot in between."""
        with self._transaction() as db:
            found = db.execute("SELECT demo FROM tasks WHERE id = ?", (local_id,)).fetchone()
            if found is None:
                raise KeyError(local_id)
            if not room(self._running(db, bool(found["demo"]), but=local_id)):
                return None
            db.execute("UPDATE tasks SET state = 'submitting' WHERE id = ?", (local_id,))
            row = db.execute("SELECT * FROM tasks WHERE id = ?", (local_id,)).fetchone()
            self._before_commit(local_id, row)
        return _record(row)

    @staticmethod
    def _running(db: sqlite3.Connection, demo: bool, *, but: int = 0) -> list[int]:
        """The tasks of this mode sent and not finished (:data:`RUNNING`), as the transaction sees them."""
        marks = ", ".join("?" for _ in RUNNING)
        query = f"SELECT id FROM tasks WHERE state IN ({marks}) AND demo = ? AND id != ?"  # noqa: S608
        return [row[0] for row in db.execute(query, (*sorted(RUNNING), int(demo), but)).fetchall()]

    @_owned
    def remove(self, local_id: int) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM tasks WHERE id = ?", (local_id,))
            self._before_commit(local_id, None)

    @_owned
    def mark_interrupted_submissions(
        self, skip: Callable[[int], bool] = lambda _id: False
    ) -> list[TaskRecord]:
        """On start: a ``submitting`` row means the app died mid-request; its outcome is unknown.
        ``skip`` names the rows another running process is submitting right now."""
        stale = [r for r in self.records(states=("submitting",)) if not skip(r.id)]
        message = Message.of(
            "Tasks",
            QT_TRANSLATE_NOOP(
                "Tasks",
                "The app stopped while this was being submitted; the service may have accepted it. "
                "It was not sent again, so you are never billed twice.",
            ),
        )
        # When it stopped is not known (the app did not live to see it): its clock shows none past its start.
        return [
            self.update(r.id, state="unknown", last_error=message, completed_at=r.created_at) for r in stale
        ]

    # ----- what other processes write -----------------------------------------------------------

    @_owned
    def rows_if_changed(self, since: int | None) -> tuple[int, dict[int, Row] | None]:
        """For noticing what other processes (a command, another window) write: the writing
        connection's ``data_version``, which changes when another connection commits and never for
        this store's own writes, and, when it is not ``since``, every task's row by id. It uses the
        writing connection: hand it to :meth:`write` (the store's thread)."""
        with self._lock:
            version = int(self._db.execute("PRAGMA data_version").fetchone()[0])
            if version == since:
                return version, None
            cursor = self._db.cursor()
            cursor.row_factory = None  # plain tuples: compared in C, a few ms for thousands of tasks
            rows = cursor.execute("SELECT * FROM tasks").fetchall()
            self._names = tuple(column[0] for column in cursor.description)
        return version, {row[0]: row for row in rows}

    def record_of(self, row: Row) -> TaskRecord:
        """A row from :meth:`rows_if_changed` as a task."""
        return _record(dict(zip(self._names, row, strict=True)))

    # ----- reads --------------------------------------------------------------------------------

    @_owned
    def get(self, local_id: int) -> TaskRecord | None:
        with self._read_lock:
            row = self._reader.execute("SELECT * FROM tasks WHERE id = ?", (local_id,)).fetchone()
        return _record(row) if row else None

    @_owned
    def by_task_id(self, task_id: str) -> TaskRecord | None:
        with self._read_lock:
            row = self._reader.execute("SELECT * FROM tasks WHERE task_id = ?", (task_id,)).fetchone()
        return _record(row) if row else None

    @_owned
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

    @_owned
    def recent_prompts(self, limit: int = 50) -> list[str]:
        """Distinct prompts, most recently used first."""
        query = "SELECT prompt FROM tasks GROUP BY prompt ORDER BY MAX(created_at) DESC LIMIT ?"
        with self._read_lock:
            return [row[0] for row in self._reader.execute(query, (limit,)).fetchall() if row[0].strip()]

    @_owned
    def unfinished(self) -> list[TaskRecord]:
        return list(reversed(self.records(states=ACTIVE)))

    @_owned
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


def _digest(row: sqlite3.Row) -> str:
    """Every column of a row, in a few bytes: written before a commit, compared after a kill."""
    return hashlib.blake2b(repr(tuple(row)).encode(), digest_size=12).hexdigest()


def _record(row: sqlite3.Row | Mapping[str, Any]) -> TaskRecord:
    values = {name: row[name] for name in _COLUMNS}  # a column this release does not know is left out
    values["demo"] = bool(values["demo"])
    values["imported"] = bool(values["imported"])
    values["end_frame_match"] = None if values["end_frame_match"] is None else bool(values["end_frame_match"])
    values["last_error"] = shown_text(values["last_error"])  # in the language in force now
    return TaskRecord(**values)
