"""Writes to the history from the event loop: each one fsynced off the loop (the window never waits
for the disk), awaited in order, and announced as a change. A follower cancelled mid-write still lets
its write finish, and :meth:`TaskWrites.drain` waits for every write before the store may be closed.
The writes run one at a time on the history's single writer thread (``HistoryStore.write``)."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from veo_desktop.core.history.store import HistoryStore
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.events import TaskEvents

T = TypeVar("T")


class TaskWrites:
    def __init__(self, store: HistoryStore, events: TaskEvents) -> None:
        self.store = store
        self.events = events
        self._pending: set[asyncio.Future[Any]] = set()

    async def run(self, work: Callable[[], T]) -> T:
        """Run one history write on the history's own writer thread (never behind image work or
        downloads in asyncio's shared pool), shielded from the caller's cancellation."""
        write = asyncio.ensure_future(self.store.write(work))
        self._pending.add(write)
        write.add_done_callback(self._pending.discard)
        return await asyncio.shield(write)

    async def save(self, local_id: int, **changes: object) -> TaskRecord:
        """Change a task quietly (nobody is told): for fields no one shows."""
        return await self.run(functools.partial(self.store.update, local_id, **changes))

    async def update(self, local_id: int, **changes: object) -> TaskRecord:
        record = await self.save(local_id, **changes)
        self.events.emit("changed", record)
        return record

    async def add(self, record: TaskRecord, *, claim: Callable[[int], bool] | None = None) -> TaskRecord:
        """Insert a task; ``claim(id)`` runs before the row is visible to anyone (see HistoryStore.add)."""
        return await self.run(functools.partial(self.store.add, record, claim=claim))

    async def drain(self) -> None:
        await asyncio.gather(*self._pending, return_exceptions=True)
