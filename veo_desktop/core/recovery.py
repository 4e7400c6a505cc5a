"""After a stop: submissions caught mid-request become "outcome unknown" (never resent), unfinished
tasks are followed again (a waiting one is sent), and tasks another process follows are watched and taken
over when that process ends (its lock is gone) before finishing them."""

from __future__ import annotations

import functools
import operator
from pathlib import Path
from typing import Final

from veo_desktop.core.followers import Followers
from veo_desktop.core.history import HistoryStore
from veo_desktop.core.ownership import TaskOwnership
from veo_desktop.core.references import read_frames
from veo_desktop.core.running_slots import RunningSlots
from veo_desktop.core.submitting import Submitter
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.task_writes import TaskWrites
from veo_desktop.i18n import QT_TRANSLATE_NOOP, Message

DEMO_ENDED: Final = QT_TRANSLATE_NOOP("Tasks", "The offline demo ended before this task finished.")


class Recovery:
    def __init__(
        self,
        store: HistoryStore,
        writes: TaskWrites,
        ownership: TaskOwnership,
        slots: RunningSlots,
        followers: Followers,
        submitter: Submitter,
        *,
        demo: bool,
    ) -> None:
        self.store = store
        self.writes = writes
        self.events = writes.events
        self.ownership = ownership
        self.slots = slots
        self.followers = followers
        self.submitter = submitter
        self.demo = demo

    async def recover_interrupted(self) -> list[TaskRecord]:
        """Submissions a process stopped in the middle of become "unknown" (never resent); those another
        running process is sending right now are left to it."""
        mark = functools.partial(self.store.mark_interrupted_submissions, self.ownership.held_elsewhere)
        marked = await self.writes.run(mark)
        for record in marked:
            self.events.emit("changed", record)
        return marked

    async def resume(self) -> list[TaskRecord]:
        """On every start: interrupted submissions become "unknown", unfinished tasks are followed again."""
        await self.recover_interrupted()
        resumed = []
        for record in self.store.unfinished() + list(reversed(self.store.records(states=("waiting",)))):
            if record.demo != self.demo:
                if record.demo and not self.ownership.held_elsewhere(record.id):
                    await self.writes.update(
                        record.id, state="failed", last_error=Message.of("Tasks", DEMO_ENDED)
                    )
                continue
            if not self.ownership.take(record.id):
                self.ownership.elsewhere[record.id] = record
                self.slots.track(record)  # it runs at the service all the same
                continue
            await self._take_up(record)
            resumed.append(record)
        return resumed

    async def _take_up(self, record: TaskRecord) -> None:
        """Follow (or send, when it waits) a task this process has just locked."""
        if record.state != "waiting":
            self.slots.track(record)
            self.followers.follow(record)
            return
        try:  # never sent: send it now, as the user asked
            frames = await read_frames(record)
        except ValueError as exc:
            reason = Message.of("Tasks", QT_TRANSLATE_NOOP("Tasks", "Not sent: {reason}"), reason=str(exc))
            await self.writes.update(record.id, state="rejected", last_error=reason)
            self.ownership.give_up(record.id)
            return
        output = Path(record.output_path) if record.output_path else None
        self.followers.spawn(record.id, self.submitter.send_when_free(record, frames, output))

    async def adopt(self) -> list[TaskRecord]:
        """Look at the tasks another process follows: pass on what it changed, and take a task over
        when that process has ended (its lock is gone) before finishing it. Called now and then."""
        changed = []
        for local_id, seen in list(self.ownership.elsewhere.items()):
            record = self.store.get(local_id)
            if record is None:
                del self.ownership.elsewhere[local_id]
                self.events.emit("removed", seen)
                continue
            if record != seen:
                self.ownership.elsewhere[local_id] = record
                self.events.emit("changed", record)
                changed.append(record)
            if self.ownership.locks is None or not self.ownership.take(local_id):
                continue
            del self.ownership.elsewhere[local_id]
            if record.state == "submitting":  # that process died mid-request: never resent
                only_this = functools.partial(operator.ne, local_id)
                [record] = await self.writes.run(
                    functools.partial(self.store.mark_interrupted_submissions, only_this)
                )
                self.events.emit("changed", record)
                self.ownership.give_up(local_id)
            elif record.active or record.state == "waiting":
                await self._take_up(record)
            else:
                self.ownership.give_up(local_id)
        return changed
