"""When to try the service again: one retry policy (how many tries, how long between them, what a
``Retry-After`` gets), and whether the service answers at all, with the pauses before the next try that
the user's "Retry now" cuts short."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from veo_desktop.api import rules

Sleep = Callable[[float], Awaitable[None]]


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
