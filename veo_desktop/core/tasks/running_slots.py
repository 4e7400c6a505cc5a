"""How many tasks run at the service at once: tasks sent and not finished there, plus slots claimed by
submissions about to be recorded. A submission beyond the limit waits (recorded "waiting", unsent and
unbilled) until a running task finishes."""

from __future__ import annotations

import asyncio

from veo_desktop.core.task_record import RUNNING, TaskRecord
from veo_desktop.core.tasks.events import TaskEvent


class RunningSlots:
    def __init__(self, limit: int) -> None:
        self._limit = max(1, limit)
        self._running: set[int] = set()
        self._claimed = 0
        self._waiters: list[asyncio.Future[None]] = []

    @property
    def limit(self) -> int:
        return self._limit

    @limit.setter
    def limit(self, value: int) -> None:
        self._limit = max(1, value)
        self._wake()

    @property
    def running(self) -> int:
        return len(self._running)

    def claim(self) -> bool:
        """Synchronous, so no other submission can take the same slot in between."""
        if len(self._running) + self._claimed < self._limit:
            self._claimed += 1
            return True
        return False

    def release_claim(self) -> None:
        """The claimed slot's task is recorded (and counted as running) or was never made."""
        self._claimed -= 1

    def track(self, record: TaskRecord, *, removed: bool = False) -> None:
        if not removed and record.state in RUNNING:
            self._running.add(record.id)
        elif record.id in self._running:
            self._running.discard(record.id)
            self._wake()

    def on_event(self, event: TaskEvent) -> None:
        self.track(event.record, removed=event.kind == "removed")

    async def room(self) -> None:
        """Until a running task finishes (or the limit rises); then try :meth:`claim` again."""
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        await waiter

    def _wake(self) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)
