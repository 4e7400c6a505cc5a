"""The CLI's progress on the terminal (stderr), so stdout keeps only the saved file's path."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections.abc import AsyncIterator
from typing import TextIO

from veo_desktop.api import rules
from veo_desktop.api.wire import TaskStatus
from veo_desktop.core.history.store import TaskRecord
from veo_desktop.core.task_record import PROBLEM
from veo_desktop.core.tasks.describe import TICKING, clock_text, elapsed_text, status_text
from veo_desktop.core.tasks.estimate import RenderTimes, estimate
from veo_desktop.core.tasks.manager import TaskEvent


def status_line(found: TaskStatus) -> str:
    """What ``veo-desktop status`` prints: the state in the service's own words when it is new here."""
    line = f"{found.task_id}: {found.said} ({found.progress}%)"
    if found.model:
        line += f", {found.model}"
    if found.status == "failed":
        line += f": {found.error or 'the service gave no reason (failed tasks are not charged)'}"
    elif found.status in ("canceled", "expired"):
        line += f": {found.error or 'not charged'}"
    elif found.status == "unrecognized":
        line += " (a status this app does not know; the task is kept: `veo-desktop resume` follows it)"
    return line


def describe(
    record: TaskRecord, now: float | None = None, times: RenderTimes | None = None, since: float | None = None
) -> str:
    """``[0:42] task_…: Generating · queued 0:12 · generating 0:30 · about 40%``; the clock counts from
    ``since`` when given (``download``: from the download, not from the task's creation)."""
    who = record.task_id or f"#{record.id}"
    if since is None:
        clock = elapsed_text(record, now)
    else:
        end = (now or time.time()) if record.state in TICKING else (record.saved_at or now or time.time())
        clock = clock_text(max(0.0, end - since))
    line = f"[{clock}] {who}: {status_text(record, with_words=True)}"
    if times is not None and record.state in ("in_progress", "downloading", "completed"):
        progress = estimate(record, now or time.time(), times).text()
        line = f"{line} · {progress}" if progress else line
    return line


# What a terminal's status line is rewritten for, every second: the clocks of a task being made.
LIVE = frozenset(TICKING) - {"downloading"}  # a download has its own line, with its own clock


class ProgressPrinter:
    """A line per change; on a terminal the last line is the task's status, its clock and estimate
    ticking every second (not only at each poll), and the download's progress updates in place."""

    def __init__(
        self,
        stream: TextIO | None = None,
        times: RenderTimes | None = None,
        since: float | None = None,
        *,
        ends_said: bool = False,
    ) -> None:
        self.stream = stream or sys.stderr
        self.times = times or RenderTimes()
        self.since = since  # the clock's start (None: each task's creation)
        # The command's own last line says how its task went wrong (failed, refused, outcome unknown, the
        # download failed): the progress leaves that line to it, so the failure is printed once.
        self.ends_said = ends_said
        self.tty = self.stream.isatty()
        self._last: dict[int, str] = {}
        self._last_percent: dict[int, int] = {}
        self._open = ""  # on a terminal, the line the cursor ends ("status", "download"): rewritable
        self._latest: TaskRecord | None = None  # the task the open status line is about
        self._download_started: dict[int, float] = {}

    @contextlib.asynccontextmanager
    async def ticking(self, every: float = 1.0) -> AsyncIterator[None]:
        """While the body runs, a terminal's status line is redrawn every ``every`` seconds; afterwards
        the line is ended, so what is printed next starts on a line of its own."""
        ticker = asyncio.create_task(self._tick_every(every)) if self.tty else None
        try:
            yield
        finally:
            if ticker is not None:
                ticker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await ticker
            self.close()

    async def _tick_every(self, every: float) -> None:
        while True:
            await asyncio.sleep(every)
            self.tick()

    def tick(self, now: float | None = None) -> None:
        """Redraw the open status line with the clocks as they are now."""
        record = self._latest
        if self._open == "status" and record is not None and record.state in LIVE:
            self.stream.write("\r" + describe(record, now, self.times, self.since) + "\x1b[K")
            self.stream.flush()

    def say(self, text: str) -> None:
        """A line of its own (a notice, the price), below the status line; on a terminal the status line
        comes again under it, to tick on."""
        self.close()
        self._write(text)
        record = self._latest
        if self.tty and record is not None and record.state in LIVE:
            self._write(describe(record, times=self.times, since=self.since), status=True)

    def close(self) -> None:
        if self._open:
            self.stream.write("\n")
            self.stream.flush()
            self._open = ""

    def __call__(self, event: TaskEvent) -> None:
        record = event.record
        if event.kind == "download":
            self._download(record, event.received, event.total)
            return
        line = describe(record, times=self.times, since=self.since)
        key = f"{record.state} {record.progress} {record.last_error}"
        if self._last.get(record.id) == key:
            return
        self._last[record.id] = key
        self._latest = record
        if self.ends_said and record.state in PROBLEM:
            self.close()  # the line being rewritten ends; the error line comes next, on its own
            return
        self._write(line, status=True)

    def _download(self, record: TaskRecord, received: int, total: int | None) -> None:
        if not total:
            return
        percent = received * 100 // total
        if self._last_percent.get(record.id) == percent:
            return
        self._last_percent[record.id] = percent
        started = self._download_started.setdefault(record.id, time.monotonic())
        clock = f"[{clock_text(time.monotonic() - started)}] "  # from the download's start, not the task's
        text = f"{clock}downloading {received / 2**20:.1f} of {total / 2**20:.1f} MB ({percent}%)"
        if self.tty:
            if self._open == "status":
                self.stream.write("\n")
            self.stream.write(f"\r  {text}\x1b[K" + ("\n" if received >= total else ""))
            self.stream.flush()
            self._open = "" if received >= total else "download"
        elif percent in (25, 50, 75):
            self._write(f"  {text}")

    def _write(self, line: str, *, status: bool = False) -> None:
        if not self.tty:
            self.stream.write(line + "\n")
        else:  # the line stays open: the next second rewrites it, the next change starts a new one
            self.stream.write(("\n" if self._open else "") + line + ("" if status else "\n"))
            self._open = "status" if status else ""
        self.stream.flush()


def price_line(record: TaskRecord) -> str:
    """What the task costs, from the rules table: said once it is accepted, or imported."""
    model, who = rules.MODELS.get(record.model), record.task_id or f"#{record.id}"
    if model is None:  # imported: the service did not name its model, or named one of no known price
        return f"veo-desktop: {who}: model {record.model or 'not named'}, cost unknown"
    charge = "the demo charges nothing" if record.demo else "charged only if the video is completed"
    channel = {"official": "official", "flow": "Flow"}.get(model.channel, model.channel)
    return f"veo-desktop: {who}: {model.id} on the {channel} channel costs {model.price_text} ({charge})"
