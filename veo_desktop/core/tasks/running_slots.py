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
from collections.abc import Callable
from typing import Final

from filelock import Timeout

from veo_desktop.core.history.locks import task_lock
from veo_desktop.core.history.ownership import TaskOwnership
from veo_desktop.core.history.store import HistoryStore
from veo_desktop.core.task_record import RUNNING, TaskRecord
from veo_desktop.core.tasks.events import TaskEvent

# How often a waiting submission looks again for a slot another process may have freed (this process's
# own tasks, and those the window sees others finish, wake it at once).
RECHECK_SECONDS: Final = 2.0


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
        self._waiters: list[asyncio.Future[None]] = []
        self._timer: asyncio.TimerHandle | None = None

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

    async def room(self) -> None:
        """Until a task this process knows of stops running, the limit rises, or ``recheck`` seconds
        pass (another process may have finished one); then try :meth:`start` again. Every waiting
        submission wakes at once, in the order they came, so they try in that order."""
        loop = asyncio.get_running_loop()
        waiter = loop.create_future()
        self._waiters.append(waiter)
        if self._timer is None:
            self._timer = loop.call_later(self.recheck, self._wake)
        try:
            await waiter
        finally:
            if waiter in self._waiters:  # cancelled
                self._waiters.remove(waiter)

    def _wake(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)
