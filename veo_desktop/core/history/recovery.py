"""A damaged history: moved aside, and every task that can still be read copied into the new one.

Damage is usually a page or two (a bad sector, a torn write); the rows on the other pages are intact and
SQLite reaches them through the table's b-tree by id. So the rows are read in ranges of ids, and a range
that fails is halved until the unreadable ids are alone and skipped. Each row keeps its id and every
column, so the task locks, reference copies and videos named after it still match.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import get_args

from veo_desktop.core.history.errors import HistoryCorrupt, error_code, refusal, unwritable
from veo_desktop.core.history.schema import open_checked
from veo_desktop.core.task_record import State

log = logging.getLogger(__name__)
CHUNK = 256
# SQLITE_CORRUPT, SQLITE_NOTADB and SQLITE_IOERR: this part of the file cannot be read. Anything else
# (a missing column, say) would fail for every row, so the salvage stops there instead of halving on.
UNREADABLE = frozenset({11, 26, 10})


def start_over(path: Path, stamp: int, busy_timeout: float) -> tuple[sqlite3.Connection, HistoryCorrupt]:
    """Move the damaged file aside, start a new history and copy into it every task still readable."""
    moved = move_aside(path, stamp)
    db = open_checked(path, busy_timeout)
    try:
        saved = salvage(moved, db, states=get_args(State))
    except sqlite3.Error as exc:  # writing the new history failed (a full disk): say so
        db.close()
        raise refusal(path, exc, busy_timeout) from exc
    log.warning("the damaged history was moved to %s; %d task(s) were copied out of it", moved, saved)
    return db, HistoryCorrupt(path, moved, saved)


def move_aside(path: Path, stamp: int) -> Path:
    """Rename the damaged file (with its journal, which may hold its newest pages) out of the way."""
    moved = path.with_name(f"{path.name}.damaged-{stamp}")
    number = 1
    while moved.exists():
        number += 1
        moved = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
    try:
        shutil.move(path, moved)
        for suffix in ("-wal", "-journal"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                shutil.move(companion, moved.with_name(moved.name + suffix))
        path.with_name(path.name + "-shm").unlink(missing_ok=True)  # an index of the journal, rebuilt
    except OSError as exc:
        raise unwritable(path.parent, exc) from None
    return moved


def salvage(damaged: Path, into: sqlite3.Connection, states: Collection[str]) -> int:
    """Copy every task of ``damaged`` that can be read, and looks like a task, into ``into`` (same ids,
    every column); the number copied."""
    spec = _columns(into)
    source = sqlite3.connect(damaged, isolation_level=None)
    try:
        # A history of an earlier schema lacks the newer columns: they take their defaults.
        known = _known_columns(source)
        spec = {name: kind for name, kind in spec.items() if not known or name in known}
        top = _highest_id(source)
        rows = [row for row in _readable_rows(source, list(spec), top) if _plausible(row, spec, states)]
    except sqlite3.Error as exc:  # not damage where it happened: the file is not a history we can read
        log.warning("could not read the damaged history %s: %s", damaged, exc)
        return 0
    finally:
        source.close()
    return _insert(into, list(spec), rows, top)


def _columns(db: sqlite3.Connection) -> dict[str, tuple[str, bool]]:
    """Each column of the new history's task table: its declared type and whether it may be NULL."""
    return {row[1]: (row[2].upper(), not row[3]) for row in db.execute("PRAGMA table_info(tasks)")}


def _known_columns(source: sqlite3.Connection) -> set[str]:
    """The damaged file's own task columns; empty when its schema cannot be read (then all are tried)."""
    try:
        return {row[1] for row in source.execute("PRAGMA table_info(tasks)")}
    except sqlite3.DatabaseError:
        return set()


def _highest_id(source: sqlite3.Connection) -> int:
    """The highest task id the damaged file knows of, from whichever of its records can still be read."""
    found = [0]
    for query in (
        "SELECT seq FROM sqlite_sequence WHERE name = 'tasks'",
        "SELECT max(id) FROM tasks",
        "SELECT max(id) FROM tasks INDEXED BY tasks_created",
        "SELECT max(id) FROM tasks INDEXED BY tasks_state",
    ):
        with contextlib.suppress(sqlite3.DatabaseError):
            value = (source.execute(query).fetchone() or (None,))[0]
            if isinstance(value, int):
                found.append(value)
    return max(found)


def _readable_rows(source: sqlite3.Connection, names: list[str], top: int) -> Iterator[tuple[object, ...]]:
    """Every row with an id up to ``top`` that can be read; a range that fails is halved until the bad
    ids are alone."""
    columns = ", ".join(names)
    onwards = f"SELECT {columns} FROM tasks WHERE id >= ? AND id <= ? ORDER BY id LIMIT {CHUNK}"  # noqa: S608
    start = 1
    while start <= top:
        try:
            rows = source.execute(onwards, (start, top)).fetchall()
        except sqlite3.DatabaseError as exc:
            if error_code(exc) not in UNREADABLE:
                raise
            yield from _bisected(source, columns, start, min(start + CHUNK - 1, top))
            start += CHUNK
            continue
        yield from rows
        if len(rows) < CHUNK:
            return
        start = int(rows[-1][0]) + 1


def _bisected(source: sqlite3.Connection, columns: str, low: int, high: int) -> Iterator[tuple[object, ...]]:
    """The readable rows with ids from ``low`` to ``high``. A range scan steps onto the page after its
    last row, so a range can fail for a damaged neighbour: single ids are looked up alone."""
    span = f"SELECT {columns} FROM tasks WHERE id BETWEEN ? AND ? ORDER BY id"  # noqa: S608
    one = f"SELECT {columns} FROM tasks WHERE id = ?"  # noqa: S608
    ranges = [(low, high)]
    while ranges:
        low, high = ranges.pop()
        try:
            if low == high:
                yield from source.execute(one, (low,)).fetchall()
            else:
                yield from source.execute(span, (low, high)).fetchall()
        except sqlite3.DatabaseError as exc:
            if error_code(exc) not in UNREADABLE:
                raise
            if low < high:
                middle = (low + high) // 2
                ranges += [(middle + 1, high), (low, middle)]  # the lower half next: rows stay in order


def _plausible(row: tuple[object, ...], spec: dict[str, tuple[str, bool]], states: Collection[str]) -> bool:
    """A row a damaged page may have garbled is kept only if every value fits its column."""
    kinds: dict[str, tuple[type, ...]] = {"TEXT": (str,), "INTEGER": (int,), "REAL": (float, int)}
    for value, (name, (declared, nullable)) in zip(row, spec.items(), strict=True):
        if value is None:
            if not nullable:
                return False
        elif not isinstance(value, kinds.get(declared, (object,))) or isinstance(value, bool):
            return False
        if name == "state" and value not in states:
            return False
    return True


def _insert(into: sqlite3.Connection, names: list[str], rows: list[tuple[object, ...]], top: int) -> int:
    """One transaction; a row that breaks a constraint (a task id twice) is left out. Ids already given
    out in the damaged file are never given again."""
    statement = f"INSERT INTO tasks ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"  # noqa: S608
    saved = 0
    into.execute("BEGIN IMMEDIATE")
    try:
        for row in rows:
            try:
                into.execute(statement, row)
            except sqlite3.IntegrityError:
                continue
            saved += 1
        if (
            top
            and not into.execute(
                "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'tasks'", (top,)
            ).rowcount
        ):
            into.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('tasks', ?)", (top,))
    except BaseException:
        into.execute("ROLLBACK")
        raise
    into.execute("COMMIT")
    return saved
