"""After a stop: submissions caught mid-request become "outcome unknown" (never resent), unfinished
tasks are followed again (a waiting one is sent), and what other processes write is noticed: their tasks
are shown as they go, and taken over when that process ends (its lock is gone) before finishing them."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from pathlib import Path
from typing import Final

from veo_desktop.core.clips.references import read_frames
from veo_desktop.core.history.ownership import TaskOwnership
from veo_desktop.core.history.store import HistoryStore, Row
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.followers import Followers
from veo_desktop.core.tasks.running_slots import RunningSlots
from veo_desktop.core.tasks.submitting import Submitter
from veo_desktop.core.tasks.writes import TaskWrites
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
        self.others = OtherWrites(store, writes)

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
        await self.others.start()  # first: what other processes write from now on is noticed by adopt
        await self.recover_interrupted()
        resumed = []
        unfinished = await self.store.reads.unfinished()  # awaited: the window's thread never waits on it
        waiting = await self.store.read(self.store.records, states=("waiting",))
        for record in unfinished + list(reversed(waiting)):
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
        """Notice what other processes wrote since the last call (tasks added, changed, removed: told to
        the listeners), watch the tasks they follow, and take one over when its process ended (its lock
        is gone) before finishing it. Called every second or so; returns the tasks others added or changed."""
        added, changed, removed = await self.others.look(skip=self._ours)
        for record in added:
            self.events.emit("added", record)
        for record in changed:
            self.events.emit("changed", record)
        for record in removed:
            self.ownership.elsewhere.pop(record.id, None)
            self.events.emit("removed", record)
        for record in added + changed:
            if self._theirs(record):
                self.ownership.elsewhere[record.id] = record
        await self._take_over()
        return added + changed

    def _ours(self, local_id: int) -> bool:
        """This process follows or sends the task now (and tells its own changes)."""
        locks = self.ownership.locks
        return local_id in self.followers or (locks is not None and local_id in locks.held)

    def _theirs(self, record: TaskRecord) -> bool:
        """An unfinished task of this mode (demo or not) that another process follows or sends, or did
        until it ended: watched, and taken over once its lock is gone. One this process followed and
        let go (the user stopped it, or following it failed) stays as it is, unless another took it."""
        if self.ownership.locks is None or record.demo != self.demo or record.id in self.followers:
            return False
        if not (record.active or record.state in ("waiting", "submitting")):
            return False
        return record.id not in self.followers.started or self.ownership.held_elsewhere(record.id)

    async def _take_over(self) -> None:
        for local_id in list(self.ownership.elsewhere):
            if self.ownership.locks is None or not self.ownership.take(local_id):
                continue
            del self.ownership.elsewhere[local_id]
            record = await self.store.reads.get(local_id)
            if record is None:
                self.ownership.give_up(local_id)
            elif record.state == "submitting":  # that process died mid-request: never resent
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


class OtherWrites:
    """What other processes (a command, another window) write to the history, noticed cheaply: each
    look asks the history's ``data_version`` (on its writer thread), and only when another connection
    has committed since are the rows compared with those seen before."""

    def __init__(self, store: HistoryStore, writes: TaskWrites) -> None:
        self.store = store
        self.writes = writes
        self._version: int | None = None
        self._rows: dict[int, Row] | None = None

    async def start(self) -> None:
        """The history as it is now: what the next look compares with."""
        self._version, self._rows = await self.writes.run(functools.partial(self.store.rows_if_changed, None))

    async def look(
        self, skip: Callable[[int], bool]
    ) -> tuple[list[TaskRecord], list[TaskRecord], list[TaskRecord]]:
        """The tasks added, changed and removed since the last look (the first one only starts), each
        read again as it is now, so never older than what this process has told of it already; ``skip``
        names the tasks this process tells of itself."""
        if self._rows is None:
            await self.start()
            return [], [], []
        version, rows = await self.writes.run(functools.partial(self.store.rows_if_changed, self._version))
        self._version = version
        if rows is None or self._rows is None:
            return [], [], []
        before, self._rows = self._rows, rows
        added: list[TaskRecord] = []
        changed: list[TaskRecord] = []
        removed = [self.store.record_of(before[i]) for i in before.keys() - rows.keys()]
        for local_id, row in rows.items():
            if before.get(local_id) == row or skip(local_id):
                continue
            record = await self.store.reads.get(local_id)
            if record is None:  # removed since
                removed.append(self.store.record_of(row))
            else:
                (changed if local_id in before else added).append(record)
        return added, changed, removed
