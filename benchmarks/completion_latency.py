"""Completion to disk: how long after the service turns a task "completed" its video is saved, and how
many status requests a task costs, for the poll schedule against the first releases' flat 8 s, same run.

    .venv/bin/python benchmarks/completion_latency.py            # 720p (27 s) and 4k (5.6 min) tasks
    .venv/bin/python benchmarks/completion_latency.py --quick    # 720p, 2 tasks (CI: runs, no verdict)

Each schedule follows its own tasks on its own emulator (the same settings), both at once. First three
tasks of the kind run to completion, so the app has learned how long that kind takes; then the measured
tasks, started a few seconds apart. The CDN is modelled as the issue saw it: the first ``/content`` of a
completed task answers the documented 400, and so does any in the first second after completion.

Time scale: every time (queue, render, the CDN's second, the schedule with its 2 s floor, the pauses
after the 400) is multiplied by the kind's ``scale`` (x0.25 for 720p: the 27 s task runs 6.75 s), and
every figure printed is divided by it, so it reads in the service's seconds. The fixed costs that do not
scale (a request on loopback, writing the file) count 1/scale times over: the figures err on the slow
side. Medians over the measured tasks.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image

from veo_desktop.api.client import RetryPolicy, VeoClient, make_http_client
from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.clips.images import PreparedImage, prepare_image_bytes
from veo_desktop.core.history.store import HistoryStore
from veo_desktop.core.tasks.manager import TaskEvent, TaskManager
from veo_desktop.core.tasks.poll_schedule import PollSchedule
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorConfig, EmulatorThread

LEARN = 3  # tasks of a kind before its own times replace the published ones (core/tasks/estimate.py)
CDN_SECONDS = 1.0  # after completion, /content answers 400 this long (and to its first request anyway)
SPACING = 3.1  # seconds (the service's) between the measured tasks' submissions
# The first releases: a flat 8 s poll, and the 400 after completion waited out 4 s first.
BEFORE_NOT_READY = (4.0, 4.0, 8.0, 15.0, 30.0)


@dataclass(frozen=True)
class Kind:
    label: str
    resolution: str
    queue: float  # the service's seconds
    render: float
    scale: float  # seconds here per second of the service
    tasks: int  # measured, after LEARN


@dataclass(frozen=True)
class Schedule:
    label: str
    polls: PollSchedule
    not_ready: tuple[float, ...]


SCHEDULES = (
    Schedule("flat 8 s, the 400 waited 4 s (before)", PollSchedule(adaptive=False), BEFORE_NOT_READY),
    Schedule(
        "by the expected end, 400 after 1 s (now)", PollSchedule(), RetryPolicy().content_not_ready_delays
    ),
)


@dataclass(frozen=True)
class Measured:
    latency: float  # completion to disk, the service's seconds
    statuses: int
    requests: int  # status and content
    seconds_per_status: float  # over the task, submission to completion


def picture() -> PreparedImage:
    out = io.BytesIO()
    Image.new("RGB", (640, 360), "teal").save(out, format="PNG")
    return prepare_image_bytes(out.getvalue(), "harbour.png")


def scaled_retry(not_ready: tuple[float, ...], scale: float) -> RetryPolicy:
    """The default retry rules with these pauses after the 400, every time scaled."""
    policy = RetryPolicy()
    return replace(
        policy,
        content_not_ready_delays=tuple(d * scale for d in not_ready),
        backoff_base=policy.backoff_base * scale,
        backoff_max=policy.backoff_max * scale,
        max_retry_after=policy.max_retry_after * scale,
    )


def emulator_config(kind: Kind) -> EmulatorConfig:
    return EmulatorConfig(
        queue_seconds=kind.queue * kind.scale,
        render_seconds=kind.render * kind.scale,
        content_not_ready_seconds=CDN_SECONDS * kind.scale,
        content_not_ready_answers=1,
        fps=2,
        short_side=64,
    )


@contextmanager
def service(kind: Kind) -> Iterator[EmulatorThread]:
    with EmulatorThread(emulator_config(kind), FaultPlan()) as emulator:
        yield emulator


async def follow(kind: Kind, schedule: Schedule, emulator: EmulatorThread, home: Path) -> list[Measured]:
    """Learn the kind with LEARN tasks, then measure ``kind.tasks`` more, under ``schedule``."""
    saved: dict[int, float] = {}  # local id: when the video was on disk (time.monotonic())

    def on_event(event: TaskEvent) -> None:
        if event.record.state == "completed":
            saved.setdefault(event.record.id, time.monotonic())

    store = HistoryStore(home / "history.sqlite3")
    retry = scaled_retry(schedule.not_ready, kind.scale)
    async with make_http_client() as http:
        client = VeoClient(http, base_url=emulator.base_url, api_key=emulator.api_key, retry=retry)
        manager = TaskManager(
            client,
            store,
            output_dir=home / "videos",
            references_dir=home / "references",
            schedule=schedule.polls.scaled(kind.scale),
            max_running=LEARN + kind.tasks,
        )
        manager.subscribe(on_event)
        try:
            await run_tasks(manager, kind, LEARN)
            measured = await run_tasks(manager, kind, kind.tasks)
        finally:
            await manager.aclose()
            store.close()
    return [measure(kind, emulator, task_id, saved[local_id]) for local_id, task_id in measured]


async def run_tasks(manager: TaskManager, kind: Kind, count: int) -> list[tuple[int, str]]:
    """Submit ``count`` tasks SPACING apart and wait for all; their local and service ids."""
    image = picture()
    records = []
    for n in range(count):
        if n:
            await asyncio.sleep(SPACING * kind.scale)
        request = VideoRequest(f"harbour {n}", resolution=kind.resolution, seconds="8")
        records.append(await manager.submit(request, image))
    ended = await manager.wait([r.id for r in records])
    problems = [r.last_error for r in ended if r.state != "completed"]
    assert not problems, problems
    return [(r.id, r.task_id or "") for r in ended]


def measure(kind: Kind, emulator: EmulatorThread, task_id: str, on_disk: float) -> Measured:
    task = emulator.server.tasks[task_id]
    # The service says completed once its time is up and the clip exists, whichever is later.
    completed = max(task.created_mono + task.queue_seconds + task.render_seconds, task.rendered_mono or 0.0)
    asked = [r for r in emulator.server.received if r.path.split("/")[3:4] == [task_id]]
    statuses = sum(1 for r in asked if r.route == "status")
    return Measured(
        latency=(on_disk - completed) / kind.scale,
        statuses=statuses,
        requests=sum(1 for r in asked if r.route in ("status", "content")),
        seconds_per_status=(completed - task.created_mono) / kind.scale / statuses,
    )


async def compare(kind: Kind, scratch: Path) -> dict[str, list[Measured]]:
    """Both schedules on the kind, at once, each with its own emulator and history."""
    with service(kind) as before, service(kind) as now:
        results = await asyncio.gather(
            *(
                follow(kind, schedule, emulator, scratch / f"{kind.resolution}-{n}")
                for n, (schedule, emulator) in enumerate(zip(SCHEDULES, (before, now), strict=True))
            )
        )
    return {schedule.label: result for schedule, result in zip(SCHEDULES, results, strict=True)}


def report(kind: Kind, results: dict[str, list[Measured]]) -> None:
    print(
        f"\n{kind.label}: {kind.queue:g} s queued + {kind.render:g} s generating; time scaled "
        f"x{kind.scale:g} (figures in the service's seconds); medians of {kind.tasks} task(s) "
        f"after {LEARN} of the kind were learned"
    )
    columns = f"{'to disk':>9}{'range':>13}{'status req.':>13}{'s per status':>14}{'all req.':>10}"
    print(f"  {'schedule':<42}{columns}")
    for label, runs in results.items():
        latencies = [m.latency for m in runs]
        print(
            f"  {label:<42}{statistics.median(latencies):7.1f} s"
            f"{f'{min(latencies):.1f}-{max(latencies):.1f} s':>13}"
            f"{statistics.median(m.statuses for m in runs):>13g}"
            f"{statistics.median(m.seconds_per_status for m in runs):>14.1f}"
            f"{statistics.median(m.requests for m in runs):>10g}"
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    kinds = [Kind("720p image-to-video", "720p", 2.0, 25.0, 0.25, 8)]
    if args.quick:
        kinds = [Kind("720p image-to-video", "720p", 2.0, 25.0, 0.1, 2)]
    else:
        kinds.append(Kind("4k image-to-video", "4k", 5.0, 330.0, 0.05, 4))
    print("completion to disk: the service says completed -> the video is saved")
    with tempfile.TemporaryDirectory(prefix="veo-bench-") as scratch:
        for kind in kinds:
            report(kind, asyncio.run(compare(kind, Path(scratch))))
    print(
        "\ntarget (720p): to disk in 3 s or less, at most one status request per 3 s;"
        " a long task: no more requests than before"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
