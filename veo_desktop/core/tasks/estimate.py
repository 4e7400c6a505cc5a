"""An honest progress estimate. The service only says 0, 50 and 100 %, so the app shows time queued and
time generating, and an estimate from the time generating against typical render times: the published
ones at first, the user's own once their history has enough finished tasks. It never passes 95 % before
the service says completed, and past the slow case it says so instead of pretending."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from veo_desktop.api import rules
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.describe import clock_text
from veo_desktop.i18n import translate

# Generating time in seconds (fastest, slowest usual): the official channel by resolution, for
# text-to-video; the Flow channel (always 720p) by speed, frames or not (``docs/api-notes.md``).
PUBLISHED: Final[dict[str, tuple[float, float]]] = {
    "720p": (60.0, 90.0),
    "1080p": (80.0, 120.0),
    "4k": (300.0, 360.0),
    "flow-fast": (30.0, 60.0),
    "flow": (60.0, 120.0),
}
IMAGE_FACTOR: Final = (1.1, 1.3)  # image-to-video takes 10-30 % longer (the official channel)
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


def kind(record: TaskRecord) -> tuple[str, bool]:
    """Tasks that render alike: the official channel's by resolution, the Flow channel's by speed;
    each with or without an image."""
    model = rules.MODELS.get(record.model)
    if model is not None and model.channel == "flow":
        return ("flow-fast" if model.tier == "fast" else "flow", bool(record.image_sha256))
    return (record.resolution, bool(record.image_sha256))


class RenderTimes:
    """What "usual" means, per kind of task (see :func:`kind`)."""

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
            self._samples.setdefault(kind(record), []).append(took)

    def expected_for(self, record: TaskRecord) -> Expected:
        return self.expected(*kind(record))

    def expected(self, resolution: str, with_image: bool) -> Expected:
        """``resolution``: the kind's first part (a resolution, or the Flow channel's speed)."""
        samples = self._samples.get((resolution, with_image), [])
        if len(samples) >= LEARN_FROM:
            ordered = sorted(samples)
            import statistics  # with the first estimate, not with the window's first paint

            typical = statistics.median(ordered)
            slowest_usual = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
            return Expected(typical, max(slowest_usual, typical * 1.25), learned=True)
        low, high = PUBLISHED.get(resolution, PUBLISHED["720p"])
        fast, slow = IMAGE_FACTOR if with_image and resolution in rules.RESOLUTIONS else (1.0, 1.0)
        return Expected((low * fast + high * slow) / 2, high * slow, learned=False)


def estimate(record: TaskRecord, now: float, times: RenderTimes) -> Estimate:
    sent = record.submitted_at or record.created_at
    if record.state == "queued":
        return Estimate(max(0.0, now - sent), 0.0, None)
    if record.state == "in_progress":
        started = record.started_at or now
        queued = max(0.0, started - sent)
        generating = max(0.0, now - started)
        expected = times.expected_for(record)
        percent = min(CEILING, int(100 * generating / expected.typical))
        return Estimate(queued, generating, percent, late=generating > expected.slow)
    if record.state in ("downloading", "completed") and record.started_at and record.completed_at:
        queued = max(0.0, record.started_at - sent)
        return Estimate(queued, max(0.0, record.completed_at - record.started_at), 100)
    return Estimate(0.0, 0.0, None)
