"""Which process follows which task: one lock file per task, held while a process submits, polls or
downloads it. The window and ``veo-desktop generate``/``resume`` may run at once on one history; a task
locked by one is left alone by the other (never polled twice, never downloaded into the same file
twice), and the lock goes away with its process, however it ends (the OS drops it on exit or a kill).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO

if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


class TaskLocks:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._held: dict[int, IO[bytes]] = {}

    def acquire(self, local_id: int) -> bool:
        """Take the task's lock (at once or not at all); True when this process holds it now."""
        if local_id in self._held:
            return True
        self.folder.mkdir(parents=True, exist_ok=True)
        handle = (self.folder / f"{local_id}.lock").open("a+b")  # held until release
        if not _try_lock(handle):
            handle.close()
            return False
        self._held[local_id] = handle
        return True

    def release(self, local_id: int) -> None:
        handle = self._held.pop(local_id, None)
        if handle is not None:
            handle.close()  # closing drops the lock; the empty file stays (removing it would race)

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
