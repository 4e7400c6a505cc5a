"""A state machine over a task's life: Hypothesis draws the service's every answer and the moments
processes start, stop and die, and checks the money invariants after every step.

The service is the emulator over loopback; each drawn answer is a fault scheduled for the next request
of its route (accepted, 5xx, a gateway's page, 429 with any ``Retry-After``, a reset, an answer that is
lost after the task was made, odd values, an unknown word, a failed task, a short, changed or cut
download). A "process" is a task manager with its own history connection, task locks and HTTP client on
one shared home, as the window and a command are; killing one cancels everything it runs mid-step (a
kill mid-submission included) and drops its locks, as the OS does. The app's clock runs 500 times
faster than the wall clock (its sleeps are recorded, then slept at 1/500).

After every step:
- no accepted id is missing: every task the service made is in the history by its id, unless the answer
  that named it was lost (then a row says "outcome unknown" for it, one row for each such task);
- nothing is sent twice: each intent (a unique prompt) made at most one task at the service;
- a saved video is byte-identical to the one the service served;
- every wait the app scheduled before asking the service again is between the floor and the cap (but
  for the documented steps that wait out the 400 right after completion).
At the end every task the history knows by id is followed to its end by a fresh process, and saved.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from tests.conftest import fast_config
from veo_desktop.api import errors
from veo_desktop.api.client import RetryPolicy, VeoClient, make_http_client
from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.history.locks import TaskLocks
from veo_desktop.core.history.store import HistoryStore
from veo_desktop.core.tasks.manager import PollSchedule, TaskIdNotSaved, TaskManager
from veo_desktop.emulator.faults import Fault, FaultPlan
from veo_desktop.emulator.server import EmulatorThread

SCALE = 0.002  # one second of the app's time is 2 ms here
SCHEDULE = PollSchedule()
RETRY = RetryPolicy()
NAN_PROGRESS = b'{"id": "{task_id}", "status": "in_progress", "progress": NaN, "created_at": 1764844800123}'
SUBMIT_ANSWERS: dict[str, tuple[str, dict[str, Any], bool]] = {
    # name: (fault kind, options, whether the id can be lost with the answer)
    "accepted": ("", {}, False),
    "429, Retry-After 1": ("429", {"retry_after": 1.0}, False),
    "429, Retry-After 36000": ("429", {"retry_after": 36000.0}, False),
    "no balance": ("balance", {}, False),
    "JSON 500": ("500", {}, False),
    "HTML 502": ("html502", {}, False),
    "reset before it was made": ("reset", {}, False),
    "reset after it was made": ("reset_after_accept", {}, True),
    "gateway page after it was made": ("gateway_after_accept", {}, True),
    "NaN and 1e400 around the id": (
        "answer",
        {"body": b'{"id": "{task_id}", "status": "queued", "progress": NaN, "created": 1e400}'},
        False,
    ),
    "deep nesting around the id": (
        "answer",
        {"body": b'{"id": "{task_id}", "status": "queued", "x": ' + b"[" * 40_000 + b"]" * 40_000 + b"}"},
        False,
    ),
    "wrapped by a gateway": ("answer", {"body": b'{"code": 0, "data": {"id": "{task_id}"}}'}, False),
    "an HTML page after it was made": (
        "answer",
        {"body": b"<html>ok</html>", "content_type": "text/html"},
        True,
    ),
}
TAKEN = ["accepted", "NaN and 1e400 around the id", "deep nesting around the id", "wrapped by a gateway"]
STATUS_ANSWERS: dict[str, tuple[str, dict[str, Any]]] = {
    "JSON 500": ("500", {}),
    "HTML 502": ("html502", {}),
    "429, Retry-After 1": ("429", {"retry_after": 1.0}),
    "429, Retry-After 36000": ("429", {"retry_after": 36000.0}),
    "reset": ("reset", {}),
    "404": ("404", {}),
    "NaN progress, time in ms": ("answer", {"body": NAN_PROGRESS}),
    "a word nobody documented": ("answer", {"body": b'{"id": "{task_id}", "status": "WHATEVER"}'}),
    "a poll-after hint of 0": ("answer", {"body": b'{"id": "{task_id}", "status": "queued"}'}),
    "the task failed": ("fail", {"reason": "the service's own reason"}),
}
CONTENT_ANSWERS = [
    "truncate",
    "not_ready",
    "short_content",
    "changed_content",
    "html_content",
    "reset",
    "500",
]


class Waits:
    """The app's sleep: every wait recorded, then slept at :data:`SCALE`."""

    def __init__(self) -> None:
        self.asked: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        await asyncio.sleep(min(seconds * SCALE, 0.02) if math.isfinite(seconds) and seconds > 0 else 0)


@dataclass
class Process:
    manager: TaskManager
    store: HistoryStore
    http: httpx.AsyncClient


class TaskLife(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.folder = tempfile.TemporaryDirectory(prefix="veo-task-life-")
        self.home = Path(self.folder.name)
        self.faults = FaultPlan()
        self.emulator = EmulatorThread(fast_config(queue_seconds=0.05, render_seconds=0.1), self.faults)
        self.emulator.start()
        self.processes: list[Process] = []
        self.poll_waits: list[Waits] = []  # every process's task manager's (polls, and pauses between)
        self.call_waits: list[Waits] = []  # every process's HTTP client's (retries in a call, downloads)
        self.intents = 0
        self.may_be_lost: set[str] = set()  # ids made by the service whose answer may have been lost
        self._pending: Fault | None = None  # the answer drawn for the submission under way
        self.steps: list[str] = []  # what happened, for the message of a broken invariant

    # ----- the world ----------------------------------------------------------------------------

    def run(self, work: Any, timeout: float = 30) -> Any:
        return self.loop.run_until_complete(asyncio.wait_for(work, timeout))

    async def _start(self) -> Process:
        http = make_http_client()
        waits, client_waits = Waits(), Waits()
        self.poll_waits.append(waits)
        self.call_waits.append(client_waits)
        emulator = self.emulator
        client = VeoClient(
            http, base_url=emulator.base_url, api_key=emulator.api_key, retry=RETRY, sleep=client_waits
        )
        store = HistoryStore(self.home / "history.sqlite3")
        manager = TaskManager(
            client,
            store,
            output_dir=self.home / "videos",
            references_dir=self.home / "references",
            schedule=SCHEDULE,
            locks=TaskLocks(self.home / "locks"),
            sleep=waits,
        )
        await manager.resume()
        return Process(manager, store, http)

    async def _kill(self, process: Process) -> None:
        await process.manager.aclose()  # everything it runs is cancelled where it stands; locks dropped
        process.store.close()
        await process.http.aclose()
        # A submission it had out (one sent from the waiting list too) dies with it: an id the service
        # made whose answer it had not written down yet is lost with the answer ("outcome unknown").
        self.may_be_lost |= set(self._made()) - self._known()

    def _known(self) -> set[str]:
        return {row["task_id"] for row in self._rows() if row["task_id"]}

    def _made(self) -> dict[str, str]:
        """What the service made: task id -> the prompt it was made for."""
        tasks = self.emulator.server.tasks
        return {task_id: task.submission.request.prompt for task_id, task in tasks.items()}

    def _rows(self) -> list[sqlite3.Row]:
        path = self.home / "history.sqlite3"
        if not path.exists():
            return []
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            db.row_factory = sqlite3.Row
            return db.execute("SELECT task_id, state, prompt, output_path FROM tasks").fetchall()

    def _story(self) -> str:
        rows = "\n".join(f"  {tuple(row)}" for row in self._rows())
        return "steps:\n  " + "\n  ".join(self.steps) + f"\nhistory:\n{rows}\nservice: {self._made()}"

    def _submit_fault(self, answer: str) -> bool:
        """Schedule the drawn answer for this submission; whether it may lose the id."""
        kind, options, lossy = SUBMIT_ANSWERS[answer]
        self._pending = self.faults.add(kind, "submit", **options) if kind else None  # type: ignore[arg-type]
        return lossy

    def _note_made(self, before: set[str], lossy: bool) -> None:
        if self._pending is not None:
            self._pending.times = 0  # a submission that never left leaves its answer to nobody
        if lossy:
            self.may_be_lost |= set(self._made()) - before

    # ----- rules --------------------------------------------------------------------------------

    @initialize()
    def open_the_app(self) -> None:
        self.steps.append("open_the_app()")
        self.processes.append(self.run(self._start()))

    @precondition(lambda self: len(self.processes) < 2)
    @rule()
    def start_a_process(self) -> None:
        self.steps.append("start_a_process()")
        self.processes.append(self.run(self._start()))

    def _any_process(self, which: int) -> Process:
        """A running process (one is started when none runs: the user opens the app to submit)."""
        if not self.processes:
            self.start_a_process()
        return self.processes[which % len(self.processes)]

    @precondition(lambda self: self.processes)
    @rule(which=st.integers(0, 1))
    def kill_a_process(self, which: int) -> None:
        self.steps.append(f"kill_a_process(which={which!r})")
        self.run(self._kill(self.processes.pop(which % len(self.processes))))

    @rule(answer=st.sampled_from(sorted(TAKEN)), which=st.integers(0, 1))
    def submit_one_the_service_takes(self, answer: str, which: int) -> None:
        """As :meth:`submit`, with an answer that names the task (most answers do)."""
        self.submit(answer, which)

    @rule(answer=st.sampled_from(sorted(SUBMIT_ANSWERS)), which=st.integers(0, 1))
    def submit(self, answer: str, which: int) -> None:
        self.steps.append(f"submit(answer={answer!r}, which={which!r})")
        process = self._any_process(which)
        self.intents += 1
        before = set(self._made())
        lossy = self._submit_fault(answer)
        request = VideoRequest(f"intent {self.intents}", seconds="4")
        with contextlib.suppress(errors.VeoError, TaskIdNotSaved):
            self.run(process.manager.submit(request, None))
        self._note_made(before, lossy)

    @rule(answer=st.sampled_from(sorted(SUBMIT_ANSWERS)), turns=st.integers(0, 40))
    def submit_and_die_mid_request(self, answer: str, turns: int) -> None:
        """The process dies ``turns`` turns of its event loop after the submission started: before the
        request left, while it is out, or after the answer came."""
        self.steps.append(f"submit_and_die_mid_request(answer={answer!r}, turns={turns!r})")
        process = self._any_process(0)
        self.processes.remove(process)
        self.intents += 1
        before = set(self._made())
        self._submit_fault(answer)
        request = VideoRequest(f"intent {self.intents}", seconds="4")

        async def die_mid_request() -> None:
            sending = asyncio.ensure_future(process.manager.submit(request, None))
            for _ in range(turns):
                await asyncio.sleep(0)
            sending.cancel()
            with contextlib.suppress(BaseException):
                await sending
            await self._kill(process)

        self.run(die_mid_request())
        self._note_made(before, lossy=True)

    @rule(answer=st.sampled_from(sorted(STATUS_ANSWERS)), times=st.integers(1, 3))
    def the_next_status_answers(self, answer: str, times: int) -> None:
        self.steps.append(f"the_next_status_answers(answer={answer!r}, times={times!r})")
        kind, options = STATUS_ANSWERS[answer]
        self.faults.add(kind, "status", times=times, **options)  # type: ignore[arg-type]

    @rule(kind=st.sampled_from(CONTENT_ANSWERS), times=st.integers(1, 2))
    def the_next_download_answers(self, kind: str, times: int) -> None:
        self.steps.append(f"the_next_download_answers(kind={kind!r}, times={times!r})")
        self.faults.add(kind, "content", times=times)  # type: ignore[arg-type]

    @rule(seconds=st.sampled_from([0.01, 0.05, 0.2]))
    def time_passes(self, seconds: float) -> None:
        self.steps.append(f"time_passes(seconds={seconds!r})")
        self.run(asyncio.sleep(seconds))

    @rule()
    def processes_look_at_each_other(self) -> None:
        self.steps.append("processes_look_at_each_other()")
        for process in self.processes:
            self.run(process.manager.adopt())

    # ----- invariants ---------------------------------------------------------------------------

    @invariant()
    def no_accepted_id_is_missing(self) -> None:
        rows = self._rows()
        missing = set(self._made()) - self._known()
        # An answer still on its way (a submission a running process sent from its waiting list) is
        # no loss yet: its row says "submitting".
        in_flight = [r for r in rows if r["task_id"] is None and r["state"] == "submitting"]
        unknown = [r for r in rows if r["task_id"] is None and r["state"] == "unknown"]
        lacking = missing - self.may_be_lost
        assert len(lacking) <= len(in_flight), f"ids the history lacks: {lacking}\n{self._story()}"
        assert len(missing) <= len(unknown) + len(in_flight), f"{missing}\n{self._story()}"

    @invariant()
    def nothing_is_sent_twice(self) -> None:
        prompts = list(self._made().values())
        assert len(prompts) == len(set(prompts)), f"an intent made two tasks: {sorted(prompts)}"
        assert len(prompts) <= self.intents

    @invariant()
    def a_saved_video_is_the_served_one(self) -> None:
        for row in self._rows():
            if row["state"] == "completed":
                saved = Path(row["output_path"]).read_bytes()
                assert saved in self._served(row["task_id"]), f"{row['output_path']}\n{self._story()}"

    def _served(self, task_id: str) -> list[bytes]:
        """What the service may have served for a task, whole: its video, or (a ``changed_content``
        answer) the same video re-encoded, 64 bytes longer. Never a mix of the two."""
        content = self.emulator.server.tasks[task_id].content
        assert content is not None
        changed = content.with_name(content.stem + ".changed.mp4")
        return [content.read_bytes(), *([changed.read_bytes()] if changed.exists() else [])]

    @invariant()
    def every_wait_is_bounded(self) -> None:
        polls = [wait for waits in self.poll_waits for wait in waits.asked]
        assert all(SCHEDULE.floor <= w <= SCHEDULE.wait_max for w in polls), sorted(set(polls))
        # Inside one call (retries, the download's): the floor too, but for the documented short steps
        # that wait out the 400 right after completion (the first is 1 s: the CDN is most often ready).
        inside = [wait for waits in self.call_waits for wait in waits.asked]
        steps = RETRY.content_not_ready_delays
        bounded = all(SCHEDULE.floor <= w <= SCHEDULE.wait_max or w in steps for w in inside)
        assert bounded, sorted(set(inside))

    def teardown(self) -> None:
        try:
            for process in list(self.processes):
                self.run(self._kill(process))
            self.processes.clear()
            self.faults.clear()
            last = self.run(self._start())  # the next start takes up whatever is left
            self.processes.append(last)
            self.run(last.manager.wait(), timeout=60)
            self.every_wait_is_bounded()
            made = self._made()
            for row in self._rows():
                if row["task_id"] in made:
                    assert row["state"] in ("completed", "failed"), tuple(row)
                event(f"a task ended {row['state']}")
            self.a_saved_video_is_the_served_one()
            self.nothing_is_sent_twice()
            self.no_accepted_id_is_missing()
        finally:
            for process in self.processes:
                self.run(self._kill(process))
            self.emulator.stop()
            self.loop.close()
            self.folder.cleanup()


TaskLife.TestCase.settings = settings(
    max_examples=max(8, settings().max_examples // 5),  # 20 in CI, 200 with --hypothesis-profile=long
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_task_life = TaskLife.TestCase
