"""The form and submitting: which options the rules allow, whether Generate can run (and why not), sending
one video or a batch of images, and putting a task's or a settings file's request back in the form."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject

from veo_desktop.api import errors, rules
from veo_desktop.core.framing import Framing
from veo_desktop.core.images import ImageRejected, PreparedImage, prepare_image
from veo_desktop.core.manager import TaskIdNotSaved, TaskManager
from veo_desktop.core.output_folder import OutputFolderUnusable
from veo_desktop.core.provenance import read_sidecar
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.gui import dialogs
from veo_desktop.gui.background import BackgroundTasks
from veo_desktop.gui.image_controller import ImageController
from veo_desktop.gui.main_window import MainWindow
from veo_desktop.gui.window_state import WindowState
from veo_desktop.i18n import translate

Job = tuple[rules.VideoRequest, PreparedImage | None]


class FormController(QObject):
    def __init__(
        self, window: MainWindow, images: ImageController, state: WindowState, background: BackgroundTasks
    ) -> None:
        super().__init__(window)
        self.window = window
        self.form = window.form
        self.images = images
        self.state = state
        self.background = background
        self.manager: TaskManager | None = None
        self.no_session_reason = ""
        self.submitting = False
        self.refusal = ""  # why the service refused the last submission, shown until the next one
        self.form.choicesChanged.connect(self.on_choice)
        self.form.promptChanged.connect(self.refresh)
        self.form.generateRequested.connect(self.generate)
        images.changed.connect(self.refresh)
        images.settingsFileChosen.connect(self.reuse_settings_file)
        images.batchChosen.connect(lambda files: self.background.spawn(self._batch(files), "read-batch"))
        self.form.choose(state.saved_choices())
        self.on_choice("resolution")

    # ----- the session --------------------------------------------------------------------------

    def attach(self, manager: TaskManager) -> None:
        self.manager = manager
        self.no_session_reason = ""
        self.refresh()

    def detach(self) -> None:
        """The session is closing: nothing more is sent (Generate shows it at the next refresh)."""
        self.manager = None

    def no_session(self, reason: str) -> None:
        """No session to be had (no key): ``reason`` says what to do about it, instead of "Starting…"."""
        self.no_session_reason = reason
        self.refresh()

    def save_choices(self) -> None:
        self.state.save_choices(self.form.choices())

    # ----- what the form shows ------------------------------------------------------------------

    def on_choice(self, field_name: str) -> None:
        request = self.form.request()
        if field_name == "resolution":
            adjusted = rules.adjust(request)
            if adjusted.notes:
                self.form.select("seconds", adjusted.request.seconds)
                request = adjusted.request
            self.form.show_note(" ".join(adjusted.notes))
        self.form.show_options(rules.option_states(request))
        self.form.show_cost(
            translate("Controller", "This video: {price} (failed tasks are free)").format(
                price=rules.MODELS[request.model].price_text
            )
        )
        self.refresh()
        self.images.show_framing()

    def generate_blocker(self) -> str:
        """Why Generate cannot run now, in words; empty when it can."""
        if self.manager is None:
            return self.no_session_reason or translate("Controller", "Starting…")
        if self.images.loading:
            return translate("Controller", "Reading the image…")
        if self.submitting:
            return translate("Controller", "Submitting…")
        if not self.form.prompt_text().strip():
            return translate("Controller", "Describe the motion first")
        return ""

    def refresh(self) -> None:
        reason = self.generate_blocker()
        label = (
            translate("Controller", "Generate video")
            if self.images.image is not None
            else translate("Controller", "Generate from text (no image)")
        )
        self.form.show_generate(enabled=not reason, label=label, reason=reason or self.refusal)

    def _request(self) -> rules.VideoRequest | None:
        """The form's request with its seed, or None (and the reason under Generate) when refused."""
        try:
            seed = rules.parse_seed(self.form.seed_text())
        except ValueError as exc:
            self.form.show_why_not(str(exc))
            return None
        request = replace(self.form.request(), seed=seed)
        found = rules.problems(request)
        if found:
            self.form.show_why_not("; ".join(found))
            return None
        return request

    # ----- submitting ---------------------------------------------------------------------------

    def generate(self) -> None:
        if self.generate_blocker():
            self.refresh()
            return
        request = self._request()
        if request is None:
            return
        self.submitting = True  # set before anything awaits: a double click submits once
        self.refusal = ""
        self.refresh()
        self.background.spawn(self._submit([(request, self.images.image)], self.images.framing), "submit")

    async def _submit(self, jobs: list[Job], framing: Framing) -> None:
        try:
            for request, image in jobs:
                assert self.manager is not None
                try:
                    sent = await self.images.framed(image, request, framing) if image is not None else None
                    await self.manager.submit(request, sent)
                except (errors.VeoError, OutputFolderUnusable, TaskIdNotSaved) as exc:
                    # Refused before sending, refused by the service, or taken by it with an id the
                    # history could not keep: the words (and that id) stay under Generate.
                    self.refusal = str(exc)
                    self.window.show_message(str(exc), 0 if isinstance(exc, TaskIdNotSaved) else 8000)
                    return
        finally:
            self.submitting = False
            self.refresh()

    async def _batch(self, files: list[Path]) -> None:
        """Several images dropped at once: one video each, with the form's prompt and settings."""
        zone = self.window.drop_zone
        request = self._request()
        if not self.form.prompt_text().strip() or request is None:
            zone.show_error(
                translate(
                    "Controller",
                    "{count} images: write the prompt and pick the settings first, then drop them again",
                ).format(count=len(files))
            )
            return
        results = await asyncio.gather(
            *(asyncio.to_thread(prepare_image, f) for f in files), return_exceptions=True
        )
        good = [r for r in results if isinstance(r, PreparedImage)]
        bad = [str(r) for r in results if isinstance(r, ImageRejected)]
        if not good:
            zone.show_error(translate("Controller", "None of these can be used: ") + "; ".join(bad))
            return
        total = rules.format_cents(request.price_cents * len(good))
        if not await dialogs.confirm_batch(self.window, len(good), total, bad):
            return
        self.submitting = True
        self.refresh()
        await self._submit([(request, image) for image in good], Framing(mode=self.images.framing.mode))

    # ----- reusing a request --------------------------------------------------------------------

    def reuse(self, record: TaskRecord) -> None:
        """Put a task's prompt, settings and image back into the form (the seed too, when it had one)."""
        self._fill(record.request, record.seed)
        if record.image_copy and Path(record.image_copy).exists():
            copy = Path(record.image_copy)
            self.images.take_copy(copy, record.image_name or copy.name)
        elif not record.image_name:
            self.images.clear()

    def reuse_settings_file(self, path: Path) -> None:
        """A provenance file (the ``.json`` beside a video) dropped or opened: its settings, no seed."""
        try:
            reused = read_sidecar(path)
        except ValueError as exc:
            self.window.drop_zone.show_error(str(exc))
            return
        self._fill(reused.request, None)
        message = translate("Controller", "Settings from {name} are in the form").format(name=path.name)
        if reused.seed is not None:
            message += translate(
                "Controller", "; its seed ({seed}) was left out: type it in to repeat the video exactly"
            ).format(seed=reused.seed)
        self.window.show_message(message, 15000)

    def _fill(self, request: rules.VideoRequest, seed: int | None) -> None:
        self.form.fill(request, seed)
        self.on_choice("seconds")
