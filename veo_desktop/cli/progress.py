"""The CLI's progress on the terminal (stderr), so stdout keeps only the saved file's path."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from veo_desktop.core.describe import elapsed_text, status_text
from veo_desktop.core.estimate import RenderTimes, estimate
from veo_desktop.core.history import TaskRecord
from veo_desktop.core.manager import TaskEvent


def describe(record: TaskRecord, now: float | None = None, times: RenderTimes | None = None) -> str:
    """``[0:42] task_…: Generating · queued 0:12 · generating 0:30 · about 40%``"""
    who = record.task_id or f"#{record.id}"
    line = f"[{elapsed_text(record, now)}] {who}: {status_text(record)}"
    if times is not None and record.state in ("in_progress", "downloading", "completed"):
        progress = estimate(record, now or time.time(), times).text()
        line = f"{line} · {progress}" if progress else line
    return line


class ProgressPrinter:
    """A line per change; on a terminal the download's progress updates in place."""

    def __init__(self, stream: TextIO | None = None, times: RenderTimes | None = None) -> None:
        self.stream = stream or sys.stderr
        self.times = times or RenderTimes()
        self.tty = self.stream.isatty()
        self._last: dict[int, str] = {}
        self._last_percent: dict[int, int] = {}

    def __call__(self, event: TaskEvent) -> None:
        record = event.record
        if event.kind == "download":
            self._download(record, event.received, event.total)
            return
        line = describe(record, times=self.times)
        key = f"{record.state} {record.progress} {record.last_error}"
        if self._last.get(record.id) == key:
            return
        self._last[record.id] = key
        self._write(line)

    def _download(self, record: TaskRecord, received: int, total: int | None) -> None:
        if not total:
            return
        percent = received * 100 // total
        if self._last_percent.get(record.id) == percent:
            return
        self._last_percent[record.id] = percent
        text = f"downloading {received / 2**20:.1f} of {total / 2**20:.1f} MB ({percent}%)"
        if self.tty:
            self.stream.write(f"\r  {text}" + ("\n" if received >= total else ""))
            self.stream.flush()
        elif percent in (25, 50, 75):
            self._write(f"  {text}")

    def _write(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()
