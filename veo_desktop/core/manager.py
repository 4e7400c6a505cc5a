"""The task manager: submit, poll every active task concurrently, download, and never lose a task id.

No widgets: the window subscribes through a thin Qt adapter, the CLI through a plain callback. Every
background coroutine is an ``asyncio.Task`` held in ``self._followers`` (named ``follow-<id>``); a
failure is logged and recorded on the task, and :meth:`aclose` cancels them all.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import logging
import operator
import random
import secrets
import sqlite3
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final, Literal, TypeVar

from veo_desktop.api import errors, rules
from veo_desktop.api.client import VeoClient, partial_path
from veo_desktop.api.wire import ReferenceImage, TaskStatus, check_task_id
from veo_desktop.core.history import RUNNING, HistoryStore, Spend, State, TaskRecord
from veo_desktop.core.history_errors import HistoryNotice
from veo_desktop.core.images import EXTENSIONS, PreparedImage, fit_to_frame
from veo_desktop.core.naming import unique_path, video_filename
from veo_desktop.core.output_folder import check_writable
from veo_desktop.core.provenance import write_sidecar
from veo_desktop.core.settings import DEFAULT_MAX_RUNNING, Settings
from veo_desktop.core.task_locks import TaskLocks
from veo_desktop.i18n import QT_TRANSLATE_NOOP, translate

log = logging.getLogger(__name__)

NO_REASON: Final = QT_TRANSLATE_NOOP(
    "Tasks", "The service gave no reason. Failed tasks are not charged; you can retry."
)
DEMO_ENDED: Final = QT_TRANSLATE_NOOP("Tasks", "The offline demo ended before this task finished.")
ELSEWHERE: Final = QT_TRANSLATE_NOOP(
    "Tasks", "Another Veo Desktop (a window or a command) is following this task right now."
)
NOT_FOUND_YET: Final = QT_TRANSLATE_NOOP(
    "Tasks",
    "The service at {address} says it does not know this task (404). If that address is wrong "
    "(Settings, APIYI_BASE_URL or --base-url), correct it: the task is kept and followed again.",
)
NOT_FOUND: Final = QT_TRANSLATE_NOOP(
    "Tasks",
    "The service no longer knows this task: it answered 404 for {minutes} minutes while it still "
    "knows your other tasks.",
)
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
PAUSED: Final = QT_TRANSLATE_NOOP(
    "Tasks",
    "You stopped waiting for this task. The service still has it (and bills it if it completes); its id "
    "is kept: “Follow again” or `veo-desktop import TASK_ID` picks it up.",
)
NOT_SENT: Final = QT_TRANSLATE_NOOP("Tasks", "Stopped before it was sent; nothing was billed.")
REFERENCE_TYPES: Final = {extension: mime for mime, extension in EXTENSIONS.items()}
EventKind = Literal["added", "changed", "removed", "download"]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class PollSchedule:
    """When to ask again. The provider's samples poll every 8 s; a queued task is asked less and less."""

    first: float = 2.0
    queued: float = 5.0
    queued_max: float = 30.0
    queued_growth: float = 1.5
    running: float = 8.0
    jitter: float = 0.2
    fixed: float | None = None  # the CLI's --poll-interval: exactly this, every time
    # A 404 ends a task only when it persists this long and the address still knows other tasks:
    # a wrong address (or a service having a bad minute) must never turn a paid task into "failed".
    not_found_seconds: float = 600.0
    not_found_polls: int = 3
    # Pauses before writing an accepted task's id again when the history refused it (a full disk).
    id_write_retries: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0)

    def delay(self, status: str, polls_in_status: int) -> float:
        if self.fixed is not None:
            return self.fixed
        if status == "queued":
            base = min(self.queued_max, self.queued * self.queued_growth**polls_in_status)
        else:
            base = self.running
        return base * random.uniform(1 - self.jitter, 1 + self.jitter)

    def first_delay(self) -> float:
        if self.fixed is not None:
            return self.fixed
        return self.first * random.uniform(1 - self.jitter, 1 + self.jitter)


@dataclass(frozen=True)
class TaskEvent:
    kind: EventKind
    record: TaskRecord
    received: int = 0
    total: int | None = None


Listener = Callable[[TaskEvent], None]
T = TypeVar("T")


class TaskNotReady(Exception):
    """A download was asked for a task the service has not finished (or that failed)."""


class TaskIdNotSaved(Exception):
    """The service took the task, but its id could not be written to the history (a full disk, a
    broken history). The message carries the id and the command that fetches the video later."""

    def __init__(self, task_id: str, reason: str) -> None:
        self.task_id = task_id
        super().__init__(translate("Tasks", ID_NOT_SAVED).format(task_id=task_id, reason=reason))


class TaskManager:
    def __init__(
        self,
        client: VeoClient,
        store: HistoryStore,
        *,
        output_dir: Path,
        references_dir: Path,
        schedule: PollSchedule | None = None,
        max_downloads: int = 2,
        max_running: int = DEFAULT_MAX_RUNNING,
        locks: TaskLocks | None = None,
        demo: bool = False,
        create_output_dir: bool = True,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.client = client
        self.store = store
        self.output_dir = output_dir
        self.references_dir = references_dir
        self.schedule = schedule or PollSchedule()
        self.demo = demo
        self.create_output_dir = create_output_dir
        self._downloads = asyncio.Semaphore(max_downloads)
        # "How many tasks run at once": ids of tasks sent and not finished at the service, slots claimed
        # by a submission about to be recorded, and the submissions waiting for a slot.
        self._max_running = max_running
        self._running: set[int] = set()
        self._claimed = 0
        self._room_waiters: list[asyncio.Future[None]] = []
        # Tasks another process (the window, or the CLI) follows now; adopt() takes them over when it ends.
        self.locks = locks
        self.elsewhere: dict[int, TaskRecord] = {}
        self._sleep = sleep
        self._clock = clock
        self._followers: dict[int, asyncio.Task[None]] = {}
        self._writes: set[asyncio.Future[Any]] = set()
        self._listeners: list[Listener] = []
        self.poll_count = 0
        # Submissions whose request is out and whose answer is not yet written down (see settled()).
        self._in_flight = 0
        self._settled: list[asyncio.Future[None]] = []
        # Ids the service gave that the history could not take: kept here, and shown, so none is lost.
        self.unsaved_ids: dict[int, str] = {}

    # ----- events -------------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _emit(self, kind: EventKind, record: TaskRecord, received: int = 0, total: int | None = None) -> None:
        self._track(kind, record)
        event = TaskEvent(kind, record, received, total)
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("a task listener failed")

    # Writes to the history are fsynced: they run in a worker thread, awaited in order, so the
    # event loop (and the window on it) never waits for the disk.

    async def _in_thread(self, work: Callable[[], T]) -> T:
        """Run a history write in a worker thread. Shielded: a follower cancelled mid-write still lets
        the write finish, and :meth:`aclose` waits for it before the store may be closed."""
        write = asyncio.ensure_future(asyncio.to_thread(work))
        self._writes.add(write)
        write.add_done_callback(self._writes.discard)
        return await asyncio.shield(write)

    async def _save(self, local_id: int, **changes: object) -> TaskRecord:
        return await self._in_thread(functools.partial(self.store.update, local_id, **changes))

    async def _update(self, local_id: int, **changes: object) -> TaskRecord:
        record = await self._save(local_id, **changes)
        self._emit("changed", record)
        return record

    async def _add(self, record: TaskRecord, *, owned: bool = False) -> TaskRecord:
        """Insert a task; ``owned``: this process holds its lock from before the row is visible."""
        claim = self._lock if owned else None
        return await self._in_thread(functools.partial(self.store.add, record, claim=claim))

    # ----- what the window and the commands read (nobody outside core touches the store) ----------

    @property
    def history_notice(self) -> HistoryNotice | None:
        """What happened to the history on opening (damaged and copied, journal lost), if anything."""
        return self.store.recovered_from

    def get(self, local_id: int) -> TaskRecord | None:
        return self.store.get(local_id)

    def page(self, limit: int, older_than: TaskRecord | None = None) -> list[TaskRecord]:
        """Tasks newest first, ``limit`` at a time (``older_than``: the last one of the page before)."""
        return self.store.records(limit=limit, older_than=older_than)

    def finished(self, limit: int) -> list[TaskRecord]:
        """Tasks whose video is saved, newest first."""
        return self.store.records(states=("completed",), limit=limit)

    def unfinished(self) -> list[TaskRecord]:
        return self.store.unfinished()

    def recent_prompts(self) -> list[str]:
        return self.store.recent_prompts()

    def spend(self) -> Spend:
        return self.store.spend()

    async def service_status(self, task_id: str) -> TaskStatus:
        """What the service says of any task id now (nothing is recorded)."""
        return await self.client.status(check_task_id(task_id))

    # ----- intent -------------------------------------------------------------------------------

    async def submit(
        self, request: rules.VideoRequest, image: PreparedImage | None, *, output: Path | None = None
    ) -> TaskRecord:
        """Record the intent, send it once, record the task id the instant it arrives, start following.

        Raises the client's error when the service did not take the task; the record then says why.
        """
        found = rules.problems(request)
        if found:
            raise errors.InvalidRequest(found)
        if image is not None:
            image = await asyncio.to_thread(fit_to_frame, image, request.size)
            if image.scale_note:
                log.info("reference scaled: %s", image.scale_note)
        copy = await asyncio.to_thread(self._keep_reference, image) if image is not None else ""
        record = TaskRecord.for_request(
            request,
            state="submitting",
            image_name=image.source_name if image else "",
            image_sha256=image.sha256 if image else "",
            image_copy=copy,
            output_path=str(output) if output is not None and output.suffix.lower() == ".mp4" else "",
            demo=self.demo,
        )
        return await self._enqueue(record, image.reference if image else None, output)

    async def _enqueue(
        self, record: TaskRecord, reference: ReferenceImage | None, output: Path | None
    ) -> TaskRecord:
        """Send now when fewer than ``max_running`` tasks run; else record it as waiting and return at
        once (a named follower sends it when a slot frees, and then follows it).

        Refused (:class:`OutputFolderUnusable`) before anything is recorded or sent when the video
        could not be saved where it would go."""
        await asyncio.to_thread(self._check_output, output)
        claimed = self._claim_slot()
        try:
            state: State = "submitting" if claimed else "waiting"
            # Locked before it is committed: another process's resume never sees it unowned.
            adding = asyncio.ensure_future(self._add(replace(record, state=state), owned=True))
            try:
                record = await asyncio.shield(adding)
            except asyncio.CancelledError:  # stopped before sending: the row must not claim a submission
                record = await adding
                await self._save(record.id, state="rejected", last_error=translate("Tasks", NOT_SENT))
                self._unlock(record.id)
                raise
            self._emit("added", record)  # a submitting record now counts as running
        finally:
            if claimed:
                self._claimed -= 1
        if not claimed:
            self._spawn_follower(record.id, self._send_when_free(record, reference, output))
            return record
        try:
            return await self._send(record, reference, output)
        finally:
            if record.id not in self._followers:  # refused, unknown or interrupted: nothing to follow
                self._unlock(record.id)

    async def _send_when_free(
        self, record: TaskRecord, reference: ReferenceImage | None, output: Path | None
    ) -> None:
        while not self._claim_slot():
            await self._room_changed()
        try:
            record = await self._update(record.id, state="submitting")
        finally:
            self._claimed -= 1
        try:
            await self._send(record, reference, output, follow=False)
        except errors.VeoError:
            return  # the record says why
        await self._follow(record.id)

    def apply_settings(self, settings: Settings) -> None:
        """The user saved new settings: where videos go (made when it is the default) and how many run."""
        self.output_dir = settings.resolved_output_dir()
        self.create_output_dir = settings.creates_output_dir
        self.max_running = settings.max_running

    # ----- how many run at once -----------------------------------------------------------------

    @property
    def max_running(self) -> int:
        return self._max_running

    @max_running.setter
    def max_running(self, value: int) -> None:
        self._max_running = max(1, value)
        self._wake_waiting()

    @property
    def running(self) -> int:
        return len(self._running)

    def _claim_slot(self) -> bool:
        """Synchronous, so no other submission can take the same slot in between."""
        if len(self._running) + self._claimed < self._max_running:
            self._claimed += 1
            return True
        return False

    def _track(self, kind: EventKind, record: TaskRecord) -> None:
        if kind != "removed" and record.state in RUNNING:
            self._running.add(record.id)
        elif record.id in self._running:
            self._running.discard(record.id)
            self._wake_waiting()

    def _wake_waiting(self) -> None:
        waiters, self._room_waiters = self._room_waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def _room_changed(self) -> None:
        waiter = asyncio.get_running_loop().create_future()
        self._room_waiters.append(waiter)
        await waiter

    async def _send(
        self,
        record: TaskRecord,
        reference: ReferenceImage | None,
        output: Path | None,
        *,
        follow: bool = True,
    ) -> TaskRecord:
        self._in_flight += 1
        try:
            record = await self._send_and_record(record, reference, output)
        finally:
            self._in_flight -= 1
            if not self._in_flight:
                waiters, self._settled = self._settled, []
                for waiter in waiters:
                    if not waiter.done():
                        waiter.set_result(None)
        if follow:
            self.follow(record)
        return record

    async def _send_and_record(
        self, record: TaskRecord, reference: ReferenceImage | None, output: Path | None
    ) -> TaskRecord:
        try:
            status = await self.client.submit(record.request, reference)
        except errors.OutcomeUnknown as exc:
            await self._update(record.id, state="unknown", last_error=str(exc))
            raise
        except errors.VeoError as exc:
            await self._update(record.id, state="rejected", last_error=str(exc))
            raise
        except BaseException:
            # Cancelled or crashed mid-request: the service may have the task. Never resent.
            with contextlib.suppress(sqlite3.Error, OSError):
                self.store.update(
                    record.id, state="unknown", last_error=translate("Tasks", "Interrupted while submitting.")
                )
            raise
        target = self._planned_output(record, status.task_id, output)
        return await self._record_accepted(
            record,
            task_id=status.task_id,
            state=status.status,
            progress=status.progress,
            submitted_at=self._clock(),
            output_path=str(target),
        )

    async def _record_accepted(self, record: TaskRecord, **changes: Any) -> TaskRecord:
        """Write down an accepted task's id, trying again for a while when the history cannot take it
        (a full disk); if it never can, the id still reaches the user (:class:`TaskIdNotSaved`)."""
        task_id = str(changes["task_id"])
        delays = self.schedule.id_write_retries
        for attempt in range(len(delays) + 1):
            try:
                return await self._update(record.id, **changes)
            except sqlite3.IntegrityError:  # the id of another task in the history: a broken answer
                message = translate("Tasks", ID_TWICE).format(task_id=task_id)
                await self._update(record.id, state="unknown", last_error=message)
                raise errors.OutcomeUnknown(message) from None
            except (sqlite3.Error, OSError) as exc:
                reason = str(exc)
                log.error("could not write the id %s of task #%s: %s", task_id, record.id, reason)
                if attempt < len(delays):
                    await self._sleep(delays[attempt])
        self.unsaved_ids[record.id] = task_id
        failure = TaskIdNotSaved(task_id, reason)
        self._emit("changed", replace(record, state="unknown", task_id=task_id, last_error=str(failure)))
        raise failure

    @property
    def submissions_in_flight(self) -> int:
        """Submissions sent whose answer (and task id) is not yet written down."""
        return self._in_flight

    async def settled(self) -> None:
        """Until no submission is in flight: its answer came and its id is written (or it failed)."""
        if self._in_flight:
            waiter = asyncio.get_running_loop().create_future()
            self._settled.append(waiter)
            await waiter

    def _check_output(self, output: Path | None) -> None:
        if output is None:
            check_writable(self.output_dir, create=self.create_output_dir)
        else:
            check_writable(output.parent if output.suffix.lower() == ".mp4" else output)

    def _planned_output(self, record: TaskRecord, task_id: str, output: Path | None) -> Path:
        if record.output_path:
            return Path(record.output_path)
        folder = output if output is not None else self.output_dir
        return unique_path(folder, video_filename(record.prompt, task_id, record.created_at))

    def _keep_reference(self, image: PreparedImage) -> str:
        self.references_dir.mkdir(parents=True, exist_ok=True)
        # Named by what is sent (the scaled image when it was scaled), not by the source file.
        digest = hashlib.sha256(image.reference.data).hexdigest()
        path = self.references_dir / f"{digest}{image.extension}"
        if not path.exists():
            # A name of its own per writer: two submissions of the same image may run at once.
            temp = path.with_name(f"{path.name}.{secrets.token_hex(4)}.tmp")
            temp.write_bytes(image.reference.data)
            temp.replace(path)
        return str(path)

    async def retry(self, local_id: int) -> TaskRecord:
        """A new submission with the same inputs (the reference image from our own copy)."""
        old = self.store.get(local_id)
        if old is None:
            raise KeyError(local_id)
        if old.state not in ("failed", "rejected", "unknown"):
            raise ValueError(translate("Tasks", "Only a failed task can be retried"))
        reference = await self._reference_of(old)
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
        return await self._enqueue(fresh, reference, None)

    async def _reference_of(self, record: TaskRecord) -> ReferenceImage | None:
        """The bytes a task sends (or sent), from our own copy; ValueError when that copy is gone."""
        if not record.image_copy:
            return None
        path = Path(record.image_copy)
        try:
            data = await asyncio.to_thread(path.read_bytes)
        except OSError:
            raise ValueError(
                translate("Tasks", "The reference image of that task is gone; choose it again")
            ) from None
        return ReferenceImage(data, REFERENCE_TYPES[path.suffix], Path(record.image_name).stem + path.suffix)

    async def import_task(self, task_id: str) -> TaskRecord:
        """Add an existing task by id ("already have a task_id?"); it is followed like the others."""
        task_id = check_task_id(task_id)
        existing = self.store.by_task_id(task_id)
        if existing is not None:
            if existing.state == "paused":
                return await self.follow_again(existing.id)
            if existing.active:
                self.follow(existing)
            return existing
        status = await self.client.status(task_id)
        record = await self._add_imported(status)
        self.follow(record)
        return record

    async def _add_imported(self, status: TaskStatus) -> TaskRecord:
        model = status.model if status.model in rules.MODELS else rules.DEFAULT_MODEL
        created = float(status.created_at or self._clock())
        record = await self._add(
            TaskRecord(
                id=0,
                state="queued",
                prompt=translate("Tasks", "Imported task {task_id}").format(task_id=status.task_id),
                model=model,
                seconds="",
                resolution="",
                aspect_ratio="",
                task_id=status.task_id,
                created_at=created,
                submitted_at=created,
                imported=True,
                demo=self.demo,
            )
        )
        target = unique_path(self.output_dir, video_filename("imported", status.task_id, created))
        record = await self._save(record.id, output_path=str(target))
        self._emit("added", record)
        return record

    async def download_existing(self, task_id: str, output: Path | None = None) -> TaskRecord:
        """Download a finished task now (known to the history or not); the history records it."""
        task_id = check_task_id(task_id)
        status = await self.client.status(task_id)
        if status.status == "failed":
            raise TaskNotReady(
                translate("Tasks", "The task {task_id} failed: {reason}").format(
                    task_id=task_id, reason=status.error or translate("Tasks", NO_REASON)
                )
            )
        if status.status != "completed":
            raise TaskNotReady(
                translate(
                    "Tasks",
                    "The task {task_id} is not finished yet ({state}); "
                    "`veo-desktop import` follows it until it is.",
                ).format(task_id=task_id, state=status.status.replace("_", " "))
            )
        record = self.store.by_task_id(task_id) or await self._add_imported(status)
        if record.state not in ("downloading", "download_failed", "completed"):
            record = await self._apply_status(record, status)
        if output is not None:
            target = (
                output
                if output.suffix.lower() == ".mp4"
                else unique_path(output, video_filename(record.prompt, task_id, record.created_at))
            )
            record = await self._save(record.id, output_path=str(target))
        if record.id in self._followers or not self._lock(record.id):
            raise TaskNotReady(translate("Tasks", ELSEWHERE))
        try:
            await self._download(record.id)
        finally:
            self._unlock(record.id)
        final = self.store.get(record.id)
        assert final is not None
        return final

    async def download_again(self, local_id: int) -> TaskRecord:
        """Fetch a finished task's video again (the file was moved, deleted or damaged)."""
        record = self.store.get(local_id)
        if record is None or record.task_id is None:
            raise KeyError(local_id)
        if record.output_path:
            Path(record.output_path).unlink(missing_ok=True)
        record = await self._update(local_id, state="downloading", last_error="")
        self.follow(record)
        return record

    async def stop_tracking(self, local_id: int) -> None:
        """Stop following a task (the service has no cancel). A task the service has and that is not
        finished keeps its row and id ("paused": :meth:`follow_again` picks it up); anything else is
        removed from the list. A finished video file is left alone."""
        if local_id in self.elsewhere or self._held_elsewhere(local_id):
            raise ValueError(translate("Tasks", ELSEWHERE))
        follower = self._followers.pop(local_id, None)
        if follower is not None:
            follower.cancel()
        self._unlock(local_id)
        record = self.store.get(local_id)
        if record is not None and record.task_id and record.active:
            await self._update(local_id, state="paused", last_error=translate("Tasks", PAUSED))
            return
        await self._in_thread(functools.partial(self.store.remove, local_id))
        if record is not None:
            if record.output_path and record.state != "completed":
                partial_path(Path(record.output_path).parent, record.task_id or "").unlink(missing_ok=True)
            self._emit("removed", record)

    def _held_elsewhere(self, local_id: int) -> bool:
        return self.locks is not None and self.locks.held_elsewhere(local_id)

    async def recover_interrupted(self) -> list[TaskRecord]:
        """Submissions a process stopped in the middle of become "unknown" (never resent); those another
        running process is sending right now are left to it."""
        marked = await self._in_thread(
            functools.partial(self.store.mark_interrupted_submissions, self._held_elsewhere)
        )
        for record in marked:
            self._emit("changed", record)
        return marked

    async def follow_again(self, local_id: int) -> TaskRecord:
        """Follow a task the user had stopped waiting for (its status is asked for at once)."""
        record = self.store.get(local_id)
        if record is None or record.task_id is None or record.state != "paused":
            raise ValueError(translate("Tasks", "Only a task you stopped waiting for can be followed again"))
        if self._held_elsewhere(local_id):
            raise ValueError(translate("Tasks", ELSEWHERE))
        record = await self._update(local_id, state="queued", last_error="")
        self.follow(record)
        return record

    async def resume(self) -> list[TaskRecord]:
        """On every start: interrupted submissions become "unknown", unfinished tasks are followed again."""
        skip = self._held_elsewhere
        await self.recover_interrupted()
        resumed = []
        for record in self.store.unfinished() + list(reversed(self.store.records(states=("waiting",)))):
            if record.demo != self.demo:
                if record.demo and not skip(record.id):
                    await self._update(record.id, state="failed", last_error=translate("Tasks", DEMO_ENDED))
                continue
            if not self._lock(record.id):
                self.elsewhere[record.id] = record
                self._track("changed", record)  # it runs at the service all the same
                continue
            await self._take_up(record)
            resumed.append(record)
        return resumed

    async def _take_up(self, record: TaskRecord) -> None:
        """Follow (or send, when it waits) a task this process has just locked."""
        if record.state == "waiting":  # never sent: send it now, as the user asked
            try:
                reference = await self._reference_of(record)
            except ValueError as exc:
                await self._update(
                    record.id,
                    state="rejected",
                    last_error=translate("Tasks", "Not sent: {reason}").format(reason=exc),
                )
                self._unlock(record.id)
                return
            output = Path(record.output_path) if record.output_path else None
            self._spawn_follower(record.id, self._send_when_free(record, reference, output))
        else:
            self._track("changed", record)
            self.follow(record)

    async def adopt(self) -> list[TaskRecord]:
        """Look at the tasks another process follows: pass on what it changed, and take a task over
        when that process has ended (its lock is gone) before finishing it. Called now and then."""
        changed = []
        for local_id, seen in list(self.elsewhere.items()):
            record = self.store.get(local_id)
            if record is None:
                del self.elsewhere[local_id]
                self._emit("removed", seen)
                continue
            if record != seen:
                self.elsewhere[local_id] = record
                self._emit("changed", record)
                changed.append(record)
            if self.locks is None or not self._lock(local_id):
                continue
            del self.elsewhere[local_id]
            if record.state == "submitting":  # that process died mid-request: never resent
                only_this = functools.partial(operator.ne, local_id)
                [record] = await self._in_thread(
                    functools.partial(self.store.mark_interrupted_submissions, only_this)
                )
                self._emit("changed", record)
                self._unlock(local_id)
            elif record.active or record.state == "waiting":
                await self._take_up(record)
            else:
                self._unlock(local_id)
        return changed

    def _lock(self, local_id: int) -> bool:
        return self.locks is None or self.locks.acquire(local_id)

    def _unlock(self, local_id: int) -> None:
        if self.locks is not None:
            self.locks.release(local_id)

    def follow(self, record: TaskRecord) -> None:
        current = self._followers.get(record.id)
        if current is not None and not current.done():
            return
        if not self._lock(record.id):
            self.elsewhere[record.id] = record  # adopt() passes on its changes, and takes it over later
            return
        self._spawn_follower(record.id, self._follow(record.id))

    def _spawn_follower(self, local_id: int, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work, name=f"follow-{local_id}")
        self._followers[local_id] = task
        task.add_done_callback(self._follower_done)

    def _follower_done(self, task: asyncio.Task[None]) -> None:
        local_id = int(task.get_name().removeprefix("follow-"))
        if self._followers.get(local_id) is task:
            del self._followers[local_id]
            self._unlock(local_id)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            log.error("following task %s failed", local_id, exc_info=exc)
            record = self.store.get(local_id)
            if record is not None:
                self._emit(
                    "changed",
                    self.store.update(
                        local_id,
                        last_error=translate("Tasks", "Stopped following this task: {reason}").format(
                            reason=exc
                        ),
                    ),
                )

    @property
    def following(self) -> list[int]:
        return list(self._followers)

    async def wait(self, local_ids: list[int] | None = None) -> list[TaskRecord]:
        """Until the given (or all) followed tasks stop; returns their records as they ended."""
        ids = list(self._followers) if local_ids is None else local_ids
        tasks = [self._followers[i] for i in ids if i in self._followers]
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        return [r for r in (self.store.get(i) for i in ids) if r is not None]

    async def aclose(self) -> None:
        followers = list(self._followers.values())
        for task in followers:
            task.cancel()
        await asyncio.gather(*followers, return_exceptions=True)
        self._followers.clear()
        await asyncio.gather(*self._writes, return_exceptions=True)  # the store may be closed next
        if self.locks is not None:
            self.locks.release_all()

    # ----- following ----------------------------------------------------------------------------

    async def _follow(self, local_id: int) -> None:
        record = self.store.get(local_id)
        if record is None or record.task_id is None:
            return
        if record.state in ("queued", "in_progress"):
            await self._sleep(self.schedule.first_delay())
            if not await self._poll_until_finished(record):
                return
        await self._download(local_id)

    async def _poll_until_finished(self, record: TaskRecord) -> bool:
        """Poll until the service says completed (True) or failed. Transient errors never drop a task."""
        assert record.task_id is not None
        polls_in_status = 0
        failures = 0
        not_found_since: float | None = None
        not_found = 0
        while True:
            try:
                self.poll_count += 1
                status = await self.client.status(record.task_id)
            except errors.AuthError as exc:
                await self._update(
                    record.id,
                    last_error=f"{exc} " + translate("Tasks", "Following resumes on the next start."),
                )
                return False
            except errors.TaskNotFound:
                not_found += 1
                not_found_since = not_found_since or self._clock()
                waited = self._clock() - not_found_since
                if (
                    not_found >= self.schedule.not_found_polls
                    and waited >= self.schedule.not_found_seconds
                    and await self._address_knows_other_tasks(record.task_id)
                ):
                    message = translate("Tasks", NOT_FOUND).format(minutes=f"{waited / 60:.0f}")
                    await self._update(record.id, state="failed", last_error=message)
                    return False
                address = self.client.base_url
                record = await self._update(
                    record.id, last_error=translate("Tasks", NOT_FOUND_YET).format(address=address)
                )
                await self._sleep(min(60.0, self.schedule.delay(record.state, not_found)))
                continue
            except errors.VeoError as exc:
                if not exc.retryable and not isinstance(exc, errors.RateLimited):
                    raise
                failures += 1
                wait = exc.retry_after if isinstance(exc, errors.RateLimited) and exc.retry_after else None
                await self._update(
                    record.id, last_error=f"{exc} " + translate("Tasks", "Still following; trying again.")
                )
                await self._sleep(wait or min(60.0, self.schedule.delay(record.state, failures)))
                continue
            not_found, not_found_since = 0, None
            if failures or record.last_error:
                failures = 0
                record = await self._update(record.id, last_error="")
            if status.status != record.state or status.progress != record.progress:
                polls_in_status = 0
                record = await self._apply_status(record, status)
            else:
                polls_in_status += 1
            if status.finished:
                return status.status == "completed"
            await self._sleep(self.schedule.delay(status.status, polls_in_status))

    async def _address_knows_other_tasks(self, task_id: str) -> bool:
        """True when the address answers for another task of this history: then the 404 is about this
        task, not about a wrong address."""
        others = [
            r.task_id
            for r in self.store.records(limit=20)
            if r.task_id and r.task_id != task_id and r.demo == self.demo
        ]
        for other in others[:3]:
            try:
                await self.client.status(other)
            except errors.VeoError:
                continue
            return True
        return False

    async def _apply_status(self, record: TaskRecord, status: TaskStatus) -> TaskRecord:
        now = self._clock()
        changes: dict[str, object] = {"progress": status.progress}
        if status.status == "in_progress" and record.started_at is None:
            changes["started_at"] = now
        if status.status == "failed":
            changes.update(
                state="failed", last_error=status.error or translate("Tasks", NO_REASON), completed_at=now
            )
        elif status.status == "completed":
            model = rules.MODELS.get(record.model)
            changes.update(
                state="downloading",
                completed_at=float(status.completed_at or now),
                cost_cents=model.price_cents if model else None,
            )
        else:
            changes["state"] = status.status
        return await self._update(record.id, **changes)

    async def _download(self, local_id: int) -> None:
        attempts = 0
        while True:
            record = self.store.get(local_id)
            if record is None or record.task_id is None:
                return
            task_id = record.task_id
            if record.state != "downloading":
                record = await self._update(local_id, state="downloading", last_error="")
            target = await self._download_target(record)
            try:
                async with self._downloads:
                    if self.create_output_dir and target.parent == self.output_dir:
                        target.parent.mkdir(parents=True, exist_ok=True)
                    if not target.parent.is_dir():
                        raise errors.SaveFailed(str(target), "the folder does not exist")
                    result = await self.client.download(
                        task_id,
                        target,
                        on_progress=functools.partial(self._emit, "download", record),
                    )
            except errors.SaveFailed as exc:
                await self._update(local_id, state="download_failed", last_error=str(exc))
                return
            except errors.VeoError as exc:
                attempts += 1
                if not exc.retryable or attempts >= 3:
                    await self._update(local_id, state="download_failed", last_error=str(exc))
                    return
                await self._update(local_id, last_error=f"{exc} " + translate("Tasks", "Trying again."))
                await self._sleep(self.schedule.delay("in_progress", attempts))
                continue
            record = await self._update(
                local_id,
                state="completed",
                output_path=str(result.path),
                saved_at=self._clock(),
                last_error="",
            )
            try:
                await asyncio.to_thread(write_sidecar, record, result.path)
            except OSError as exc:  # the video is saved; its settings file is a comfort
                log.warning("no settings file beside %s: %s", result.path.name, exc)
            return

    async def _download_target(self, record: TaskRecord) -> Path:
        """The planned path; a new unique name only if another file took it meanwhile."""
        assert record.task_id is not None
        if record.output_path:
            planned = Path(record.output_path)
            if not planned.exists():
                return planned
            name = planned.name
            folder = planned.parent
        else:
            name = video_filename(record.prompt, record.task_id, record.created_at)
            folder = self.output_dir
        target = unique_path(folder, name)
        await self._save(record.id, output_path=str(target))
        return target
