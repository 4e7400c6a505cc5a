"""Stopping to follow a task, following it again, and fetching a finished task's video again: what the
user asks of one task in the list (the task manager offers them)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Final

from veo_desktop.api.client import partial_path
from veo_desktop.core.history.ownership import ELSEWHERE, TaskOwnership
from veo_desktop.core.history.store import HistoryStore
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.events import TaskEvents
from veo_desktop.core.tasks.followers import Followers
from veo_desktop.core.tasks.writes import TaskWrites
from veo_desktop.i18n import QT_TRANSLATE_NOOP, Message, translate

PAUSED: Final = QT_TRANSLATE_NOOP(
    "Tasks",
    "You stopped waiting for this task. The service still has it (and bills it if it completes); its id "
    "is kept: “Follow again” or `veo-desktop import TASK_ID` picks it up.",
)


class Stopping:
    def __init__(
        self,
        store: HistoryStore,
        writes: TaskWrites,
        ownership: TaskOwnership,
        followers: Followers,
        events: TaskEvents,
    ) -> None:
        self.store = store
        self.writes = writes
        self.ownership = ownership
        self.followers = followers
        self.events = events

    def held_elsewhere(self, local_id: int) -> bool:
        """Another Veo Desktop follows this task now: only it may stop following it."""
        return local_id in self.ownership.elsewhere or self.ownership.held_elsewhere(local_id)

    async def download_again(self, local_id: int) -> TaskRecord:
        """Fetch a finished task's video again (see TaskManager.download_again)."""
        record = await self.store.reads.get(local_id)
        if record is None or record.task_id is None:
            raise KeyError(local_id)
        record = await self.writes.update(local_id, state="downloading", last_error="")
        self.followers.follow(record)
        return record

    async def stop_tracking(self, local_id: int) -> None:
        """Stop following a task (see TaskManager.stop_tracking)."""
        if self.held_elsewhere(local_id):
            raise ValueError(translate("Tasks", ELSEWHERE))
        self.followers.cancel(local_id)
        record = await self.store.reads.get(local_id)
        if record is not None and record.task_id and record.active:
            await self.writes.update(local_id, state="paused", last_error=Message.of("Tasks", PAUSED))
            return
        await self.writes.run(functools.partial(self.store.remove, local_id))
        if record is not None:
            if record.output_path and record.state != "completed":
                partial_path(Path(record.output_path).parent, record.task_id or "").unlink(missing_ok=True)
            self.events.emit("removed", record)

    async def follow_again(self, local_id: int) -> TaskRecord:
        """Follow a task the user had stopped waiting for (its status is asked for at once)."""
        record = await self.store.reads.get(local_id)
        if record is None or record.task_id is None or record.state != "paused":
            raise ValueError(translate("Tasks", "Only a task you stopped waiting for can be followed again"))
        if self.ownership.held_elsewhere(local_id):
            raise ValueError(translate("Tasks", ELSEWHERE))
        # Its clock runs again: the time it stopped being followed (completed_at) no longer holds.
        record = await self.writes.update(local_id, state="queued", last_error="", completed_at=None)
        self.followers.follow(record)
        return record
