"""Sending a task to the service once, and never losing what it answers.

The intent is recorded (and locked) before the request goes out; a submission beyond the running limit
waits, recorded and unsent. The id is written the instant the answer arrives, again and again for a
while if the history cannot take it (a full disk), and else handed to the user (:class:`TaskIdNotSaved`).
An answer that never came, or came from a gateway, is "outcome unknown": never resent by the app.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

from veo_desktop.api import errors, rules
from veo_desktop.api.client import VeoClient
from veo_desktop.api.retry import Sleep
from veo_desktop.api.wire import ReferenceImage
from veo_desktop.core.clips.images import PreparedImage, fit_to_frame
from veo_desktop.core.clips.references import keep_reference, read_frames
from veo_desktop.core.history.ownership import TaskOwnership
from veo_desktop.core.task_record import RETRYABLE, TaskRecord
from veo_desktop.core.tasks.followers import Followers, FollowWork
from veo_desktop.core.tasks.polling import PollSchedule
from veo_desktop.core.tasks.running_slots import RunningSlots
from veo_desktop.core.tasks.saving import OutputFolder
from veo_desktop.core.tasks.writes import TaskWrites
from veo_desktop.i18n import QT_TRANSLATE_NOOP, Message, translate

log = logging.getLogger(__name__)

# The images a task uploads, in order: none, a start frame, or a start frame and an end frame.
Frames = tuple[ReferenceImage, ...]

ID_NOT_SAVED: Final = QT_TRANSLATE_NOOP(
    "Tasks",
    "The service accepted the task {task_id}, but the history could not be written ({reason}). "
    "Keep this id: once the problem is fixed, `veo-desktop import {task_id}` fetches the video.",
)
ID_TWICE: Final = QT_TRANSLATE_NOOP(
    "Tasks",
    "The service answered with the id {task_id}, which belongs to an earlier task in your history; "
    "the new submission may or may not have been accepted. It was not sent again.",
)
# How long stopping (the window closing, the CLI's Ctrl+C) waits for the answer to a submission in flight:
# the task id it brings is written down, so the task is followed again later, never lost.
ANSWER_GRACE_SECONDS: Final = 15.0
NOT_SENT: Final = QT_TRANSLATE_NOOP("Tasks", "Stopped before it was sent; nothing was billed.")


class TaskIdNotSaved(Exception):
    """The service took the task, but its id could not be written to the history (a full disk, a
    broken history). The message carries the id and the command that fetches the video later."""

    def __init__(self, task_id: str, reason: str) -> None:
        self.task_id = task_id
        super().__init__(translate("Tasks", ID_NOT_SAVED).format(task_id=task_id, reason=reason))


class Submitter:
    def __init__(
        self,
        client: VeoClient,
        writes: TaskWrites,
        slots: RunningSlots,
        ownership: TaskOwnership,
        followers: Followers,
        output: OutputFolder,
        schedule: PollSchedule,
        *,
        references_dir: Path,
        follow_work: FollowWork,
        sleep: Sleep,
        clock: Callable[[], float],
        demo: bool,
    ) -> None:
        self.client = client
        self.writes = writes
        self.slots = slots
        self.ownership = ownership
        self.followers = followers
        self.output = output
        self.schedule = schedule
        self.references_dir = references_dir
        self._follow_work = follow_work
        self._sleep = sleep
        self._clock = clock
        self.demo = demo
        # Submissions whose request is out and whose answer is not yet written down (see settled()).
        self._in_flight = 0
        self._settled: list[asyncio.Future[None]] = []
        # Ids the service gave that the history could not take: kept here, and shown, so none is lost.
        self.unsaved_ids: dict[int, str] = {}

    async def submit(
        self,
        request: rules.VideoRequest,
        image: PreparedImage | None,
        *,
        end: PreparedImage | None = None,
        output: Path | None = None,
        parent_task_id: str = "",
    ) -> TaskRecord:
        """Record the intent, send it once, record the task id the instant it arrives, start following.
        ``image`` is the start frame, ``end`` the end frame (the Flow channel's ``-fl`` models).

        Raises the client's error when the service did not take the task; the record then says why.
        """
        found = rules.problems(request, start=image is not None, end=end is not None)
        if found:
            raise errors.InvalidRequest(found)
        start_fields, start = await self._prepare(image, request.size, "image_")
        end_fields, finish = await self._prepare(end, request.size, "end_image_")
        record = TaskRecord.for_request(
            request,
            state="submitting",
            **start_fields,
            **end_fields,
            output_path=str(output) if output is not None and output.suffix.lower() == ".mp4" else "",
            demo=self.demo,
            parent_task_id=parent_task_id,
        )
        frames = tuple(frame for frame in (start, finish) if frame is not None)
        return await self.enqueue(record, frames, output)

    async def _prepare(
        self, image: PreparedImage | None, size: str, prefix: str
    ) -> tuple[dict[str, str], ReferenceImage | None]:
        """An image fitted to the frame and kept (our own copy, for a retry): the record's fields for
        it (``image_name``, ``image_sha256``, ``image_copy`` under ``prefix``) and what is uploaded."""
        if image is None:
            return {}, None
        image = await asyncio.to_thread(fit_to_frame, image, size)
        if image.scale_note:
            log.info("reference scaled: %s", image.scale_note)
        copy = await asyncio.to_thread(keep_reference, self.references_dir, image)
        kept = {"name": image.source_name, "sha256": image.sha256, "copy": copy}
        return {prefix + key: value for key, value in kept.items()}, image.reference

    async def retry(self, old: TaskRecord) -> TaskRecord:
        """A new submission with the same inputs (the reference image from our own copy)."""
        if old.state not in RETRYABLE:
            raise ValueError(translate("Tasks", "Only a failed task can be retried"))
        frames = await read_frames(old)
        fresh = replace(
            old,
            id=0,
            state="submitting",
            task_id=None,
            progress=0,
            created_at=0.0,
            submitted_at=None,
            started_at=None,
            completed_at=None,
            saved_at=None,
            cost_cents=None,
            output_path="",
            last_error="",
            imported=False,
            demo=self.demo,
        )
        return await self.enqueue(fresh, frames, None)

    async def enqueue(self, record: TaskRecord, frames: Frames, output: Path | None) -> TaskRecord:
        """Send now when fewer than the limit run; else record it as waiting and return at once (a named
        follower sends it when a slot frees, and then follows it).

        Refused (:class:`OutputFolderUnusable`) before anything is recorded or sent when the video
        could not be saved where it would go."""
        await asyncio.to_thread(self.output.check, output)
        # Sent now only when fewer than the limit run, in every process on this history: counted and
        # recorded ("submitting", or "waiting") in one transaction. Locked before it is committed:
        # another process's resume never sees it unowned.
        add = functools.partial(self.slots.add, replace(record, state="submitting"), self.ownership.take)
        adding = asyncio.ensure_future(self.writes.run(add))
        try:
            record = await asyncio.shield(adding)
        except asyncio.CancelledError:  # stopped before sending: the row must not claim a submission
            record = await adding
            stopped = await self.writes.save(
                record.id, state="rejected", last_error=Message.of("Tasks", NOT_SENT)
            )
            self.slots.track(stopped)
            self.ownership.give_up(record.id)
            raise
        self.writes.events.emit("added", record)
        if record.state == "waiting":
            self.followers.spawn(record.id, self.send_when_free(record, frames, output))
            return record
        try:
            return await self._send(record, frames, output)
        finally:
            if record.id not in self.followers:  # refused, unknown or interrupted: nothing to follow
                self.ownership.give_up(record.id)

    async def send_when_free(self, record: TaskRecord, frames: Frames, output: Path | None) -> None:
        """Send a waiting task (this process holds its lock) once a slot is free in any process."""
        while True:
            starting = asyncio.ensure_future(self.writes.run(functools.partial(self.slots.start, record.id)))
            try:
                started = await asyncio.shield(starting)
            except asyncio.CancelledError:  # stopped as its slot came: it waits again, unsent
                if await starting is not None:
                    with contextlib.suppress(KeyError):  # removed meanwhile ("Stop tracking")
                        self.slots.track(await self.writes.save(record.id, state="waiting"))
                raise
            if started is not None:
                break
            await self.slots.room(record.demo)
        self.writes.events.emit("changed", started)
        try:
            await self._send(started, frames, output, follow=False)
        except errors.VeoError:
            return  # the record says why
        await self._follow_work(record.id)

    async def _send(
        self,
        record: TaskRecord,
        frames: Frames,
        output: Path | None,
        *,
        follow: bool = True,
    ) -> TaskRecord:
        self._in_flight += 1
        try:
            record = await self._send_and_record(record, frames, output)
        finally:
            self._in_flight -= 1
            if not self._in_flight:
                waiters, self._settled = self._settled, []
                for waiter in waiters:
                    if not waiter.done():
                        waiter.set_result(None)
        if follow:
            self.followers.follow(record)
        return record

    async def _send_and_record(self, record: TaskRecord, frames: Frames, output: Path | None) -> TaskRecord:
        try:
            status = await self.client.submit(record.request, *frames)
        except errors.VeoError as exc:
            # Never sent again by the app (the client's retry policy has had its say): an outcome that
            # is unknown stays "unknown" (the service may have the task), anything else is "rejected".
            unknown = exc.category is errors.Category.OUTCOME_UNKNOWN
            state = "unknown" if unknown else "rejected"
            await self.writes.update(record.id, state=state, last_error=exc.message)
            raise
        except BaseException:
            # Cancelled or crashed mid-request: the service may have the task. Never resent. Written at
            # once (nothing can be awaited here), and told: the list and a storyboard show "unknown".
            with contextlib.suppress(sqlite3.Error, OSError):
                interrupted = self.writes.store.update(
                    record.id,
                    state="unknown",
                    last_error=Message.of(
                        "Tasks", QT_TRANSLATE_NOOP("Tasks", "Interrupted while submitting.")
                    ),
                )
                self.writes.events.emit("changed", interrupted)
            raise
        # A task just made is queued or under way; any other word in the first answer (completed,
        # failed, canceled) is asked about again before anything is fetched or ended.
        state = status.status if status.status in ("queued", "in_progress") else "queued"
        record = await self._record_accepted(  # the id first: nothing may stand between it and the disk
            record,
            task_id=status.task_id,
            state=state,
            progress=status.progress,
            submitted_at=self._clock(),
        )
        try:
            target = await asyncio.to_thread(self.output.planned, record, status.task_id, output)
        except OSError as exc:  # a name the folder cannot hold: the saver says so when the video is ready
            log.error("no name planned for task %s: %s", status.task_id, exc)
            return record
        return await self.writes.update(record.id, output_path=str(target))

    async def _record_accepted(self, record: TaskRecord, **changes: Any) -> TaskRecord:
        """Write down an accepted task's id, trying again for a while when the history cannot take it
        (a full disk); if it never can, the id still reaches the user (:class:`TaskIdNotSaved`)."""
        task_id = str(changes["task_id"])
        delays = self.schedule.id_write_retries
        reason = ""
        for attempt in range(len(delays) + 1):
            try:
                return await self.writes.update(record.id, **changes)
            except sqlite3.IntegrityError:  # the id of another task in the history: a broken answer
                message = Message.of("Tasks", ID_TWICE, task_id=task_id)
                await self.writes.update(record.id, state="unknown", last_error=message)
                raise errors.OutcomeUnknown(message) from None
            except (sqlite3.Error, OSError) as exc:
                reason = str(exc)
                log.error("could not write the id %s of task #%s: %s", task_id, record.id, reason)
                if attempt < len(delays):
                    await self._sleep(delays[attempt])
        self.unsaved_ids[record.id] = task_id
        failure = TaskIdNotSaved(task_id, reason)
        unsaved = replace(record, state="unknown", task_id=task_id, last_error=str(failure))
        self.writes.events.emit("changed", unsaved)
        raise failure

    @property
    def in_flight(self) -> int:
        """Submissions sent whose answer (and task id) is not yet written down."""
        return self._in_flight

    async def settled(self) -> None:
        """Until no submission is in flight: its answer came and its id is written (or it failed)."""
        if self._in_flight:
            waiter = asyncio.get_running_loop().create_future()
            self._settled.append(waiter)
            await waiter
