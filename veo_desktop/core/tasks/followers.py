"""The owner of every background coroutine that follows a task: one named ``asyncio.Task`` per task
(``follow-<id>``), held here, its failure logged and written on the task, all cancelled on close. A task
is followed only under its lock; one another process holds is left to that process (``elsewhere``)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from veo_desktop.core.history.ownership import TaskOwnership
from veo_desktop.core.history.store import HistoryStore
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.events import TaskEvents
from veo_desktop.i18n import QT_TRANSLATE_NOOP, Message

log = logging.getLogger(__name__)
FollowWork = Callable[[int], Coroutine[Any, Any, None]]


class Followers:
    def __init__(
        self, ownership: TaskOwnership, store: HistoryStore, events: TaskEvents, work: FollowWork
    ) -> None:
        self.ownership = ownership
        self.store = store
        self.events = events
        self._work = work  # what following a task means: poll it, then save its video
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self.started: set[int] = set()  # every task this process has followed (or sent) since it began
        self._notes: set[asyncio.Task[None]] = set()  # a failed follow's reason on its way to its row

    def follow(self, record: TaskRecord) -> None:
        current = self._tasks.get(record.id)
        if current is not None and not current.done():
            return
        if not self.ownership.take(record.id):
            # Another process follows it; TaskManager.adopt passes on its changes and takes it over later.
            self.ownership.elsewhere[record.id] = record
            return
        self.spawn(record.id, self._work(record.id))

    def spawn(self, local_id: int, work: Coroutine[Any, Any, None]) -> None:
        """Run ``work`` for a task this process has locked; the lock goes when the work ends."""
        task = asyncio.get_running_loop().create_task(work, name=f"follow-{local_id}")
        self._tasks[local_id] = task
        self.started.add(local_id)
        task.add_done_callback(self._done)

    def cancel(self, local_id: int) -> None:
        task = self._tasks.pop(local_id, None)
        if task is not None:
            task.cancel()
        self.ownership.give_up(local_id)

    def __contains__(self, local_id: int) -> bool:
        return local_id in self._tasks

    @property
    def ids(self) -> list[int]:
        return list(self._tasks)

    def _done(self, task: asyncio.Task[None]) -> None:
        local_id = int(task.get_name().removeprefix("follow-"))
        if self._tasks.get(local_id) is task:
            del self._tasks[local_id]
            self.ownership.give_up(local_id)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is None:
            return
        log.error("following task %s failed", local_id, exc_info=exc)
        loop = asyncio.get_running_loop()
        note = loop.create_task(self._say_stopped(local_id, exc), name=f"note-{local_id}")
        self._notes.add(note)
        note.add_done_callback(self._notes.discard)

    async def _say_stopped(self, local_id: int, exc: BaseException) -> None:
        """The task's row says why it is no longer followed (read and written on the history's thread)."""
        try:
            if await self.store.reads.get(local_id) is None:  # removed meanwhile
                return
            reason = Message.of(
                "Tasks", QT_TRANSLATE_NOOP("Tasks", "Stopped following this task: {reason}"), reason=str(exc)
            )
            written = await self.store.write(self.store.update, local_id, last_error=reason)
            self.events.emit("changed", written)
        except Exception:
            log.exception("could not write why task %s is no longer followed", local_id)

    async def wait(self, local_ids: list[int] | None = None) -> list[TaskRecord]:
        """Until the given (or all) followed tasks stop; returns their records as they ended."""
        ids = list(self._tasks) if local_ids is None else local_ids
        tasks = [self._tasks[i] for i in ids if i in self._tasks]
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        # A follow that failed is written as such (by its note, made as it ended) before it is read.
        await asyncio.gather(*self._notes, return_exceptions=True)
        records = [await self.store.reads.get(i) for i in ids]
        return [r for r in records if r is not None]

    async def aclose(self) -> None:
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()
        await asyncio.gather(*self._notes, return_exceptions=True)  # quick, and never left half-said
