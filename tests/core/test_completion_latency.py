"""From "completed" at the service to the video on disk (docs/PERFORMANCE.md): the poll schedule asks
sparsely while a task's end is far and densely near it, honours the service's poll-after hint, fetches
the video at once and tries the 400 after completion again a second later, and costs a long task no
more requests than the flat 8 s of the first releases.

The emulator's times and the schedule are real ones scaled down (``SCALE``), floor included, so the
pace the tests see is the real pace, faster."""

from __future__ import annotations

import itertools
import random
import statistics
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from tests.conftest import FAST_RETRY, image_bytes
from tests.helpers.tasks import manager_for
from veo_desktop.api import rules
from veo_desktop.api.client import RetryPolicy
from veo_desktop.api.rules import VideoRequest
from veo_desktop.api.transport import poll_after_seconds
from veo_desktop.core.clips.images import PreparedImage, prepare_image_bytes
from veo_desktop.core.history.store import HistoryStore
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.estimate import Expected, RenderTimes
from veo_desktop.core.tasks.manager import TaskManager
from veo_desktop.core.tasks.poll_schedule import PollSchedule
from veo_desktop.emulator.routes import Received
from veo_desktop.emulator.server import EmulatorThread

SCALE = 0.05  # one second of the service's time is 50 ms here
SCHEDULE = PollSchedule().scaled(SCALE)
FLAT = PollSchedule(adaptive=False).scaled(SCALE)  # the first releases' schedule


def picture() -> PreparedImage:
    return prepare_image_bytes(image_bytes("PNG"), "harbour.png")


def learned(store: HistoryStore, resolution: str, took: float) -> None:
    """Three finished image-to-video tasks of ``resolution`` that took ``took`` seconds generating."""
    for n in range(3):
        request = VideoRequest(f"learned {n}", resolution=resolution, seconds="8")
        store.add(
            TaskRecord.for_request(
                request,
                state="completed",
                task_id=f"task_learned_{resolution}_{n}",
                image_sha256="learned",
                started_at=1000.0,
                completed_at=1000.0 + took,
            )
        )


def statuses(received: list[Received], task_id: str) -> list[Received]:
    return [r for r in received if r.route == "status" and r.path.endswith("/" + task_id)]


def contents(received: list[Received], task_id: str) -> list[Received]:
    return [r for r in received if r.route == "content" and f"/{task_id}/" in r.path]


def completed_at(emulator: EmulatorThread, task_id: str) -> float:
    """When the service turned completed (time.monotonic()): its render time, or the clip, whichever
    came last."""
    task = emulator.server.tasks[task_id]
    return max(task.created_mono + task.queue_seconds + task.render_seconds, task.rendered_mono or 0.0)


async def follow_one(manager: TaskManager, resolution: str = "720p") -> TaskRecord:
    record = await manager.submit(VideoRequest("harbour", resolution=resolution, seconds="8"), picture())
    [ended] = await manager.wait([record.id])
    assert ended.state == "completed", ended.last_error
    return ended


# ----- the schedule against the emulator ----------------------------------------------------------


async def test_polls_sparsely_while_the_end_is_far_and_densely_near_it(
    emulator: EmulatorThread, app_home: Path
) -> None:
    """A 720p task whose kind takes 100 s: asked about every 8-20 s at first, then every 2 s from a little
    before the learned time, so completion is seen within about 2 s (scaled: 0.1 s)."""
    emulator.server.config.queue_seconds = 2 * SCALE
    emulator.server.config.render_seconds = 100 * SCALE
    async with manager_for(emulator, app_home, schedule=SCHEDULE) as manager:
        learned(manager.store, "720p", 100 * SCALE)
        ended = await follow_one(manager)
    assert ended.task_id is not None
    asked = [r.at for r in statuses(emulator.server.received, ended.task_id)]
    done = completed_at(emulator, ended.task_id)
    created = emulator.server.tasks[ended.task_id].created_mono
    far = [t for t in asked if t < created + 70 * SCALE]
    near = [t for t in asked if done - 9 * SCALE <= t < done]
    # The flat 8 s would ask 9 times in the first 70 s, and once or twice in the last 9 s.
    assert len(far) <= 6, [round((t - created) / SCALE) for t in asked]
    # None dense far out (the first gap may be the queued task's 5 s).
    assert all(b - a >= 6 * SCALE for a, b in itertools.pairwise(far[1:]))
    assert len(near) >= 3, [round((t - created) / SCALE) for t in asked]
    seen = min(t for t in asked if t >= done)
    assert seen - done <= 5 * SCALE  # dense: 2-2.4 s, and the loop's own noise
    # What is learned is what the task took, though its end was seen 2 s at a time and the service's
    # completed_at is a whole second (20 s here); its start is known to within half the 5-9 s between
    # the queued poll and the next.
    assert ended.started_at is not None and ended.completed_at is not None
    assert ended.completed_at - ended.started_at == pytest.approx(100 * SCALE, abs=7 * SCALE)


async def test_the_video_is_fetched_at_once_and_the_400_tried_again_a_second_later(
    emulator: EmulatorThread, app_home: Path
) -> None:
    """The CDN's 400 right after completion is waited out in short steps (1, 2, 4 s...), not 4 s first."""
    emulator.server.config.content_not_ready_answers = 1
    default_steps = RetryPolicy().content_not_ready_delays
    async with manager_for(
        emulator, app_home, retry=replace(FAST_RETRY, content_not_ready_delays=default_steps)
    ) as manager:
        ended = await follow_one(manager)
    assert ended.task_id is not None
    said_completed = statuses(emulator.server.received, ended.task_id)[-1]
    refused, fetched = contents(emulator.server.received, ended.task_id)
    assert (refused.status, fetched.status) == (400, 200)
    assert refused.at - said_completed.at < 0.25  # no pause between "completed" and the first try
    assert 0.9 <= fetched.at - refused.at < 1.5
    assert Path(ended.output_path).read_bytes() == emulator.server.content_bytes(ended.task_id)


@pytest.mark.parametrize(
    ("header", "value", "gap"),
    [
        ("openai-poll-after-ms", "600", (0.55, 0.9)),  # 12 s in the service's time
        ("Retry-After", "1", (0.95, 1.3)),
        ("openai-poll-after-ms", "0", (SCHEDULE.floor * 0.9, 0.4)),  # never under the floor
        ("openai-poll-after-ms", "3600000", (SCHEDULE.hint_max * 0.95, SCHEDULE.hint_max + 0.5)),  # cut
    ],
)
async def test_a_poll_after_hint_is_honoured_within_bounds(
    emulator: EmulatorThread, app_home: Path, header: str, value: str, gap: tuple[float, float]
) -> None:
    emulator.server.config.status_headers = {header: value}
    emulator.server.config.render_seconds = 2.5 if gap[1] < 2 else 0.5
    async with manager_for(emulator, app_home, schedule=SCHEDULE) as manager:
        ended = await follow_one(manager)
    assert ended.task_id is not None
    asked = [r.at for r in statuses(emulator.server.received, ended.task_id)]
    gaps = [b - a for a, b in itertools.pairwise(asked)]
    assert gaps and all(gap[0] <= g <= gap[1] for g in gaps), gaps


async def test_a_long_task_costs_no_more_requests_than_the_flat_schedule(
    emulator: EmulatorThread, app_home: Path
) -> None:
    """A 4k task of 5.5 minutes, its kind learned, followed by both schedules at once."""
    emulator.server.config.queue_seconds = 5 * SCALE
    emulator.server.config.render_seconds = 330 * SCALE
    async with (
        manager_for(emulator, app_home / "now", schedule=SCHEDULE) as now,
        manager_for(emulator, app_home / "before", schedule=FLAT) as before,
    ):
        for manager in (now, before):
            learned(manager.store, "4k", 330 * SCALE)
        records = [await m.submit(VideoRequest("harbour", resolution="4k"), picture()) for m in (now, before)]
        ended = [(await m.wait([r.id]))[0] for m, r in zip((now, before), records, strict=True)]
    ids = [e.task_id or "" for e in ended]
    assert [e.state for e in ended] == ["completed", "completed"]
    received = emulator.server.received
    (new_status, old_status) = (len(statuses(received, i)) for i in ids)
    (new_all, old_all) = (len(statuses(received, i)) + len(contents(received, i)) for i in ids)
    assert new_status <= old_status and new_all <= old_all, (new_status, old_status)


# ----- the schedule itself --------------------------------------------------------------------------


def test_the_dense_pace_and_every_hint_stay_at_or_over_the_floor() -> None:
    random.seed(5)
    schedule = PollSchedule()
    assert schedule.floor == rules.MIN_POLL_SECONDS == 2.0
    for expected in (Expected(25.0, 31.0, True), RenderTimes().expected("720p", True)):
        for tenth in range(0, 2000):
            assert schedule.generating_delay(tenth / 10, expected, spread=3.0) >= schedule.floor
    assert schedule.hinted(0) == schedule.hinted(0.5) == 2.0
    assert schedule.hinted(7.5) == 7.5
    assert schedule.hinted(86_400) == schedule.hint_max == 60.0


def test_near_the_learned_time_every_two_seconds_far_from_it_sparse() -> None:
    random.seed(6)
    schedule = PollSchedule()
    typical = Expected(25.0, 31.25, True)
    start, end = schedule.dense_window(typical)
    assert (start, end) == (21.0, 29.0)  # 4 s either side (10 % of 25 s is less)
    assert all(2.0 <= schedule.generating_delay(g, typical) <= 2.4 for g in (21.0, 24.0, 28.9))
    assert schedule.generating_delay(5.0, typical) >= 6.4  # far: at least the old 8 s, jittered
    assert schedule.generating_delay(19.5, typical) == 2.0  # lands on the window: never past it
    assert 6.4 <= schedule.generating_delay(40.0, typical) <= 9.6  # slower than usual: the old pace
    # A 4k kind of 330 s: 20 s apart while far.
    assert 16 <= schedule.generating_delay(60.0, Expected(330.0, 412.5, True)) <= 20.0
    # The flat schedule and --poll-interval are what they always were.
    assert 6.4 <= PollSchedule(adaptive=False).generating_delay(24.0, typical) <= 9.6
    assert PollSchedule(fixed=3.0).generating_delay(24.0, typical) == 3.0


def test_scaling_a_schedule_scales_its_times_not_its_shares() -> None:
    scaled = PollSchedule().scaled(0.1)
    assert (scaled.floor, scaled.dense, scaled.running, scaled.hint_max) == pytest.approx(
        (0.2, 0.2, 0.8, 6.0)
    )
    assert (scaled.far_fraction, scaled.jitter, scaled.not_found_polls) == (0.1, 0.2, 3)
    assert scaled.fixed is None and scaled.adaptive


def simulate(schedule: PollSchedule, queue: float, render: float, expected: Expected) -> tuple[int, float]:
    """Status requests and the seconds from completion to the poll that sees it, for one task polled as
    the Poller does (its start taken halfway between the last two answers)."""
    t, since, polls, queued = schedule.first_delay(), 0.0, 0, 0
    started: float | None = None
    spread = 0.0
    while True:
        polls += 1
        if t >= queue + render:
            return polls, t - queue - render
        if t < queue:
            queued += 1
            wait = schedule.delay("queued", queued - 1)
        else:
            if started is None:
                started = (since + t) / 2
                spread = t - started
            wait = schedule.generating_delay(t - started, expected, spread)
        since, t = t, t + wait


@pytest.mark.parametrize(
    ("resolution", "queue", "render", "learned_took"),
    [
        ("4k", 5.0, 330.0, 330.0),  # as usual
        ("4k", 5.0, 350.0, 330.0),  # a little slower
        ("4k", 5.0, 420.0, 330.0),  # far slower than usual
        ("4k", 5.0, 280.0, 330.0),  # faster than usual
        ("4k", 5.0, 330.0, None),  # not learned yet: the published 5-6 minutes
        ("4k", 5.0, 430.0, None),
        ("1080p", 3.0, 240.0, None),  # 1080p is published as 80-120 s: far slower than that
        ("720p", 3.0, 600.0, None),
        ("720p", 3.0, 300.0, 300.0),
        ("720p", 3.0, 360.0, 300.0),
    ],
)
def test_long_tasks_cost_no_more_polls_than_before(
    resolution: str, queue: float, render: float, learned_took: float | None
) -> None:
    """Tasks of five minutes and more, whether usual, faster, slower or of a kind not learned yet. (A
    task of 1.5-4 minutes that ends just past its dense window may cost up to 5 polls more: the
    window's, with too little time before it to save them; docs/PERFORMANCE.md.)"""
    random.seed(7)
    expected = (
        Expected(learned_took, learned_took * 1.25, True)
        if learned_took
        else RenderTimes().expected(resolution, True)
    )
    new = [simulate(PollSchedule(), queue, render, expected) for _ in range(200)]
    old = [simulate(PollSchedule(adaptive=False), queue, render, expected) for _ in range(200)]
    assert statistics.mean(p for p, _ in new) <= statistics.mean(p for p, _ in old)


def test_a_learned_720p_task_of_27_s_is_seen_soon_at_one_poll_per_3_s_or_fewer() -> None:
    random.seed(8)
    runs = [simulate(PollSchedule(), 2.0, 25.0, Expected(25.0, 31.25, True)) for _ in range(400)]
    assert statistics.median(late for _, late in runs) <= 1.5
    assert 27.0 / statistics.mean(polls for polls, _ in runs) >= 3.0


def test_the_poll_after_hint_is_read_from_either_header() -> None:
    assert poll_after_seconds(httpx.Headers({"openai-poll-after-ms": "1500"})) == 1.5
    assert poll_after_seconds(httpx.Headers({"Retry-After": "3"})) == 3.0
    both = httpx.Headers({"openai-poll-after-ms": "2500", "Retry-After": "30"})
    assert poll_after_seconds(both) == 2.5  # the finer one
    assert poll_after_seconds(httpx.Headers({"openai-poll-after-ms": "-5", "Retry-After": "soon"})) is None
    assert poll_after_seconds(httpx.Headers()) is None
