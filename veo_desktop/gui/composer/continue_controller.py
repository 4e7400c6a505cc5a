"""Continuing a clip: its last frame (decoded off the UI thread) becomes the start frame, its settings
go back in the form, the prompt is focused for what happens next, and the next video made from that
frame is linked to it. Whether a clip can be continued, and why not, is said wherever it is offered
(a task row, a gallery tile, the preview)."""

from __future__ import annotations

import asyncio
import importlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from veo_desktop.core.clips.continuing import CannotContinue, continuable, continued_request
from veo_desktop.core.clips.framing import Framing
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.describe import excerpt
from veo_desktop.core.tasks.manager import TaskManager
from veo_desktop.gui.common.background import BackgroundTasks
from veo_desktop.gui.composer.form_controller import FormController
from veo_desktop.i18n import translate

if TYPE_CHECKING:
    from veo_desktop.gui.shell.main_window import MainWindow  # the window these controls live in

CLIP_FRAMES = "veo_desktop.core.clips.clip_frames"  # PyAV: imported off the UI thread, once a session opens
# After the session opens, before PyAV starts loading: its import (about 70 ms of Python) would otherwise
# share the interpreter with the task list being filled and Generate being enabled.
PYAV_DELAY_SECONDS = 1.0


class ContinueController(QObject):
    def __init__(self, window: MainWindow, form: FormController, background: BackgroundTasks) -> None:
        super().__init__(window)
        self.window = window
        self.form = form
        self.frames = form.frames
        self.background = background
        self.manager: TaskManager | None = None
        self.previewed: TaskRecord | None = None
        window.preview.tools.continueRequested.connect(self.continue_previewed)

    def attach(self, manager: TaskManager) -> None:
        self.manager = manager
        self.background.spawn(_load_in_worker(), "load-pyav")
        if self.previewed is not None:
            self.show_previewed(self.previewed)

    def detach(self) -> None:
        self.manager = None

    def why_not(self, record: TaskRecord) -> str:
        """Why ``record`` cannot be continued now ("" when it can)."""
        if self.manager is None:
            return self.form.no_session_reason or translate("Controller", "Starting…")
        return continuable(record)

    def show_previewed(self, record: TaskRecord) -> None:
        """The preview shows ``record`` now: its Continue says whether it can."""
        self.previewed = record
        self.window.preview.tools.show_continue(self.why_not(record))

    def continue_previewed(self) -> None:
        if self.previewed is not None:
            self.continue_from(self.previewed)

    def continue_from(self, record: TaskRecord) -> None:
        reason = self.why_not(record)
        if reason:
            self.window.show_message(reason, 15000)
            return
        assert self.manager is not None
        # Generate is held from this moment until the last frame is in place (or refused): a Generate
        # pressed meanwhile would send the start frame shown now, linked to nothing.
        taking = translate("Controller", "Taking the last frame…")
        self.frames.taking_started(taking)
        self.window.show_message(taking)
        self.background.spawn(self._continue(self.manager, record, taking), f"continue-{record.id}")

    async def _continue(self, manager: TaskManager, record: TaskRecord, taking: str) -> None:
        try:
            await self._take_last_frame(manager, record)
        finally:
            self.frames.taking_ended(taking)

    async def _take_last_frame(self, manager: TaskManager, record: TaskRecord) -> None:
        try:
            image = await manager.last_frame(record)
        except CannotContinue as exc:  # the file went, or it does not decode
            self.window.show_message(str(exc), 15000)
            return
        if self.manager is not manager:
            return  # the session closed meanwhile
        typed = self.window.form.prompt_text().strip()
        # What the user has typed for the next clip stays; the parent's own prompt is cleared.
        prompt = typed if typed and typed != record.prompt.strip() else ""
        start = self.frames.start
        self.frames.end.clear()  # the parent's end frame is where it arrived, not where the next one goes
        start.put(image, Framing(mode=start.framing.mode))
        self.form.continue_with(continued_request(record, prompt), record.task_id or "", image)
        self.window.show_message(
            translate(
                "Controller", "The last frame of “{prompt}” is the start frame: describe what happens next"
            ).format(prompt=excerpt(record.prompt, 40)),
            15000,
        )


async def _load_in_worker() -> None:
    await asyncio.sleep(PYAV_DELAY_SECONDS)
    await asyncio.to_thread(importlib.import_module, CLIP_FRAMES)
