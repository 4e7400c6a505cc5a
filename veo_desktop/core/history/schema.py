"""The history's schema and its migrations, and opening the file as the store needs it: WAL with
``synchronous=FULL``, SQLite's own check of the file, the schema brought up to date, and proof that it
can be written. Blocking (the check reads the whole file): not for the GUI thread."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Final

from veo_desktop.core.history.errors import HistoryTooNew, is_busy, is_damage, refusal

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
    # 2: an end frame (the Flow channel's -fl models), the task a clip continues, and the saved video's
    # fingerprint (so a file that took its name later is never taken for it).
    """
    ALTER TABLE tasks ADD COLUMN video_fingerprint TEXT NOT NULL DEFAULT '';
    ALTER TABLE tasks ADD COLUMN end_image_name TEXT NOT NULL DEFAULT '';
    ALTER TABLE tasks ADD COLUMN end_image_sha256 TEXT NOT NULL DEFAULT '';
    ALTER TABLE tasks ADD COLUMN end_image_copy TEXT NOT NULL DEFAULT '';
    ALTER TABLE tasks ADD COLUMN parent_task_id TEXT NOT NULL DEFAULT '';
    """,
    # 3: did a two-frame clip end on its end frame (1 or 0, NULL: not checked), and how far it was.
    """
    ALTER TABLE tasks ADD COLUMN end_frame_match INTEGER;
    ALTER TABLE tasks ADD COLUMN end_frame_distance REAL;
    """,
)
SCHEMA_VERSION: Final = len(MIGRATIONS)


class Damaged(Exception):
    """SQLite says the file is damaged (or its own check fails): start over, keeping what can be read."""


def connect(path: Path, busy_timeout: float) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=busy_timeout)


def open_checked(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """The store's writing connection. :class:`Damaged` for a damaged file; any other trouble is a
    refusal (:class:`~veo_desktop.core.history.errors.HistoryUnavailable`)."""
    db = connect(path, busy_timeout)
    db.row_factory = sqlite3.Row
    try:
        _use_wal(db, busy_timeout)
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise Damaged
        _migrate(db, path)
        db.execute("BEGIN IMMEDIATE")  # proves it can be written now, not at the first paid task
        db.execute("ROLLBACK")
    except sqlite3.Error as exc:
        db.close()
        raise (Damaged() if is_damage(exc) else refusal(path, exc, busy_timeout)) from exc
    except BaseException:
        db.close()
        raise
    return db


def _use_wal(db: sqlite3.Connection, busy_timeout: float) -> None:
    """Switch to WAL. SQLite answers "locked" at once, without its busy wait, while another process
    is switching the same new file (two commands started together): wait here instead."""
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:  # the files said otherwise a moment ago: another release just wrote
        raise HistoryTooNew(path, version, SCHEMA_VERSION)
    for number in range(version, SCHEMA_VERSION):
        db.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while this one waited for the write lock (two
            # commands started at once on a new history): read the version again under the lock.
            if db.execute("PRAGMA user_version").fetchone()[0] > number:
                db.execute("ROLLBACK")
                continue
            for statement in MIGRATIONS[number].split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {number + 1}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
