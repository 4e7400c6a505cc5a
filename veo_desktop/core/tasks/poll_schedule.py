"""When to ask the service about a task again.

The provider's samples poll every 8 s, so a video used to reach the disk 4 s after completion on average
just from the poll. Here the wait depends on how far the task is from its expected end (the render times
learned from the history, :class:`~veo_desktop.core.tasks.estimate.RenderTimes`, or the published ones):
sparse while the end is far, dense (every :attr:`PollSchedule.dense` seconds) from a little before the
expected time to a little after, sparse again once a task is slower than usual. The sparse waits pay for the
dense ones, so a task of five minutes or more costs no more requests than the flat 8 s did (the provider
rate-limits); a short one may cost more, never more than one every 3 s on average (docs/PERFORMANCE.md).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, fields, replace
from typing import Final

from veo_desktop.api import rules
from veo_desktop.core.tasks.estimate import Expected

# Fields that are not seconds (a share, a count, a switch): :meth:`PollSchedule.scaled` leaves them.
_NOT_SECONDS: Final = frozenset({"queued_growth", "jitter", "adaptive", "not_found_polls"})


@dataclass(frozen=True)
class PollSchedule:
    """When to ask again. A queued task is asked less and less; a generating one by its expected end."""

    first: float = 2.0
    queued: float = 5.0
    queued_max: float = 30.0
    queued_growth: float = 1.5
    running: float = 8.0  # the provider's own interval: the flat baseline, and the least sparse wait
    jitter: float = 0.2
    fixed: float | None = None  # the CLI's --poll-interval: exactly this, every time
    # False: the flat `running` poll of the first releases (the benchmark's baseline).
    adaptive: bool = True
    # Never ask sooner than this, whatever the schedule or a hint says (rules.MIN_POLL_SECONDS).
    floor: float = rules.MIN_POLL_SECONDS
    dense: float = 2.0  # near the expected end
    sparse_max: float = 20.0  # the longest wait while the end is far
    # Before the render times are learned the published ones may be far off (a 720p task of 27 s where
    # 60-90 s is published): far from the end (or past it), wait this share of the time generating so
    # far, at least `running`, so a fast task is seen about as soon as with the flat 8 s.
    far_fraction: float = 0.1
    # The dense window: from `lead` before the expected time to `lag` after it, each this share of it.
    lead_fraction: float = 0.1
    lead_min: float = 4.0
    lead_max: float = 20.0
    lag_fraction: float = 0.1
    lag_min: float = 4.0
    lag_max: float = 20.0
    hint_max: float = 60.0  # a poll-after hint longer than this is cut to it
    # The longest wait of any kind, a 429's Retry-After included (rules.MAX_WAIT_SECONDS).
    wait_max: float = rules.MAX_WAIT_SECONDS
    # A status word this app does not know: ask again after the schedule's wait, doubled each time the
    # word is said again, up to this (then every few minutes, for as long as it lasts).
    unrecognized_max: float = 300.0
    # A 404 ends a task only when it persists this long and the address still knows other tasks:
    # a wrong address (or a service having a bad minute) must never turn a paid task into "failed".
    not_found_seconds: float = 600.0
    not_found_polls: int = 3
    # Pauses before writing an accepted task's id again when the history refused it (a full disk).
    id_write_retries: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0)

    def delay(self, status: str, polls_in_status: int) -> float:
        """The flat schedule: queued tasks back off, anything else waits `running` (also after errors)."""
        if self.fixed is not None:
            return self.fixed
        if status == "queued":
            base = min(self.queued_max, self.queued * self.queued_growth**polls_in_status)
        else:
            base = self.running
        return self._jittered(base)

    def first_delay(self) -> float:
        if self.fixed is not None:
            return self.fixed
        return self._jittered(self.first)

    def generating_delay(self, generating: float, expected: Expected, spread: float = 0.0) -> float:
        """The wait before asking again about a task generating for ``generating`` seconds, expected to
        take ``expected``; ``spread``: how unsure its start is (it started up to that long earlier)."""
        if self.fixed is not None or not self.adaptive:
            return self.delay("in_progress", 0)
        dense_from, dense_until = self.dense_window(expected, spread)
        if dense_from <= generating <= dense_until:
            return max(self.floor, self._jittered(self.dense))
        # Far from the end, or past the usual time (when it ends is anyone's guess again): sparse, a
        # share of the time so far (a task is seen late by a small share of its length at most).
        far = max(self.running, self.far_fraction * generating)
        if generating > dense_until:
            return max(self.floor, self._jittered(min(far, self.sparse_max)))
        if expected.learned:  # the end is known well enough to halve the way to the window each time
            far = max(far, (dense_from - generating) / 2)
        # Land on the window's start rather than jump past it.
        return max(self.floor, min(self._jittered(min(far, self.sparse_max)), dense_from - generating))

    def dense_window(self, expected: Expected, spread: float = 0.0) -> tuple[float, float]:
        """Seconds generating between which the task is asked every `dense` seconds."""
        # Published times are rough (a 720p task of 27 s where 60-90 s is published): a wide window
        # around them would cost requests on every task and rarely catch one, so it stays narrow.
        lead_share, lag_share = (self.lead_fraction, self.lag_fraction) if expected.learned else (0.0, 0.0)
        lead = _clamp(lead_share * expected.typical, self.lead_min, self.lead_max) + spread
        lag = _clamp(lag_share * expected.typical, self.lag_min, self.lag_max)
        return expected.typical - lead, expected.typical + lag

    def hinted(self, seconds: float) -> float:
        """The service's own "ask again in" (``openai-poll-after-ms``, ``Retry-After``), kept sane: never
        under the floor (a hint of 0 must not become a request storm), never over `hint_max`."""
        return min(max(self.hint_max, self.floor), max(self.floor, seconds))

    def unrecognized_delay(self, status: str, polls: int) -> float:
        """The wait after the ``polls``-th answer in a row with a status word nobody here knows: the
        schedule's own wait for the task's last known state, doubled each time, at most
        `unrecognized_max`, never under the floor nor over `wait_max`."""
        base = max(self.floor, self.delay(status, 0))
        return self.bounded(min(max(self.unrecognized_max, base), base * 2.0 ** min(polls, 32)))

    def bounded(self, seconds: float) -> float:
        """Any wait the service asks for (a 429's ``Retry-After``), between the floor and `wait_max`;
        what is not a number of seconds (NaN) is the floor."""
        return min(self.wait_max, max(self.floor, seconds)) if seconds == seconds else self.floor

    def scaled(self, factor: float) -> PollSchedule:
        """The same schedule with every time multiplied by ``factor`` (tests and benchmarks run real
        render times scaled down; the floor scales with them)."""
        changes: dict[str, object] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name in _NOT_SECONDS or item.name.endswith("_fraction") or value is None:
                continue
            if isinstance(value, tuple):
                changes[item.name] = tuple(v * factor for v in value)
            else:
                changes[item.name] = value * factor
        return replace(self, **changes)  # type: ignore[arg-type]

    def _jittered(self, seconds: float) -> float:
        # Tasks started together must not poll in lockstep; never under the floor.
        return max(self.floor, seconds * random.uniform(1 - self.jitter, 1 + self.jitter))


def _clamp(value: float, low: float, high: float = float("inf")) -> float:
    return min(high, max(low, value))
