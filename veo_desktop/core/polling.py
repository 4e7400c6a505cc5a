"""Polling a task until the service says it finished: when to ask (the schedule), what a status means
for the task's record, and why a transient error (or a 404 that may be a wrong address) never drops a
paid task."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from veo_desktop.api import errors, rules
from veo_desktop.api.client import VeoClient
from veo_desktop.api.transport import Sleep
from veo_desktop.api.wire import TaskStatus
from veo_desktop.core.history import HistoryStore
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.task_writes import TaskWrites
from veo_desktop.i18n import QT_TRANSLATE_NOOP, Message

NO_REASON: Final = QT_TRANSLATE_NOOP(
    "Tasks", "The service gave no reason. Failed tasks are not charged; you can retry."
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


class Poller:
    """Asks the service about one task at a time, as often as the schedule says; counts every poll."""

    def __init__(
        self,
        client: VeoClient,
        store: HistoryStore,
        writes: TaskWrites,
        schedule: PollSchedule,
        *,
        sleep: Sleep,
        clock: Callable[[], float],
        demo: bool,
    ) -> None:
        self.client = client
        self.store = store
        self.writes = writes
        self.schedule = schedule
        self._sleep = sleep
        self._clock = clock
        self._demo = demo
        self.count = 0

    async def until_finished(self, record: TaskRecord) -> bool:
        """Poll until the service says completed (True) or failed. Transient errors never drop a task."""
        assert record.task_id is not None
        polls_in_status = 0
        failures = 0
        not_found_since: float | None = None
        not_found = 0
        while True:
            try:
                self.count += 1
                status = await self.client.status(record.task_id)
            except errors.AuthError as exc:
                resumes = Message.of(
                    "Tasks", QT_TRANSLATE_NOOP("Tasks", "Following resumes on the next start.")
                )
                await self.writes.update(record.id, last_error=Message.joined(exc.message, resumes))
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
                    message = Message.of("Tasks", NOT_FOUND, minutes=f"{waited / 60:.0f}")
                    await self.writes.update(record.id, state="failed", last_error=message)
                    return False
                address = self.client.base_url
                record = await self.writes.update(
                    record.id, last_error=Message.of("Tasks", NOT_FOUND_YET, address=address)
                )
                await self._sleep(min(60.0, self.schedule.delay(record.state, not_found)))
                continue
            except errors.VeoError as exc:
                if not exc.retryable and not isinstance(exc, errors.RateLimited):
                    raise
                failures += 1
                wait = exc.retry_after if isinstance(exc, errors.RateLimited) and exc.retry_after else None
                again = Message.of("Tasks", QT_TRANSLATE_NOOP("Tasks", "Still following; trying again."))
                await self.writes.update(record.id, last_error=Message.joined(exc.message, again))
                await self._sleep(wait or min(60.0, self.schedule.delay(record.state, failures)))
                continue
            not_found, not_found_since = 0, None
            if failures or record.last_error:
                failures = 0
                record = await self.writes.update(record.id, last_error="")
            if status.status != record.state or status.progress != record.progress:
                polls_in_status = 0
                record = await apply_status(self.writes, record, status, self._clock())
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
            if r.task_id and r.task_id != task_id and r.demo == self._demo
        ]
        for other in others[:3]:
            try:
                await self.client.status(other)
            except errors.VeoError:
                continue
            return True
        return False


async def apply_status(writes: TaskWrites, record: TaskRecord, status: TaskStatus, now: float) -> TaskRecord:
    """What the service's status means for the record: progress, start time, failure with its reason,
    or completion (then the download is next, and the price is what it cost)."""
    changes: dict[str, object] = {"progress": status.progress}
    if status.status == "in_progress" and record.started_at is None:
        changes["started_at"] = now
    if status.status == "failed":
        changes.update(
            state="failed", last_error=status.error or Message.of("Tasks", NO_REASON), completed_at=now
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
    return await writes.update(record.id, **changes)
