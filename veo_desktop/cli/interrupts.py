"""Ctrl+C on the command line without losing a paid task.

The first Ctrl+C while a submission is in flight waits (a few seconds, saying so) for the service's
answer, so the task id is written down and ``veo-desktop resume`` can finish the task; a second Ctrl+C
stops at once. Whatever happens, the last lines say exactly what became of each task.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import signal
import sys
from collections.abc import Iterator
from dataclasses import replace
from typing import Final, TextIO

from veo_desktop.core.history.store import ACTIVE, TaskRecord
from veo_desktop.core.tasks.describe import excerpt
from veo_desktop.core.tasks.manager import TaskEvent, TaskManager
from veo_desktop.core.tasks.submitting import ANSWER_GRACE_SECONDS

GRACE_SECONDS: Final = ANSWER_GRACE_SECONDS  # as long as the window waits when it closes
STOP_SIGNALS: Final = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)
_current: contextvars.ContextVar[InterruptGuard | None] = contextvars.ContextVar("interrupts", default=None)


class Interrupted(Exception):
    """The user stopped the command; ``str()`` says what happens to each task next."""


class InterruptGuard:
    def __init__(self, *, grace: float = GRACE_SECONDS, stream: TextIO | None = None) -> None:
        self.grace = grace
        self.stream = stream or sys.stderr
        self.presses = 0
        self.stopped = False
        self.summary = ""
        self._main: asyncio.Task[object] | None = None
        self._manager: TaskManager | None = None
        self._seen: dict[int, TaskRecord] = {}
        self._waiting: asyncio.Task[None] | None = None
        self._following: set[int] = set()

    @contextlib.contextmanager
    def installed(self) -> Iterator[InterruptGuard]:
        """Take over SIGINT for the running command (the current task is the one stopped)."""
        loop = asyncio.get_running_loop()
        self._main = asyncio.current_task()
        token = _current.set(self)
        # Ctrl+C, and also a closed terminal (SIGHUP) or a shutdown (SIGTERM): the same care for the id.
        # No loop signal handlers on Windows: Python's own KeyboardInterrupt applies there.
        for number in STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self._on_sigint)
        try:
            yield self
        finally:
            _current.reset(token)
            for number in STOP_SIGNALS:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.remove_signal_handler(number)
            if self._waiting is not None:
                self._waiting.cancel()

    def _on_sigint(self) -> None:
        self.presses += 1
        manager = self._manager
        if manager is not None:
            manager.hold_submissions()  # a submission the service refused is not tried again now
            self._following = set(manager.following)  # stopping cancels them: remember which they were
        if self.presses == 1 and manager is not None and manager.submissions_in_flight:
            self._say(
                f"Waiting up to {self.grace:.0f} s for the service's answer, so the task id is kept and "
                "the task can be finished later. Press Ctrl+C again to stop now: the submission would then "
                "end as 'outcome unknown' (it may still be accepted and billed)."
            )
            self._waiting = asyncio.get_running_loop().create_task(
                self._stop_when_settled(manager), name="interrupt-wait-for-answer"
            )
            return
        self._stop()

    async def _stop_when_settled(self, manager: TaskManager) -> None:
        try:
            await asyncio.wait_for(manager.settled(), self.grace)
        except TimeoutError:
            self._say(f"No answer within {self.grace:.0f} s: stopping.")
        self._stop()

    def _stop(self) -> None:
        if not self.stopped and self._main is not None:
            self.stopped = True
            self._main.cancel()

    def _say(self, text: str) -> None:
        with contextlib.suppress(OSError, ValueError):  # the terminal may be gone (SIGHUP)
            self.stream.write(f"veo-desktop: {text}\n")
            self.stream.flush()

    # ----- what became of each task -------------------------------------------------------------

    def watch(self, manager: TaskManager) -> None:
        self._manager = manager
        manager.subscribe(self._on_event)

    def _on_event(self, event: TaskEvent) -> None:
        if event.kind != "download":
            self._seen[event.record.id] = event.record

    def closing(self, manager: TaskManager) -> None:
        """Called as the session closes (its history still open): put the outcome into words."""
        if not self.stopped:
            return
        ids = set(self._seen) | self._following | set(manager.following)
        records = []
        for local_id in sorted(ids):
            try:
                found = manager.get(local_id)
            except Exception:  # the history itself failed; what the events said is all there is
                found = None
            record = found or self._seen.get(local_id)
            if record is not None:
                unsaved = manager.unsaved_ids.get(local_id)
                if unsaved is not None and not record.task_id:
                    record = replace(record, task_id=unsaved)
                records.append(record)
        self.summary = outcome(records)


def outcome(records: list[TaskRecord]) -> str:
    """One line per task that needs the user's attention; what resume or import does next."""
    lines = []
    for record in records:
        name = f"“{excerpt(record.prompt, 40)}”"
        if record.state in ("unknown", "submitting"):
            look = (
                f"`veo-desktop import {record.task_id}` fetches it"
                if record.task_id
                else "if it is there, `veo-desktop import TASK_ID` fetches it"
            )
            lines.append(
                f"the submission of {name} was stopped before the service's answer was written down: "
                "it may have been accepted (and is billed if it completes). It was not sent again. "
                f"Look for it in your provider's console; {look}."
            )
        elif record.state == "waiting":
            lines.append(f"{name} was not sent; `veo-desktop resume` sends it.")
        elif record.state in ACTIVE and record.task_id:
            lines.append(
                f"the task {record.task_id} ({name}) is kept in the history: `veo-desktop resume` "
                "follows it and saves its video."
            )
    if not lines:
        return "stopped; no task was left unfinished."
    return "stopped; " + " ".join(lines)


def watch(manager: TaskManager) -> None:
    """Let the running command's guard (if any) see this session's tasks."""
    guard = _current.get()
    if guard is not None:
        guard.watch(manager)


def closing(manager: TaskManager) -> None:
    guard = _current.get()
    if guard is not None:
        guard.closing(manager)
