"""Polling a task until the service says it finished: when to ask (the schedule), what a status means
for the task's record, and why a transient error (or a 404 that may be a wrong address) never drops a
paid task."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from veo_desktop.api import errors, rules
from veo_desktop.api.client import VeoClient
from veo_desktop.api.retry import Loop, Sleep
from veo_desktop.api.wire import TaskStatus
from veo_desktop.core.history.store import HistoryStore
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.estimate import RenderTimes
from veo_desktop.core.tasks.poll_schedule import PollSchedule as PollSchedule  # where the app has found it
from veo_desktop.core.tasks.writes import TaskWrites
from veo_desktop.i18n import QT_TRANSLATE_NOOP, Message

LEARN_FROM_NEWEST: Final = 200  # finished tasks whose render times the schedule goes by
# Two answers further apart than this say too little about when a task started or completed between
# them (a task followed again after the app was closed): then the later one is the time, as it was.
BRACKET_MAX: Final = 60.0

NO_REASON: Final = QT_TRANSLATE_NOOP(
    "Tasks", "The service gave no reason. Failed tasks are not charged; you can retry."
)
CANCELED: Final = QT_TRANSLATE_NOOP(
    "Tasks", "The service canceled this task. Canceled tasks are not charged; you can retry."
)
EXPIRED: Final = QT_TRANSLATE_NOOP(
    "Tasks", "The service says this task expired. Expired tasks are not charged; you can retry."
)
UNRECOGNIZED: Final = QT_TRANSLATE_NOOP(
    "Tasks",
    "The service says “{word}”, a status this app does not know. The task is kept and asked about "
    "again, less often.",
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
        self._times: RenderTimes | None = None

    async def until_finished(self, record: TaskRecord) -> bool:
        """Poll until the service says completed (True) or failed. Transient errors never drop a task."""
        assert record.task_id is not None
        if self._times is None:  # read once, off the loop's thread, before the first wait needs it
            finished = await self.store.reads.finished(LEARN_FROM_NEWEST)
            self._times = self._times or RenderTimes.from_history(finished)
        polls_in_status = 0
        failures = 0
        not_found_since: float | None = None
        not_found = 0
        # When the service last answered about this task (the submission's answer said "queued"): a
        # change of state happened between then and the next answer.
        answered = record.submitted_at if record.state == "queued" else None
        spread = 0.0  # how unsure its start time is (half the time between the two answers)
        unrecognized = 0  # answers in a row with a status word nobody here knows
        heard = ""  # the last such word
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
                    and await self._address_knows_older_tasks(record)
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
                scheduled = min(60.0, self.schedule.delay(record.state, failures + 1))
                decision = self.client.retry.decide(exc, failures, Loop.FOLLOW, scheduled=scheduled)
                if not decision.retry:
                    raise
                failures += 1
                again = Message.of("Tasks", QT_TRANSLATE_NOOP("Tasks", "Still following; trying again."))
                await self.writes.update(record.id, last_error=Message.joined(exc.message, again))
                # The window counts this pause down and "Retry now" ends it (see api.transport.Reachability).
                await self.client.reachability.pause(self.schedule.bounded(decision.wait), self._sleep)
                continue
            not_found, not_found_since = 0, None
            if status.status == "unrecognized":
                # Not a failure: the service has the task and says something new. Keep the id, show
                # the word as written, and ask less and less often (never faster than the schedule).
                failures = 0
                if unrecognized == 0 or status.word != heard:
                    said = Message.of("Tasks", UNRECOGNIZED, word=status.word)
                    record = await self.writes.update(record.id, last_error=said)
                    heard = status.word
                await self._sleep(self.schedule.unrecognized_delay(record.state, unrecognized))
                unrecognized += 1
                continue
            unrecognized = 0
            if failures or record.last_error:
                failures = 0
                record = await self.writes.update(record.id, last_error="")
            now = self._clock()
            if status.status != record.state or status.progress != record.progress:
                polls_in_status = 0
                starts = status.status == "in_progress" and record.started_at is None
                record = await apply_status(self.writes, record, status, now, since=answered)
                if starts and record.started_at is not None:  # it started between the last two answers
                    spread = now - record.started_at
            else:
                polls_in_status += 1
            answered = now
            if status.finished:
                if status.status == "completed":
                    self.render_times().learn(record)
                return status.status == "completed"
            await self._sleep(self._next_wait(record, status, polls_in_status, spread))

    def render_times(self) -> RenderTimes:
        """How long tasks of each kind take: the history's finished tasks (read by :meth:`until_finished`
        before its first wait), then every task this process sees complete."""
        if self._times is None:
            self._times = RenderTimes.from_history([])
        return self._times

    def _next_wait(
        self, record: TaskRecord, status: TaskStatus, polls_in_status: int, spread: float
    ) -> float:
        """How long until the next poll: the service's own hint when it sends one, else the schedule
        (for a generating task, by how far it is from the usual render time of its kind)."""
        if status.poll_after is not None:
            return self.schedule.hinted(status.poll_after)
        if status.status != "in_progress" or record.started_at is None:
            return self.schedule.delay(status.status, polls_in_status)
        expected = self.render_times().expected_for(record)
        return self.schedule.generating_delay(self._clock() - record.started_at, expected, spread)

    async def _address_knows_older_tasks(self, record: TaskRecord) -> bool:
        """True when the address answers for a task of this history sent before this one: then the 404
        is about this task, not about a wrong address. Only older tasks count: a newer one may have been
        sent with another key (the user changed it), which this task's service account never knew."""
        others = [
            r.task_id
            for r in await self.store.reads.page(20, older_than=record)
            if r.task_id and r.task_id != record.task_id and r.demo == self._demo
        ]
        for other in others[:3]:
            try:
                await self.client.status(other)
            except errors.VeoError:
                continue
            return True
        return False


async def apply_status(
    writes: TaskWrites, record: TaskRecord, status: TaskStatus, now: float, *, since: float | None = None
) -> TaskRecord:
    """What the service's status means for the record: progress, start time, failure with its reason,
    or completion (then the download is next, and the price is what it cost). ``since``: when the
    service last answered about the task with its previous state, if this process asked."""
    changes: dict[str, object] = {"progress": status.progress}
    if status.status == "in_progress" and record.started_at is None:
        changes["started_at"] = _between(since, now)
    if status.status in ("failed", "expired"):  # expired: a failure with its own words, not charged
        reason = Message.of("Tasks", NO_REASON if status.status == "failed" else EXPIRED)
        changes.update(state="failed", last_error=status.error or reason, completed_at=now)
    elif status.status == "canceled":  # free, and never sent again on its own
        reason = Message.of("Tasks", CANCELED)
        changes.update(
            state="canceled",
            last_error=Message.joined(status.error, reason) if status.error else reason,
            completed_at=now,
        )
    elif status.status == "completed":
        model = rules.MODELS.get(record.model)
        changes.update(
            state="downloading",
            completed_at=_completed_at(status.completed_at, since, now),
            cost_cents=model.price_cents if model else None,
        )
    else:
        changes["state"] = status.status
    return await writes.update(record.id, **changes)


def _between(since: float | None, now: float) -> float:
    """When a change seen at ``now`` most likely happened, the previous answer (``since``) not having
    it yet: halfway. The learned render times (and so the poll schedule) are only as good as this."""
    if since is None or not 0 <= now - since <= BRACKET_MAX:
        return now
    return (since + now) / 2


def _completed_at(said: float | None, since: float | None, now: float) -> float:
    """When the task completed: within the service's whole second (``completed_at``) and between our
    last two answers. A whole second is coarse against polls 2 s apart, and the service's clock may be
    off from ours: when the two disagree, our own answers decide."""
    if since is None or not 0 <= now - since <= BRACKET_MAX:
        return float(said or now)
    low, high = since, now
    if said is not None and said <= high and said + 1 >= low:
        low, high = max(low, said), min(high, said + 1)
    return (low + high) / 2
