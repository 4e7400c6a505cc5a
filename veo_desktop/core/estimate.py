"""An honest progress estimate. The service only says 0, 50 and 100 %, so the app shows time queued and
time generating, and an estimate from the time generating against typical render times: the published
ones at first, the user's own once their history has enough finished tasks. It never passes 95 % before
the service says completed, and past the slow case it says so instead of pretending."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from veo_desktop.core.describe import clock_text
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.i18n import translate

# Generating time in seconds (fastest, slowest usual) by resolution, for text-to-video.
PUBLISHED: Final[dict[str, tuple[float, float]]] = {
    "720p": (60.0, 90.0),
    "1080p": (80.0, 120.0),
    "4k": (300.0, 360.0),
}
IMAGE_FACTOR: Final = (1.1, 1.3)  # image-to-video takes 10-30 % longer
LEARN_FROM: Final = 3  # finished tasks of a kind before their times replace the published ones
CEILING: Final = 95  # percent, until the service says completed


@dataclass(frozen=True)
class Expected:
    typical: float  # seconds generating, the usual case
    slow: float  # beyond this, "taking longer than usual"
    learned: bool


@dataclass(frozen=True)
class Estimate:
    queued: float  # seconds
    generating: float  # seconds
    percent: int | None  # None while nothing can be said (submitting, queued, problems)
    late: bool = False

    def text(self) -> str:
        parts = []
        if self.queued:
            parts.append(translate("Estimate", "queued {time}").format(time=clock_text(self.queued)))
        if self.generating:
            parts.append(translate("Estimate", "generating {time}").format(time=clock_text(self.generating)))
        if self.late:
            parts.append(translate("Estimate", "taking longer than usual"))
        elif self.percent is not None and self.percent < 100:
            parts.append(translate("Estimate", "about {percent}%").format(percent=self.percent))
        return " · ".join(parts)


class RenderTimes:
    """What "usual" means, per resolution and with or without an image."""

    def __init__(self, samples: dict[tuple[str, bool], list[float]] | None = None) -> None:
        self._samples = samples or {}

    @classmethod
    def from_history(cls, records: Iterable[TaskRecord]) -> RenderTimes:
        times = cls()
        for record in records:
            times.learn(record)
        return times

    def learn(self, record: TaskRecord) -> None:
        """Count a finished task's generating time (started to completed, as the app saw it); a task
        being downloaded counts too (the poll schedule learns from it as soon as it completes)."""
        done = record.state in ("downloading", "completed")
        if not done or record.demo or not record.started_at or not record.completed_at:
            return
        took = record.completed_at - record.started_at
        if took > 0:
            self._samples.setdefault((record.resolution, bool(record.image_sha256)), []).append(took)

    def expected(self, resolution: str, with_image: bool) -> Expected:
        samples = self._samples.get((resolution, with_image), [])
        if len(samples) >= LEARN_FROM:
            ordered = sorted(samples)
            typical = statistics.median(ordered)
            slowest_usual = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
            return Expected(typical, max(slowest_usual, typical * 1.25), learned=True)
        low, high = PUBLISHED.get(resolution, PUBLISHED["720p"])
        fast, slow = IMAGE_FACTOR if with_image else (1.0, 1.0)
        return Expected((low * fast + high * slow) / 2, high * slow, learned=False)


def estimate(record: TaskRecord, now: float, times: RenderTimes) -> Estimate:
    sent = record.submitted_at or record.created_at
    if record.state == "queued":
        return Estimate(max(0.0, now - sent), 0.0, None)
    if record.state == "in_progress":
        started = record.started_at or now
        queued = max(0.0, started - sent)
        generating = max(0.0, now - started)
        expected = times.expected(record.resolution, bool(record.image_sha256))
        percent = min(CEILING, int(100 * generating / expected.typical))
        return Estimate(queued, generating, percent, late=generating > expected.slow)
    if record.state in ("downloading", "completed") and record.started_at and record.completed_at:
        queued = max(0.0, record.started_at - sent)
        return Estimate(queued, max(0.0, record.completed_at - record.started_at), 100)
    return Estimate(0.0, 0.0, None)
