"""The pause after a submission: Generate rests until the form changes (the prompts, a setting, the
seed, a frame) or the pause is over, so the second press of a double click (or a key held down) is not
a second paid task. The clock is injected (``time.monotonic`` by default)."""

from __future__ import annotations

import time
from collections.abc import Callable

# At least this long, and at least a double click's interval (the platform's, given by the window).
RESEND_PAUSE_SECONDS = 1.5


class ResendGuard:
    def __init__(
        self, clock: Callable[[], float] = time.monotonic, pause: float = RESEND_PAUSE_SECONDS
    ) -> None:
        self.clock = clock
        self.pause = pause
        self.sent_at: float | None = None  # when the last video went out, if nothing has changed since
        self.length = pause

    def sent(self, double_click_seconds: float = 0.0) -> float:
        """A video (or a batch's last) went out now: the rest starts; returns how long it lasts."""
        self.sent_at = self.clock()
        self.length = max(self.pause, double_click_seconds)
        return self.length

    @property
    def resting(self) -> bool:
        """Whether Generate rests now: sent, nothing changed since, and the pause not over."""
        return self.sent_at is not None and self.clock() - self.sent_at < self.length

    def changed(self) -> bool:
        """The form changed (or the pause is over): the rest ends. Returns whether one was pending (what
        Generate shows needs a refresh)."""
        pending = self.sent_at is not None
        self.sent_at = None
        return pending
