"""When to try the service again: one retry policy (how many tries, how long between them, what a
``Retry-After`` gets) that every loop asks (:meth:`RetryPolicy.decide`) after each error, by the
error's :class:`~veo_desktop.api.errors.Category`; and whether the service answers at all, with the
pauses before the next try that the user's "Retry now" cuts short."""

from __future__ import annotations

import asyncio
import enum
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from veo_desktop.api import errors, rules
from veo_desktop.api.errors import Category

Sleep = Callable[[float], Awaitable[None]]


class Loop(enum.Enum):
    """Who asks :meth:`RetryPolicy.decide`: each loop that may try again."""

    GET = "GET"  # one request that may be repeated freely (Transport.exchange)
    POST = "POST"  # one submission (Transport.exchange): repeated only when the service did not take it
    DOWNLOAD = "download"  # one download of a finished video (Download.run)
    FOLLOW = "follow"  # following an accepted task until it finishes (Poller.until_finished)
    SAVE = "save"  # fetching a finished task's video, download after download (Saver.download)


@dataclass(frozen=True)
class Decision:
    """Whether to try again, and after how many seconds."""

    retry: bool
    wait: float = 0.0


GIVE_UP: Decision = Decision(False)
# What the loops that follow an accepted task wait out: anything but a refusal, an unknown outcome or
# trouble on this computer. Asking about (or fetching) a task already accepted sends nothing new.
_LATER = frozenset({Category.TRANSIENT, Category.UNUSABLE, Category.NOT_YET})


@dataclass(frozen=True)
class RetryPolicy:
    get_attempts: int = 5
    post_attempts: int = 3
    backoff_base: float = 1.0
    backoff_max: float = 30.0
    # Longest Retry-After honoured inside one call; a longer one is the caller's to schedule.
    max_retry_after: float = 60.0
    # Shortest wait between two tries, whatever a Retry-After says (``Retry-After: 1`` on every answer
    # must not become a request a second), and the backoff's floor.
    min_retry_after: float = rules.MIN_POLL_SECONDS
    # Pauses for the documented 400 on /content right after completion (the CDN catching up): short
    # first, since it is often ready a second later, then longer; about a minute in all, as before.
    content_not_ready_delays: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
    download_attempts: int = 6
    # Downloads of one finished task's video before it is left "download failed" (downloadable later).
    save_attempts: int = 3

    def decide(
        self,
        error: errors.VeoError,
        attempt: int,
        loop: Loop,
        *,
        stopping: bool = False,
        scheduled: float = 0.0,
    ) -> Decision:
        """Whether ``loop`` tries again after ``error``, and after how long. ``attempt``: how many
        earlier errors of the same category this loop met (0 for the first); ``stopping``: the user is
        stopping (Ctrl+C), so a submission is not sent again; ``scheduled``: the loop's own pause when
        the service named none (the poll schedule's, for FOLLOW and SAVE).

        Never again: a refusal, a "no balance" (except to follow a task already accepted), trouble on
        this computer, and above all a submission whose outcome is unknown."""
        category = error.category
        if loop is Loop.GET or loop is Loop.POST:
            tries = self.get_attempts if loop is Loop.GET else self.post_attempts
            if category is not Category.TRANSIENT or attempt + 1 >= tries:
                return GIVE_UP
            if loop is Loop.POST and stopping:
                return GIVE_UP
            return self._after(error, attempt, longest=self.max_retry_after)
        if loop is Loop.DOWNLOAD:
            if category is Category.NOT_YET:
                delays = self.content_not_ready_delays
                return Decision(True, delays[attempt]) if attempt < len(delays) else GIVE_UP
            if category is not Category.TRANSIENT or attempt + 1 >= self.download_attempts:
                return GIVE_UP
            return self._after(error, attempt, longest=None)
        if loop is Loop.FOLLOW:
            # The task is accepted (and paid for if it completes): it is followed through anything that
            # can pass, a 429 saying "no balance" included (that refuses new work, not this question).
            if category not in _LATER and category is not Category.NO_BALANCE:
                return GIVE_UP
            said = error.retry_after if isinstance(error, errors.RateLimited) else None
            return Decision(True, scheduled if said is None else said)
        if category not in _LATER or attempt + 1 >= self.save_attempts:
            return GIVE_UP
        return Decision(True, scheduled)

    def _after(self, error: errors.VeoError, attempt: int, *, longest: float | None) -> Decision:
        """Try again after the service's ``Retry-After`` (given up when it is over ``longest``: the
        caller's to schedule), else after the backoff."""
        said = error.retry_after if isinstance(error, errors.RateLimited) else None
        if said is None:
            return Decision(True, self.backoff(attempt))
        if longest is not None and said > longest:
            return GIVE_UP
        return Decision(True, self.honoured(said))

    def honoured(self, retry_after: float) -> float:
        """The pause a service's ``Retry-After`` gets: between `min_retry_after` and `max_retry_after`."""
        return max(self.min_retry_after, min(retry_after, self.max_retry_after))

    def backoff(self, attempt: int) -> float:
        """The pause before try ``attempt + 2`` when the service said nothing of when: growing, jittered,
        never under `min_retry_after` (a 502 on every answer must not become a request a second)."""
        delay = min(self.backoff_max, self.backoff_base * 2**attempt)
        return max(self.min_retry_after, float(delay * random.uniform(0.8, 1.2)))


@dataclass(frozen=True)
class Unreachable:
    """The service cannot be reached now: no answer since ``since`` (``time.monotonic()``); the next
    try goes out at ``next_try``, or is under way (None)."""

    since: float
    next_try: float | None


class Reachability:
    """Whether the service answers, for the window: a request that got no answer (no connection, a
    reset, a timeout) makes it unreachable until one gets an answer, whatever its status. The pauses
    before trying again go through :meth:`pause`, so the window can say when the next try is and
    :meth:`retry_now` can cut them short (the user's "Retry now")."""

    def __init__(self) -> None:
        self._since: float | None = None
        self._pauses: dict[object, float] = {}  # each pause under way: when it ends (time.monotonic())
        self._wake: asyncio.Future[None] | None = None

    @property
    def unreachable(self) -> Unreachable | None:
        if self._since is None:
            return None
        return Unreachable(self._since, min(self._pauses.values(), default=None))

    def no_answer(self) -> None:
        if self._since is None:
            self._since = time.monotonic()

    def answered(self) -> None:
        self._since = None

    async def pause(self, seconds: float, sleep: Sleep) -> None:
        """Wait ``seconds`` (with ``sleep``) before trying again, or until :meth:`retry_now`."""
        loop = asyncio.get_running_loop()
        if self._wake is None or self._wake.done() or self._wake.get_loop() is not loop:
            self._wake = loop.create_future()
        wake, key = self._wake, object()
        self._pauses[key] = time.monotonic() + seconds
        sleeping = asyncio.ensure_future(sleep(seconds))
        try:
            await asyncio.wait({sleeping, wake}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            del self._pauses[key]
            sleeping.cancel()

    def retry_now(self) -> None:
        """End every pause under way: each waiting request (or poll) tries again at once."""
        if self._wake is not None and not self._wake.done():
            self._wake.set_result(None)
