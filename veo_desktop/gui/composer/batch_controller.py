"""Several images dropped at once: one video each, with the form's prompt and settings, and the end frame,
when one is set, as each one's end frame. Generate's checks come first, at the moment of the drop (a
session, the window started, nothing being taken or sent), before any cost is asked; then the images are
read, their cost asked, and the videos sent through the form (:class:`FormController`). What may go and
what it costs are :mod:`veo_desktop.core.composer.batch`'s; this binds them to the drop zone and the
question asked."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject

from veo_desktop.core.clips.images import prepare_image
from veo_desktop.core.composer import batch as policy
from veo_desktop.core.composer.batch import Job
from veo_desktop.core.composer.form_policy import batch_busy_reason
from veo_desktop.gui.common import dialogs
from veo_desktop.gui.composer.form_controller import FormController


class BatchController(QObject):
    def __init__(self, form: FormController) -> None:
        super().__init__(form)
        self.form = form
        self.frames = form.frames
        self.window = form.window
        self.frames.start.batchChosen.connect(self.batch)

    def batch(self, files: list[Path]) -> None:
        """The drop: refused at once, in words in the drop zone, when nothing can be sent now (a drop
        made while the window starts is never sent later); else read and asked about in the background."""
        form = self.form
        reason = batch_busy_reason(form.form_state())
        if reason:
            self.window.drop_zone.show_error(policy.not_sent(len(files), reason))
            return
        form.batching = True  # before anything awaits: a second drop meanwhile is refused
        form.refresh()
        form.background.spawn(self._batch(files), "read-batch")

    async def _batch(self, files: list[Path]) -> None:
        form = self.form
        jobs: list[Job] = []
        try:
            jobs = await self._batch_jobs(files)
        finally:
            form.batching = False
            form.submitting = bool(jobs)  # from the answer to the sending, with no moment between
            form.refresh()
        if jobs:
            form.refusal = ""
            await form.submit_jobs(jobs)

    async def _batch_jobs(self, files: list[Path]) -> list[Job]:
        """The batch's videos, once the user has read their cost and said yes (none: said why not)."""
        form = self.form
        zone = self.window.drop_zone
        results = await asyncio.gather(
            *(asyncio.to_thread(prepare_image, f) for f in files), return_exceptions=True
        )
        await self._frames_read()  # an end frame dropped just before: the videos end on it, and say so
        # The end frame as it is now is the one named in the question, and the one sent.
        end = self.frames.end
        end_image, end_framing = end.image, end.framing
        state = replace(form.form_state(), start=True, end=end_image is not None)
        plan = policy.plan(state, results, free=form.free_text())
        if plan.why_not:
            form.form.show_why_not(plan.why_not)
        if plan.refusal:
            zone.show_error(plan.refusal)
            return []
        ending = end_image.source_name if end_image is not None else ""
        if not await dialogs.confirm_batch(self.window, len(plan.good), plan.total, list(plan.bad), ending):
            return []
        if form.manager is None:  # the session closed while the question was open
            zone.show_error(policy.not_sent(len(files), form.busy_reason()))
            return []
        return policy.jobs(plan, self.frames.start.framing.mode, end_image, end_framing)

    async def _frames_read(self) -> None:
        """Until neither frame is being read (each reading ends with its picture, or with why not)."""
        while self.frames.loading:
            await self._next_frames_change()

    async def _next_frames_change(self) -> None:
        changed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def seen() -> None:
            if not changed.done():
                changed.set_result(None)

        self.frames.changed.connect(seen)
        try:
            await changed
        finally:
            self.frames.changed.disconnect(seen)
