"""Which process follows which task (see core/history/locks.py): this process's locks, and the tasks another
Veo Desktop (the window, or a command) follows right now, which :meth:`TaskManager.adopt` watches."""

from __future__ import annotations

from typing import Final

from veo_desktop.core.history.locks import TaskLocks
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.i18n import QT_TRANSLATE_NOOP

ELSEWHERE: Final = QT_TRANSLATE_NOOP(
    "Tasks", "Another Veo Desktop (a window or a command) is following this task right now."
)


class TaskOwnership:
    def __init__(self, locks: TaskLocks | None) -> None:
        self.locks = locks
        self.elsewhere: dict[int, TaskRecord] = {}

    def take(self, local_id: int) -> bool:
        """True when this process holds the task's lock now (always, without locks)."""
        return self.locks is None or self.locks.acquire(local_id)

    def give_up(self, local_id: int) -> None:
        if self.locks is not None:
            self.locks.release(local_id)

    def held_elsewhere(self, local_id: int) -> bool:
        return self.locks is not None and self.locks.held_elsewhere(local_id)

    def release_all(self) -> None:
        if self.locks is not None:
            self.locks.release_all()
