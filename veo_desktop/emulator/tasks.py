"""The emulator's settings and its tasks: when each one leaves the queue, finishes, and how."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from veo_desktop.emulator.wire_in import Submission

DEMO_KEY: Final = "sk-demo-offline-veo-desktop"
SAFETY_REASON: Final = "The prompt was blocked by the content safety system (emulated)."


@dataclass
class EmulatorConfig:
    api_key: str = DEMO_KEY
    queue_seconds: float = 2.0
    render_seconds: float = 6.0
    content_not_ready_seconds: float = 3.0
    fps: int = 24
    short_side: int = 360
    content_size: int | None = None  # pad every clip to this many bytes (download benchmarks)
    accept_ranges: bool = True
    throttle_bytes_per_second: float | None = None
    echo_rejected_key: bool = False  # a 401 repeats the key it was given, as some services do
    echo_key: bool = False  # a failed task's reason repeats the key, as a careless service might


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

    def left_queue(self, now: float) -> bool:
        return now - self.created_mono >= self.queue_seconds

    def state(self, now: float) -> tuple[str, int]:
        elapsed = now - self.created_mono
        if elapsed < self.queue_seconds:
            return "queued", 0
        if elapsed < self.queue_seconds + self.render_seconds or not self.rendered.is_set():
            return "in_progress", 50
        if self.finished_mono is None:
            self.finished_mono = now
        return ("failed" if self.fail_reason is not None else "completed"), 100
