"""Reliability soaks: many jobs with every fault mixed in, and the CLI killed at random moments.

Each soak is seeded, returns a report (counts for ``docs/RELIABILITY.md``) and lists every broken
promise in ``report.problems``. ``tests/core/test_soak.py`` runs the quick form in CI; the long form is

    .venv/bin/python -m tests.soak --jobs 300 --runs 60 --seed 20261125

which prints the Markdown tables that ``docs/RELIABILITY.md`` holds.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import httpx

from tests.conftest import FAST_RETRY, fast_config, image_bytes
from tests.helpers.cli import cli_env, run_cli, start_cli
from veo_desktop.api.client import VeoClient, make_http_client
from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.clips.images import PreparedImage, prepare_image_bytes
from veo_desktop.core.history.store import HistoryStore
from veo_desktop.core.tasks.manager import PollSchedule, TaskManager
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import SAFETY_REASON, EmulatorThread

# Every fault the service or the network is known to produce, with how often it hits a request.
# "slow" answers wait past the soak's read timeout; "reset_after_accept" loses the answer to a
# submission the service took, which the app must record as "outcome unknown" and never resend.
FAULT_RATES: dict[str, float] = {
    "500": 0.03,
    "html502": 0.03,
    "429": 0.03,
    "reset@submit": 0.02,
    "reset@status": 0.03,
    "reset@content": 0.03,
    "slow@status": 0.01,
    "slow@content": 0.01,
    "truncate": 0.10,
    "not_ready": 0.10,
    "reset_after_accept": 0.01,
    # A task the service has, answered "not found" now and then: it must never end the task.
    "404@status": 0.03,
    # A gateway in front of the service loses the answer to a submission it took (502 or 504).
    "gateway_after_accept": 0.01,
}
# Not shaped like sk-…: every spelling of it must be masked all the same. The emulator repeats it in
# every failed task's reason.
SOAK_KEY = "Zk9-soak-4f3a9c2e71b84d06aa15"
FAILING_SHARE = 0.1  # jobs whose prompt makes the emulated service fail the task
READ_TIMEOUT = 0.5
SLOW_SECONDS = 1.0


@dataclass
class Report:
    title: str
    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    outcomes: collections.Counter[str] = field(default_factory=collections.Counter)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def check(self, ok: bool, problem: str) -> None:
        if not ok:
            self.problems.append(problem)

    def markdown(self) -> str:
        lines = [f"### {self.title} (seed {self.seed}, {self.seconds:.0f} s)", ""]
        lines += ["| what | count |", "|---|---:|"]
        lines += [f"| {name} | {value} |" for name, value in self.counts.items()]
        lines += [f"| outcome: {name} | {value} |" for name, value in sorted(self.outcomes.items())]
        lines.append("")
        lines += [f"- {note}" for note in self.notes]
        verdict = "all promises held" if not self.problems else "BROKEN: " + "; ".join(self.problems)
        lines += [f"- {verdict}", ""]
        return "\n".join(lines)


# ----- fault soak ---------------------------------------------------------------------------------


class StallMeter:
    """Measures how late a 5 ms timer fires on the loop: the app's responsiveness while it works."""

    def __init__(self) -> None:
        self.lags: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(0.005)
            self.lags.append(loop.time() - before - 0.005)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[StallMeter]:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="stall-meter")
        try:
            yield self
        finally:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def p99_ms(self) -> float:
        return (
            statistics.quantiles(self.lags, n=100, method="inclusive")[98] * 1000
            if len(self.lags) > 100
            else 0.0
        )


async def fault_soak(seed: int, jobs: int, home: Path) -> Report:
    """``jobs`` image-to-video jobs at once against the emulator with every fault drawn at random."""
    report = Report(f"Fault soak: {jobs} jobs", seed)
    chooser = random.Random(seed)
    faults = FaultPlan(seed=seed, rates=FAULT_RATES, slow_seconds=SLOW_SECONDS)
    prompts = [f"job {i}" + (" #fail" if chooser.random() < FAILING_SHARE else "") for i in range(jobs)]
    started = time.monotonic()
    with EmulatorThread(fast_config(api_key=SOAK_KEY, echo_key=True), faults) as emulator:
        store = HistoryStore(home / "history.sqlite3")
        timeout = httpx.Timeout(connect=2.0, read=READ_TIMEOUT, write=2.0, pool=READ_TIMEOUT)
        async with make_http_client(timeout=timeout) as http:
            patient = replace(FAST_RETRY, post_attempts=6, get_attempts=6)
            client = VeoClient(http, base_url=emulator.base_url, api_key=emulator.api_key, retry=patient)
            manager = TaskManager(
                client,
                store,
                output_dir=home / "videos",
                references_dir=home / "references",
                schedule=PollSchedule(fixed=0.05),
                max_downloads=4,
                max_running=jobs,  # every job at the service at once: the load the faults meet
            )
            try:
                images = [
                    prepare_image_bytes(image_bytes("PNG", (64 + i % 50, 48)), f"shot-{i}.png")
                    for i in range(jobs)
                ]
                async with StallMeter().running() as meter:
                    records = await asyncio.gather(
                        *(
                            submit(manager, prompt, image)
                            for prompt, image in zip(prompts, images, strict=True)
                        ),
                    )
                    await manager.wait([r for r in records if r is not None])
            finally:
                await manager.aclose()
                store.close()
        report.seconds = time.monotonic() - started
        check_fault_soak(report, prompts, emulator, home)
        routes = collections.Counter(r.route for r in emulator.server.received)
    report.counts.update({f"injected: {kind}": n for kind, n in sorted(faults.injected.items())})
    report.notes.append(
        f"requests by route: submit {routes['submit']}, status {routes['status']}, "
        f"content {routes['content']}; polls {manager.poll_count}"
    )
    report.notes.append(
        f"event loop while soaking: p99 lag {meter.p99_ms():.1f} ms, longest {max(meter.lags) * 1000:.0f} ms"
    )
    report.check(max(meter.lags) < 0.5, f"the loop stalled {max(meter.lags):.2f} s")
    return report


async def submit(manager: TaskManager, prompt: str, image: PreparedImage) -> int | None:
    try:
        record = await manager.submit(VideoRequest(prompt, seconds="4"), image)
    except Exception:  # the record says why; checked below
        return None
    return record.id


def check_fault_soak(report: Report, prompts: list[str], emulator: EmulatorThread, home: Path) -> None:
    server = emulator.server
    store = HistoryStore(home / "history.sqlite3")
    try:
        records = {r.prompt: r for r in store.records()}
    finally:
        store.close()
    accepted = collections.Counter(
        r.submission.request.prompt for r in server.submissions if r.submission is not None
    )
    report.counts["jobs"] = len(prompts)
    report.counts["accepted submissions"] = sum(accepted.values())
    identical = unknown_accepted = 0
    for prompt in prompts:
        record = records.get(prompt)
        if record is None:
            report.check(False, f"{prompt!r} has no record")
            continue
        report.outcomes[record.state] += 1
        if record.state in ("completed", "failed"):
            report.check(accepted[prompt] == 1, f"{prompt!r} was accepted {accepted[prompt]} times")
        if record.state == "completed":
            assert record.task_id is not None
            same = Path(record.output_path).read_bytes() == server.content_bytes(record.task_id)
            identical += same
            report.check(same, f"{prompt!r}: the saved file differs from the service's")
            report.check("#fail" not in prompt, f"{prompt!r} should have failed")
        elif record.state == "failed":
            report.check("#fail" in prompt, f"{prompt!r} failed: {record.last_error}")
            report.check(
                record.last_error.startswith(SAFETY_REASON), f"{prompt!r}: reason {record.last_error!r}"
            )
        elif record.state == "unknown":
            # The answer was lost (a reset after sending): the app cannot know, so it never resends.
            unknown_accepted += accepted[prompt]
            report.check(accepted[prompt] <= 1, f"{prompt!r} was accepted {accepted[prompt]} times")
        else:
            report.check(False, f"{prompt!r} ended {record.state}: {record.last_error}")
    report.counts["completed files byte-identical"] = identical
    report.counts["outcome unknown, of which the service had taken"] = unknown_accepted
    leftovers = list((home / "videos").glob("*.part")) if (home / "videos").exists() else []
    report.check(not leftovers, f"{len(leftovers)} .part files left")
    holding = [p.name for p in home.rglob("*") if p.is_file() and SOAK_KEY.encode() in p.read_bytes()]
    report.check(not holding, f"the key is in {holding}")
    report.counts["files holding the key"] = len(holding)


# ----- crash soak ---------------------------------------------------------------------------------


def wait_for(condition: Callable[[], bool], timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def history_rows(home: Path) -> list[tuple[str, str | None, str, str]]:
    path = home / "history.sqlite3"
    if not path.exists():
        return []
    with contextlib.closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT prompt, task_id, state, output_path FROM tasks").fetchall()


STALE = (
    b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 2000
)  # starts like an MP4: only its owner may use it


def crash_soak(seed: int, runs: int, home: Path, photo: Path) -> Report:
    """``veo-desktop generate`` killed with SIGKILL at a random moment, then ``veo-desktop resume``."""
    report = Report(f"Crash soak: {runs} CLI runs killed at random", seed)
    chooser = random.Random(seed)
    faults = FaultPlan(seed=seed, rates={"slow@submit": 0.3}, slow_seconds=0.4)
    config = fast_config(
        queue_seconds=0.4, render_seconds=0.3, content_size=2_000_000, throttle_bytes_per_second=4_000_000
    )
    started = time.monotonic()
    with EmulatorThread(config, faults) as emulator:
        env = cli_env(home, emulator)
        videos = home / "videos"
        videos.mkdir(parents=True, exist_ok=True)
        for run in range(runs):
            prompt = f"run {run}"
            # What another task (or an older release) left where this one saves: never resumed from.
            stale = videos / f"run-{run}.mp4.part"
            stale.write_bytes(STALE)
            output = str(videos / f"run-{run}.mp4")
            process = start_cli(
                "generate", str(photo), "--prompt", prompt, "-o", output, "--poll-interval", "0.1", env=env
            )
            time.sleep(chooser.uniform(0.2, 2.2))  # the kill lands anywhere from start-up to saving
            process.kill()
            process.communicate(timeout=10)
            phase = {row[0]: row[2] for row in history_rows(home)}.get(prompt, "not yet recorded")
            if process.returncode == 0:
                phase = "finished before the kill"
            report.outcomes[f"killed while {phase}"] += 1
            resumed = run_cli("resume", "--poll-interval", "0.1", env=env)
            report.check(resumed.returncode in (0, 1), f"resume after run {run}: {resumed.stderr[-300:]}")
        report.seconds = time.monotonic() - started
        check_crash_soak(report, runs, emulator, home)
    return report


def check_crash_soak(report: Report, runs: int, emulator: EmulatorThread, home: Path) -> None:
    server = emulator.server
    rows = history_rows(home)
    known = {task_id for _, task_id, _, _ in rows if task_id}
    unknown = [prompt for prompt, task_id, state, _ in rows if state == "unknown"]
    accepted = collections.Counter(
        r.submission.request.prompt for r in server.submissions if r.submission is not None
    )
    report.counts["runs"] = runs
    report.counts["tasks the service accepted"] = len(server.tasks)
    report.counts["tasks in the history with an id"] = len(known)
    report.counts["submissions recorded as outcome unknown"] = len(unknown)
    report.check(known <= set(server.tasks), "the history holds a task the service never made")
    untracked = set(server.tasks) - known
    report.check(len(untracked) <= len(unknown), f"{len(untracked)} accepted tasks are not accounted for")
    report.check(max(accepted.values(), default=0) <= 1, "a job was submitted twice")
    saved = sorted((home / "videos").glob("*")) if (home / "videos").exists() else []
    videos = [v for v in saved if v.suffix == ".mp4"]
    stale = [v for v in saved if v.name.endswith(".mp4.part")]
    report.check(all(v.read_bytes() == STALE for v in stale), "a stale .part of another task was changed")
    odd = [v.name for v in saved if v.suffix not in (".mp4", ".json") and v not in stale]
    report.check(not odd, f"left over: {odd}")
    identical = 0
    for _prompt, task_id, state, output in rows:
        if task_id is None:
            continue
        report.check(state == "completed", f"{task_id} is still {state} after resume")
        if state == "completed":
            same = Path(output).read_bytes() == server.content_bytes(task_id)
            identical += same
            report.check(same, f"{task_id}: the saved file is not the service's")
    report.counts["videos saved, byte-identical"] = identical
    report.check(len(videos) == identical, f"{len(videos)} videos for {identical} completed tasks")


# ----- a kill during a history write ----------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from veo_desktop.api.rules import VideoRequest
    from veo_desktop.core.history.store import HistoryStore, TaskRecord
    store = HistoryStore(Path(sys.argv[1]))
    n = 0
    while True:
        record = store.add(TaskRecord.for_request(VideoRequest(f"row {n}"), state="queued"))
        store.update(record.id, task_id=f"task_{record.id:08d}", progress=50)
        print(record.id, flush=True)
        n += 1
    """
)


def wal_soak(seed: int, runs: int, home: Path) -> Report:
    """A process writing the history as fast as it can is killed mid-write, ``runs`` times."""
    report = Report(f"History kill soak: {runs} kills during writes", seed)
    chooser = random.Random(seed)
    path = home / "history.sqlite3"
    home.mkdir(parents=True, exist_ok=True)
    committed: set[int] = set()
    lost = 0
    started = time.monotonic()
    for _ in range(runs):
        process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True
        )
        assert process.stdout is not None
        target = chooser.randint(5, 60)
        for _ in range(target):
            line = process.stdout.readline()
            if not line:
                break
            committed.add(int(line))
        process.kill()
        rest, _ = process.communicate(timeout=10)
        committed.update(int(n) for n in rest.split())
        with contextlib.closing(sqlite3.connect(path)) as db:
            report.check(db.execute("PRAGMA integrity_check").fetchone() == ("ok",), "integrity check")
        store = HistoryStore(path)
        try:
            report.check(store.recovered_from is None, "the database was damaged")
            present = {r.id for r in store.records(limit=None)}
        finally:
            store.close()
        missing = committed - present
        lost += len(missing)
        report.check(not missing, f"{len(missing)} committed rows lost")
    report.seconds = time.monotonic() - started
    report.counts["kills"] = runs
    report.counts["rows reported committed before a kill"] = len(committed)
    report.counts["committed rows lost"] = lost
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--jobs", type=int, default=300, help="fault soak jobs")
    parser.add_argument("--runs", type=int, default=60, help="CLI runs killed at random")
    parser.add_argument("--kills", type=int, default=30, help="kills during history writes")
    args = parser.parse_args()
    reports: list[Report] = []
    with tempfile.TemporaryDirectory(prefix="veo-soak-") as scratch:
        root = Path(scratch)
        reports.append(asyncio.run(fault_soak(args.seed, args.jobs, root / "faults")))
        print(reports[-1].markdown(), flush=True)
        photo = root / "photo.png"
        photo.write_bytes(image_bytes("PNG", (320, 240)))
        reports.append(crash_soak(args.seed, args.runs, root / "crash", photo))
        print(reports[-1].markdown(), flush=True)
        reports.append(wal_soak(args.seed, args.kills, root / "wal"))
        print(reports[-1].markdown(), flush=True)
    return 1 if any(r.problems for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
