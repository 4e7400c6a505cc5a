"""Keeps the Sequence tab between runs: every change is written to the window's storyboard file
(:mod:`veo_desktop.core.storyboard.window_board`) off the window's thread, in order, the newest state
winning when changes come faster than the disk; and at start-up it is read back, each clip found again
in the history by its local id and task id."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from veo_desktop.core.storyboard import window_board
from veo_desktop.core.storyboard.window_board import KeptClip, WindowBoard
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.manager import TaskManager
from veo_desktop.gui.common.background import BackgroundTasks

log = logging.getLogger(__name__)


class SequenceKeeper:
    def __init__(self, background: BackgroundTasks, path: Path | None = None) -> None:
        self.background = background
        self.path = path  # None: the app's data folder (read when first written)
        self.board = WindowBoard()
        self.enabled = False  # from the moment the kept storyboard was read back (never over it before)
        self._pending: WindowBoard | None = None
        self._writer: asyncio.Task[None] | None = None

    def update(self, **changes: Any) -> None:
        """The tab changed: written soon (off the window's thread)."""
        board = replace(self.board, **changes)
        if board == self.board:
            return
        self.board = board
        if not self.enabled:
            return
        self._pending = board
        if self._writer is None or self._writer.done():
            self._writer = self.background.spawn(self._write_all(), "sequence-save")

    async def _write_all(self) -> None:
        while self._pending is not None:
            board, self._pending = self._pending, None
            try:
                await asyncio.to_thread(window_board.save, board, self.path)
            except OSError as exc:  # the tab still holds it; the next change tries again
                log.error("could not keep the sequence: %s", exc)

    async def settle(self) -> None:
        """Before the window closes: the last change is on disk."""
        if self._writer is not None and not self._writer.done():
            await asyncio.shield(self._writer)
        if self._pending is not None:
            await self._write_all()

    async def read(self) -> WindowBoard:
        return await asyncio.to_thread(window_board.load, self.path)


def clips_of(records: list[TaskRecord]) -> tuple[KeptClip, ...]:
    return tuple(KeptClip(r.id, r.task_id or "", r.output_path) for r in records)


Lookup = Callable[[Any], TaskRecord | None]


async def find_again(kept: tuple[KeptClip, ...], manager: TaskManager) -> list[TaskRecord]:
    """The kept clips as the history has them now, in order (one it no longer has is left out); its reads
    awaited (the window's thread never waits for the history)."""
    by_id = {c.local_id: await manager.history.get(c.local_id) for c in kept}
    by_task = {c.task_id: await manager.history.by_task_id(c.task_id) for c in kept if c.task_id}
    return _matched(kept, by_id.get, by_task.get)


def _matched(kept: tuple[KeptClip, ...], get: Lookup, by_task_id: Lookup) -> list[TaskRecord]:
    found: list[TaskRecord] = []
    for clip in kept:
        record = get(clip.local_id)
        if record is not None and clip.task_id and record.task_id != clip.task_id:
            record = None  # another history's id: look for the task by its own
        if record is None and clip.task_id:
            record = by_task_id(clip.task_id)
        if record is not None and all(r.id != record.id for r in found):
            found.append(record)
    return found
