"""The last write of every store that has the history open, so a lost journal is noticed.

SQLite keeps the newest committed writes in ``history.sqlite3-wal`` until a checkpoint folds them into the
file. If that journal is deleted, or garbled, after the app was killed, SQLite opens the older state
without a word, and the newest paid tasks are gone from the history. Neither the journal's presence nor
its content tells that apart from the ordinary case (the last connection to close folds the journal in
and deletes it; other programs may do that too), so each open store keeps its own evidence: a small file
in ``history.sqlite3.sessions/`` that it holds locked while open (the OS drops the lock however the
process ends) and rewrites around every commit with the row that commit left behind (its id and a
digest). On opening, when no other store has the history open, the newest write left by the stores
that have ended must be in the history; if it is not, its journal was lost.

Around a commit: just before ``COMMIT`` the file says "``done``, and ``pending`` may have been committed";
just after, "``pending`` is done". A kill between the two leaves either one in the history.
"""

from __future__ import annotations

import json
import logging
import math
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from veo_desktop.core.history.locks import lock_open_file

log = logging.getLogger(__name__)
RECORD_SIZE = 1024  # each rewrite is one write of this many bytes: a kill cannot leave half of one
STARTING_GRACE = 60.0  # an empty record younger than this is a store still starting: left alone


def _lock(handle: IO[bytes], *, wait: bool) -> bool:
    # a byte past the record (on Windows), so the record stays readable to others
    return lock_open_file(handle, wait=wait, offset=RECORD_SIZE)


@dataclass(frozen=True)
class Write:
    at: float  # taken inside the transaction; commits are serialised, so this orders all stores' writes
    local_id: int
    task: str  # the task's id at the service, or "#local id": how the user is told which one
    digest: str | None  # of the row the commit left; None when it removed the row


@dataclass(frozen=True)
class Record:
    done: Write | None
    pending: Write | None

    @property
    def at(self) -> float:
        last = self.pending or self.done
        return last.at if last else -math.inf


def first_lost(records: list[Record], present: Callable[[Write], bool]) -> Write | None:
    """The committed write missing from the history, looking from the newest record; None when the
    newest writes are there. A ``pending`` write may never have been committed (killed just before),
    so then its ``done`` must be there, unless a later write by another store changed that row since."""
    ordered = sorted(records, key=lambda r: r.at, reverse=True)
    for index, record in enumerate(ordered):
        if (record.pending and present(record.pending)) or (record.done and present(record.done)):
            return None
        if record.pending is None:
            return record.done
        done_at = record.done.at if record.done else -math.inf
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        if following is None or following.at <= done_at:
            return record.done
    return None


class WriteLog:
    """This store's record: claimed (locked) on opening, rewritten around each commit, released on close."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._done: Write | None = None
        self._pending: Write | None = None
        self._wrote = False
        self._path = folder / f"{os.getpid()}-{secrets.token_hex(6)}.json"
        self._file = self._claim()

    def _claim(self) -> IO[bytes] | None:
        """A new record file of our own, locked; None if none can be made (the history still opens: this
        is evidence for later, not a reason to refuse the user now)."""
        try:
            self.folder.mkdir(exist_ok=True)
            handle = self._path.open("xb", buffering=0)
        except OSError as exc:
            log.warning("cannot keep a record of history writes in %s: %s", self.folder, exc)
            return None
        _lock(handle, wait=True)  # a surveyor may hold it for a moment
        return handle

    def before_commit(self, write: Write) -> None:
        """Inside the transaction, just before ``COMMIT``."""
        self._pending = write
        self._save(Record(self._done, write))

    def committed(self) -> None:
        """Just after ``COMMIT`` returned, still holding the store's write lock."""
        if self._pending is not None:
            self._done, self._pending = self._pending, None
            self._save(Record(self._done, None))

    def rolled_back(self) -> None:
        self._pending = None  # the record may still name it: "it, or the one before" stays true

    def _save(self, record: Record) -> None:
        if self._file is None:
            return
        self._wrote = True
        text = json.dumps({"done": _plain(record.done), "pending": _plain(record.pending)}).encode()
        try:
            os.lseek(self._file.fileno(), 0, os.SEEK_SET)
            os.write(self._file.fileno(), text.ljust(RECORD_SIZE))
        except OSError as exc:  # the commit itself went through: never fail it over its evidence
            log.warning("cannot record a history write: %s", exc)

    def close(self) -> None:
        """Drops the lock; the record stays for the next store to check, unless this store wrote nothing."""
        if self._file is None:
            return
        self._file.close()
        if not self._wrote:
            _remove([self._path])
        self._file = None


def check(folder: Path, present: Callable[[Write], bool], *, forget: bool = False) -> Write | None:
    """Before claiming our own record: the write lost with the journal, if any. Records of ended stores
    are removed once checked (``forget``: without checking, for a history started over). While another
    store has the history open, its journal is in use: nothing is checked, and the newest ended record
    is kept for a later check."""
    others_open, ended = _survey(folder)
    newest = max(ended, key=lambda item: item[1].at, default=None)
    if others_open:
        _remove([path for path, record in ended if newest is None or record is not newest[1]])
        return None
    lost = None if forget else first_lost([record for _path, record in ended], present)
    _remove([path for path, _record in ended])
    return lost


def _survey(folder: Path) -> tuple[bool, list[tuple[Path, Record]]]:
    """Whether another store holds its record now, and the records of the stores that have ended."""
    others_open = False
    ended: list[tuple[Path, Record]] = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            with path.open("r+b") as handle:
                if not _lock(handle, wait=False):
                    others_open = True
                    continue
                handle.seek(0)
                text = handle.read(RECORD_SIZE)
                age = time.time() - os.fstat(handle.fileno()).st_mtime
        except OSError:
            continue
        record = _parse(text)
        if record is not None:
            ended.append((path, record))
        elif age > STARTING_GRACE:
            _remove([path])  # a store killed before its first write, or a record torn by a power cut
    return others_open, ended


def _parse(text: bytes) -> Record | None:
    """The record in a file, or None for an empty or torn one."""
    try:
        data = json.loads(text)
        return Record(*(_write(data[key]) if data[key] else None for key in ("done", "pending")))
    except (ValueError, TypeError, KeyError):
        return None


def _write(data: dict[str, Any]) -> Write:
    write = Write(**data)
    if not isinstance(write.at, int | float) or not isinstance(write.local_id, int):
        raise TypeError("not a write record")
    return write


def _plain(write: Write | None) -> dict[str, Any] | None:
    return asdict(write) if write else None


def _remove(paths: list[Path]) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("cannot remove the history write record %s: %s", path, exc)
