"""Which process follows which task: one lock file per task, held while a process submits, polls or
downloads it. The window and ``veo-desktop generate``/``resume`` may run at once on one history; a task
locked by one is left alone by the other (never polled twice, never downloaded into the same file
twice), and the lock goes away with its process, however it ends (the OS drops it on exit or a kill).

Every lock the app takes is here, for every system: the task locks through ``filelock`` (``flock`` on
Linux and macOS, ``msvcrt.locking`` on Windows: both dropped by the OS when the process dies), and
:func:`lock_open_file` for the history's session records (history_writes.py), which lock a byte of a file
they also read and write.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO

from filelock import FileLock, Timeout

if sys.platform == "win32":
    import msvcrt

    def lock_open_file(handle: IO[bytes], *, wait: bool, offset: int = 0) -> bool:
        """Lock ``handle`` (its byte at ``offset``: Windows' locks are mandatory, so a lock past the
        content leaves it readable to others); False when another holds it and ``wait`` is False."""
        handle.seek(offset)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def lock_open_file(handle: IO[bytes], *, wait: bool, offset: int = 0) -> bool:
        """Lock ``handle`` (the whole file: ``flock`` locks are advisory, so it stays readable to others);
        False when another holds it and ``wait`` is False."""
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        return True


def task_lock(path: Path) -> FileLock:
    """A lock of its own on ``path``: two of these in one process exclude each other as two processes'
    do (the window and a command's task manager may share a process in tests; filelock's instances are
    otherwise reentrant and shared per path). Never a "soft" lock (a file that outlives a killed
    process), and the file stays on release (removing it would race with the next taker)."""
    return FileLock(
        path,
        thread_local=False,  # taken on the history's writer thread, released on the event loop's
        is_singleton=False,
        fallback_to_soft=False,
        preserve_lock_file=True,
    )


class TaskLocks:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._held: dict[int, FileLock] = {}

    def acquire(self, local_id: int) -> bool:
        """Take the task's lock (at once or not at all); True when this process holds it now."""
        if local_id in self._held:
            return True
        self.folder.mkdir(parents=True, exist_ok=True)
        lock = task_lock(self.folder / f"{local_id}.lock")
        try:
            lock.acquire(timeout=0)  # held until release
        except Timeout:
            return False
        self._held[local_id] = lock
        return True

    def release(self, local_id: int) -> None:
        lock = self._held.pop(local_id, None)
        if lock is not None:
            lock.release(force=True)  # drops the lock; the empty file stays (removing it would race)

    def held_elsewhere(self, local_id: int) -> bool:
        """Another process follows this task right now."""
        if local_id in self._held:
            return False
        if not self.acquire(local_id):
            return True
        self.release(local_id)
        return False

    def release_all(self) -> None:
        for local_id in list(self._held):
            self.release(local_id)

    @property
    def held(self) -> list[int]:
        return list(self._held)
