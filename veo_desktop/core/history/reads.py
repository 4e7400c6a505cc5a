"""What the window and the commands read of the history, as ``async``: each read runs on the history's
one thread (see :class:`~veo_desktop.core.history.store.HistoryStore`), after the writes handed over
before it, so the event loop's thread never waits for SQLite (another process may hold the file for
up to the busy timeout)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from veo_desktop.core.task_record import TaskRecord

if TYPE_CHECKING:
    from veo_desktop.core.history.store import HistoryStore, Spend


class HistoryReads:
    def __init__(self, store: HistoryStore) -> None:
        self._store = store

    async def get(self, local_id: int) -> TaskRecord | None:
        return await self._store.read(self._store.get, local_id)

    async def by_task_id(self, task_id: str) -> TaskRecord | None:
        """The history's task with this service task id (a settings file names it), if any."""
        return await self._store.read(self._store.by_task_id, task_id)

    async def page(self, limit: int, older_than: TaskRecord | None = None) -> list[TaskRecord]:
        """Tasks newest first, ``limit`` at a time (``older_than``: the last one of the page before)."""
        return await self._store.read(self._store.records, limit=limit, older_than=older_than)

    async def finished(self, limit: int) -> list[TaskRecord]:
        """Tasks whose video is saved, newest first."""
        return await self._store.read(self._store.records, states=("completed",), limit=limit)

    async def unfinished(self) -> list[TaskRecord]:
        """Tasks not finished yet, oldest first."""
        return await self._store.read(self._store.unfinished)

    async def recent_prompts(self, limit: int = 50) -> list[str]:
        """Distinct prompts, most recently used first."""
        return await self._store.read(self._store.recent_prompts, limit)

    async def spend(self) -> Spend:
        """Money spent on completed, non-demo tasks: today, this month, all time."""
        return await self._store.read(self._store.spend)
