"""How many tasks run at the service at once, counted over every process on this history (the window and
``veo-desktop generate`` in terminals share one history, and the service's limit is per key): tasks sent
and not finished that some live process follows or is sending. A submission beyond the limit waits
(recorded "waiting", unsent and unbilled) until a running task finishes, whichever process runs it.

The count and the claim are one history transaction (``BEGIN IMMEDIATE``, on the history's writer thread):
a task becomes ``submitting`` only if the count, taken under the write lock, leaves room. A task counts
while its lock (core/history/locks.py) is held, so a process killed holding slots frees them with its
locks; its rows stay as they were, for the recovery to find ("submitting" becomes "outcome unknown")."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Final

from filelock import Timeout

from veo_desktop.core.history.locks import task_lock
from veo_desktop.core.history.ownership import TaskOwnership
from veo_desktop.core.history.store import HistoryStore
from veo_desktop.core.task_record import RUNNING, TaskRecord
from veo_desktop.core.tasks.events import TaskEvent

# How often this process looks again for a slot another process may have freed (this process's own
# tasks, and those the window sees others finish, wake the waiting submissions at once). One look serves
# every waiting submission: they are woken to claim only when it finds room.
RECHECK_SECONDS: Final = 2.0

log = logging.getLogger(__name__)


class RunningSlots:
    def __init__(
        self,
        limit: int,
        store: HistoryStore,
        ownership: TaskOwnership,
        *,
        recheck: float = RECHECK_SECONDS,
    ) -> None:
        self._limit = max(1, limit)
        self.store = store
        self.ownership = ownership
        self.recheck = recheck
        self._running: set[int] = set()  # tasks this process knows run (its own, and others' it sees)
        self._waiters: list[tuple[asyncio.Future[None], bool]] = []  # with the mode (demo) each waits in
        self._timer: asyncio.TimerHandle | None = None
        self._looking: asyncio.Task[bool] | None = None  # the one look for a slot, every ``recheck``
        self.looks = 0  # how many looks were taken (each one history transaction)

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

    # ----- on the history's writer thread (hand these to TaskWrites.run) ------------------------------

    def add(self, record: TaskRecord, claim: Callable[[int], bool]) -> TaskRecord:
        """Record a new submission, ``submitting`` (a slot claimed) when fewer than the limit run, else
        ``waiting``; ``claim`` takes its lock before the row is committed (see HistoryStore.add)."""
        record = self.store.add(record, claim=claim, room=self._room)
        self._note(record)
        return record

    def start(self, local_id: int) -> TaskRecord | None:
        """A waiting task becomes ``submitting`` (its slot claimed) when a slot is free; None when not."""
        record = self.store.start_if_room(local_id, self._room)
        if record is not None:
            self._note(record)
        return record

    def _room(self, running: list[int]) -> bool:
        if len(running) < self._limit:
            return True
        locks = self.ownership.locks
        held = set(locks.held) if locks is not None else set()
        live = 0
        for local_id in running:
            live += self._live(local_id, held)
            if live >= self._limit:
                return False
        return True

    def _live(self, local_id: int, held: set[int]) -> bool:
        """Some process follows or sends the task now: it holds the task's lock. A task left by a process
        that ended (or was killed) is not counted: nobody would ever tell when it finishes."""
        locks = self.ownership.locks
        if locks is None:  # one process only (tests): the tasks it runs
            return local_id in self._running
        if local_id in held:
            return True
        path = locks.folder / f"{local_id}.lock"
        if not path.exists():
            return False
        probe = task_lock(path)  # a lock of its own: never disturbs this process's held ones
        try:
            probe.acquire(timeout=0)
        except Timeout:
            return True
        probe.release(force=True)
        return False

    def has_room(self, demo: bool) -> bool:
        """One look, whatever the number waiting: is a slot free for a task of this mode now? A plain
        read, no write lock (the claim, :meth:`start`, counts again under it)."""
        self.looks += 1
        return self._room([r.id for r in self.store.records(states=RUNNING) if r.demo == demo])

    def _note(self, record: TaskRecord) -> None:
        """A claim counts at once, before the next claim on the writer thread (its event comes later)."""
        if record.state in RUNNING:
            self._running.add(record.id)

    # ----- on the event loop ------------------------------------------------------------------------

    def track(self, record: TaskRecord, *, removed: bool = False) -> None:
        if not removed and record.state in RUNNING:
            self._running.add(record.id)
        elif record.id in self._running:  # it stopped running (maybe another process's, seen by adopt)
            self._running.discard(record.id)
            self._wake()

    def on_event(self, event: TaskEvent) -> None:
        self.track(event.record, removed=event.kind == "removed")

    async def room(self, demo: bool = False) -> None:
        """Until a task this process knows of stops running, the limit rises, or the look taken every
        ``recheck`` seconds finds a slot free (another process may have finished one); then try
        :meth:`start` again. Every waiting submission wakes at once, in the order they came, so they
        try in that order."""
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        self._waiters.append((waiter, demo))
        if self._timer is None and self._looking is None:
            self._timer = loop.call_later(self.recheck, self._look)
        try:
            await waiter
        finally:
            self._waiters = [(w, d) for w, d in self._waiters if w is not waiter]  # cancelled
            if not self._waiters:
                self._stop_looking()

    def _look(self) -> None:
        """Every ``recheck`` seconds while some wait: one look for each mode waited in."""
        self._timer = None
        modes = sorted({demo for _, demo in self._waiters})
        if modes:
            self._looking = asyncio.get_running_loop().create_task(self._found(modes), name="slot-look")
            self._looking.add_done_callback(self._looked)

    async def _found(self, modes: list[bool]) -> bool:
        for demo in modes:
            if await self.store.read(self.has_room, demo):
                return True
        return False

    def _looked(self, task: asyncio.Task[bool]) -> None:
        if self._looking is task:
            self._looking = None
        if task.cancelled():
            return
        failed = task.exception()
        if failed is not None:  # each waiting submission tries for itself, as it would have
            log.warning("looking for a free slot failed", exc_info=failed)
        if failed is not None or task.result():
            self._wake()
        elif self._waiters and self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self.recheck, self._look)

    def _stop_looking(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._looking is not None:
            self._looking.cancel()
            self._looking = None

    def _wake(self) -> None:
        self._stop_looking()
        waiters, self._waiters = self._waiters, []
        for waiter, _ in waiters:
            if not waiter.done():
                waiter.set_result(None)
