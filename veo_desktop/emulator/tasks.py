"""The emulator's settings and its tasks: when each one leaves the queue, finishes, and how."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from veo_desktop.emulator import provider_tables as tables
from veo_desktop.emulator.wire_in import Submission

DEMO_KEY: Final = "sk-demo-offline-veo-desktop"
SAFETY_REASON: Final = "The prompt was blocked by the content safety system (emulated)."

# The provider's render times, in its own seconds (``docs/api-notes.md``). ``EmulatorConfig.render_seconds``
# is what the official channel's typical 720p render (60-90 s) takes here (6 s in the demo, a fraction
# of a second in tests); the Flow channel's times (fast 30-60 s, standard 1-2 min) are scaled alike.
OFFICIAL_RENDER_SECONDS: Final = 75.0
FLOW_RENDER_SECONDS: Final[dict[str, tuple[float, float]]] = {"fast": (30.0, 60.0), "standard": (60.0, 120.0)}


@dataclass
class EmulatorConfig:
    api_key: str = DEMO_KEY
    queue_seconds: float = 2.0
    render_seconds: float = 6.0
    content_not_ready_seconds: float = 3.0
    # The first this many /content requests of each completed task answer that 400 however late they
    # come, as a CDN that fetches the file on the first request does (the completion benchmark).
    content_not_ready_answers: int = 0
    # Headers every status answer carries: a poll-after hint (openai-poll-after-ms, Retry-After).
    status_headers: dict[str, str] = field(default_factory=dict)
    fps: int = 24
    short_side: int = 360
    content_size: int | None = None  # pad every clip to this many bytes (download benchmarks)
    accept_ranges: bool = True
    throttle_bytes_per_second: float | None = None
    echo_rejected_key: bool = False  # a 401 repeats the key it was given, as some services do
    echo_key: bool = False  # a failed task's reason repeats the key, as a careless service might
    seed: int | None = None  # for the random draws (the Flow channel's render times)
    # The status words the service says, by state ("completed", "failed", "canceled", "queued",
    # "in_progress"), where a gateway in front rewrites them: {"completed": "SUCCESS"}, or a word no
    # table knows. Unset: the documented words (provider_tables.STATUS_WORDS).
    status_words: dict[str, str] = field(default_factory=dict)
    # Answers' times are seconds since the epoch times this: 1000 is a relay that writes milliseconds
    # (JavaScript's Date.now()).
    time_unit: int = 1
    # A service that keeps only the first image of a two-frame request (as the official channel is
    # documented to do with a second one): its clips move over the start frame alone.
    ignore_end_frame: bool = False

    def render_seconds_for(self, model_id: str, draw: random.Random) -> float:
        """How long a task of this model renders here: ``render_seconds`` on the official channel; on
        the Flow channel a time drawn from the provider's range for its tier, on the same scale."""
        model = tables.MODELS.get(model_id)
        if model is None or model.channel != "flow":
            return self.render_seconds
        low, high = FLOW_RENDER_SECONDS[model.tier]
        return self.render_seconds / OFFICIAL_RENDER_SECONDS * draw.uniform(low, high)


@dataclass
class EmulatedTask:
    task_id: str
    submission: Submission
    created_at: float  # wall clock, for the answers
    created_mono: float
    queue_seconds: float  # the timings in force when it was submitted
    render_seconds: float
    fail_reason: str | None = None  # "" fails with no reason
    content: Path | None = None
    render_started: bool = False  # the clip is made when the task leaves the queue, not before
    rendered: asyncio.Event = field(default_factory=asyncio.Event)
    finished_mono: float | None = None
    rendered_mono: float | None = None  # when the clip was ready (it completes no sooner)
    not_ready_answers: int = 0  # the 400s given for content_not_ready_answers
    canceled: bool = False  # the service cancels it when it leaves the queue (free)

    def left_queue(self, now: float) -> bool:
        return now - self.created_mono >= self.queue_seconds

    @property
    def channel(self) -> tables.Channel:
        return self.submission.request.channel

    def state(self, now: float) -> tuple[str, int]:
        """Status and progress as the official channel says them (the Flow channel's words differ)."""
        elapsed = now - self.created_mono
        if elapsed < self.queue_seconds:
            return "queued", 0
        if self.canceled:
            return "canceled", 0
        if elapsed < self.queue_seconds + self.render_seconds or not self.rendered.is_set():
            return "in_progress", 50
        if self.finished_mono is None:
            self.finished_mono = now
        return ("failed" if self.fail_reason is not None else "completed"), 100
