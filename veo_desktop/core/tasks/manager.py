"""The task manager: the one front the window and the commands use to submit, follow, save and recover
tasks, and never lose a task id. No widgets. It wires small parts with one job each: submitting,
polling, saving, followers, running_slots, ownership, recovery, imported, stopping, writes, events."""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Callable
from pathlib import Path

from veo_desktop.api import rules
from veo_desktop.api.client import VeoClient
from veo_desktop.api.retry import Sleep, Unreachable
from veo_desktop.api.wire import TaskStatus, check_task_id
from veo_desktop.core.clips.images import PreparedImage
from veo_desktop.core.history.errors import HistoryNotice
from veo_desktop.core.history.locks import TaskLocks
from veo_desktop.core.history.ownership import TaskOwnership
from veo_desktop.core.history.store import HistoryStore
from veo_desktop.core.settings import DEFAULT_MAX_RUNNING, Settings
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.chains import chain_of
from veo_desktop.core.tasks.events import Listener, TaskEvent, TaskEvents
from veo_desktop.core.tasks.followers import Followers
from veo_desktop.core.tasks.imported import Importer, TaskNotReady
from veo_desktop.core.tasks.polling import Poller, PollSchedule
from veo_desktop.core.tasks.recovery import Recovery
from veo_desktop.core.tasks.running_slots import RunningSlots
from veo_desktop.core.tasks.saving import OutputFolder, Saver
from veo_desktop.core.tasks.stopping import Stopping
from veo_desktop.core.tasks.submitting import Submitter, TaskIdNotSaved
from veo_desktop.core.tasks.writes import TaskWrites

__all__ = ["PollSchedule", "TaskEvent", "TaskIdNotSaved", "TaskManager", "TaskNotReady", "Unreachable"]


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
        self.history = store.reads  # async, on the history's thread: ``await manager.history.page(…)``
        self.schedule = schedule or PollSchedule()
        self.demo = demo
        self._sleep = sleep
        self.events = TaskEvents()
        self.ownership = TaskOwnership(locks)
        self.slots = RunningSlots(max_running, store, self.ownership)  # counted over every process
        self.events.subscribe(self.slots.on_event)  # first: a listener sees the counts already updated
        self.writes = TaskWrites(store, self.events)
        self.output = OutputFolder(output_dir, create_output_dir)
        self.followers = Followers(self.ownership, store, self.events, self._follow)
        self.poller = Poller(client, store, self.writes, self.schedule, sleep=sleep, clock=clock, demo=demo)
        self.saver = Saver(
            client,
            store,
            self.writes,
            self.events,
            self.output,
            self.schedule,
            max_downloads=max_downloads,
            sleep=sleep,
            clock=clock,
        )
        self.submitter = Submitter(
            client,
            self.writes,
            self.slots,
            self.ownership,
            self.followers,
            self.output,
            self.schedule,
            references_dir=references_dir,
            follow_work=self._follow,
            sleep=sleep,
            clock=clock,
            demo=demo,
        )
        self.recovery = Recovery(
            store, self.writes, self.ownership, self.slots, self.followers, self.submitter, demo=demo
        )
        self.stopping = Stopping(store, self.writes, self.ownership, self.followers, self.events)
        self.importer = Importer(
            client,
            store,
            self.writes,
            self.output,
            self.ownership,
            self.followers,
            self.saver,
            clock=clock,
            demo=demo,
        )

    # ----- what the window and the commands read (nobody outside core touches the store) ----------
    # The window and the storyboard await :attr:`history`'s reads; ``get`` blocks on the history's
    # thread, for the commands' sync paths only.

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        return self.events.subscribe(listener)

    @property
    def history_notice(self) -> HistoryNotice | None:
        """What happened to the history on opening (damaged and copied, journal lost), if anything."""
        return self.store.recovered_from

    def get(self, local_id: int) -> TaskRecord | None:
        return self.store.get(local_id)

    async def last_frame(self, record: TaskRecord) -> PreparedImage:
        """The last frame of a task's saved video, as a start image for the clip that continues it
        (:class:`~veo_desktop.core.clips.continuing.CannotContinue`, in words, when it has no saved video)."""
        from veo_desktop.core.clips.continuing import last_frame  # PyAV loads on first use, not at start-up

        return await asyncio.to_thread(last_frame, record)

    async def chain(self, record: TaskRecord, scan: int) -> list[TaskRecord]:
        """``record``'s chain of saved clips (:func:`~veo_desktop.core.tasks.chains.chain_of`; its children
        among the newest ``scan`` saved videos), read in one go on the history's thread."""
        store = self.store
        finished = functools.partial(store.records, states=("completed",), limit=scan)
        return await store.read(lambda: chain_of(record, store.by_task_id, finished()))

    async def service_status(self, task_id: str) -> TaskStatus:
        """What the service says of any task id now (nothing is recorded)."""
        return await self.client.status(check_task_id(task_id))

    @property
    def following(self) -> list[int]:
        return self.followers.ids

    @property
    def elsewhere(self) -> dict[int, TaskRecord]:
        """Tasks another process (the window, or a command) follows now; :meth:`adopt` watches them."""
        return self.ownership.elsewhere

    def held_elsewhere(self, local_id: int) -> bool:
        """Another Veo Desktop follows this task now: only it may stop following it."""
        return self.stopping.held_elsewhere(local_id)

    @property
    def poll_count(self) -> int:
        return self.poller.count

    @property
    def submissions_in_flight(self) -> int:
        return self.submitter.in_flight

    @property
    def unsaved_ids(self) -> dict[int, str]:
        return self.submitter.unsaved_ids

    async def settled(self) -> None:
        await self.submitter.settled()

    @property
    def unreachable(self) -> Unreachable | None:
        """The service cannot be reached now: since when, and when the next try goes out (or None)."""
        return self.client.reachability.unreachable

    def retry_now(self) -> None:
        """The user's "Retry now": every request and poll waiting to try the service again (a 429's
        wait included) tries now."""
        self.client.retry_now()

    def hold_submissions(self) -> None:
        """The user is stopping: a submission the service refused is not tried again (see VeoClient)."""
        self.client.hold_submissions()

    # ----- settings -----------------------------------------------------------------------------

    def apply_settings(self, settings: Settings) -> None:
        """The user saved new settings: where videos go (made when it is the default) and how many run."""
        self.output.apply(settings)
        self.max_running = settings.max_running

    @property
    def max_running(self) -> int:
        return self.slots.limit

    @max_running.setter
    def max_running(self, value: int) -> None:
        self.slots.limit = value

    @property
    def running(self) -> int:
        return self.slots.running

    # ----- intent -------------------------------------------------------------------------------

    async def submit(
        self,
        request: rules.VideoRequest,
        image: PreparedImage | None,
        *,
        end: PreparedImage | None = None,
        output: Path | None = None,
        parent_task_id: str = "",
    ) -> TaskRecord:
        """Record the intent, send it once, record the id the instant it arrives, start following.
        ``image`` is the start frame, ``end`` the end frame; ``parent_task_id`` the task it continues."""
        return await self.submitter.submit(
            request, image, end=end, output=output, parent_task_id=parent_task_id
        )

    async def retry(self, local_id: int) -> TaskRecord:
        old = await self.history.get(local_id)
        if old is None:
            raise KeyError(local_id)
        return await self.submitter.retry(old)

    async def import_task(self, task_id: str) -> TaskRecord:
        """Add an existing task by id (made elsewhere, or whose id the user kept); followed like others."""
        existing = await self.history.by_task_id(check_task_id(task_id))
        if existing is not None and existing.state == "paused":
            return await self.follow_again(existing.id)
        return await self.importer.follow(task_id)

    async def download_existing(self, task_id: str, output: Path | None = None) -> TaskRecord:
        """Download a finished task now (known to the history or not); the history records it."""
        return await self.importer.download(task_id, output)

    async def download_again(self, local_id: int) -> TaskRecord:
        """Fetch a finished task's video again (the file was moved, deleted or damaged). A file at its
        name is never deleted (it may be another task's video that took the name): the video comes
        back under the next free name."""
        return await self.stopping.download_again(local_id)

    async def stop_tracking(self, local_id: int) -> None:
        """Stop following a task (the service has no cancel). A task the service has and that is not
        finished keeps its row and id ("paused": :meth:`follow_again` picks it up); anything else is
        removed from the list. A finished video file is left alone."""
        await self.stopping.stop_tracking(local_id)

    async def follow_again(self, local_id: int) -> TaskRecord:
        """Follow a task the user had stopped waiting for (its status is asked for at once)."""
        return await self.stopping.follow_again(local_id)

    async def wait(self, local_ids: list[int] | None = None) -> list[TaskRecord]:
        """Until the given (or all) followed tasks stop; returns their records as they ended."""
        return await self.followers.wait(local_ids)

    # ----- after a stop: recover, resume, take over (core/tasks/recovery.py) ---------------------------

    async def recover_interrupted(self) -> list[TaskRecord]:
        """Submissions a process stopped in the middle of become "unknown" (never resent); those another
        running process is sending right now are left to it."""
        return await self.recovery.recover_interrupted()

    async def resume(self) -> list[TaskRecord]:
        """On every start: interrupted submissions become "unknown", unfinished tasks are followed again."""
        return await self.recovery.resume()

    async def adopt(self) -> list[TaskRecord]:
        """Pass on what another process changed in the tasks it follows; take a task over when that
        process ended before finishing it. Called now and then."""
        return await self.recovery.adopt()

    async def aclose(self) -> None:
        await self.followers.aclose()
        await self.writes.drain()  # the store may be closed next
        self.ownership.release_all()

    # ----- following ----------------------------------------------------------------------------

    async def _follow(self, local_id: int) -> None:
        """What following a task means: poll it until it finishes, then save its video."""
        record = await self.history.get(local_id)
        if record is None or record.task_id is None:
            return
        if record.state in ("queued", "in_progress"):
            await self._sleep(self.schedule.first_delay())
            if not await self.poller.until_finished(record):
                return
        await self.saver.download(local_id)
