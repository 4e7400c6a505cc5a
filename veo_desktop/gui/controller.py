"""The window's controller: it decides. The widgets present state and forward intent as signals; every
slow step (reading an image, talking to the service) runs as a named background task, off the UI."""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QSystemTrayIcon

from veo_desktop import paths
from veo_desktop.api import errors, rules
from veo_desktop.api.rules import Field
from veo_desktop.core.describe import excerpt
from veo_desktop.core.estimate import RenderTimes
from veo_desktop.core.framing import Framing, frame_image, needs_framing
from veo_desktop.core.history import TaskRecord
from veo_desktop.core.images import (
    ImageRejected,
    PreparedImage,
    prepare_image,
    prepare_image_bytes,
    size_words,
)
from veo_desktop.core.manager import TaskIdNotSaved
from veo_desktop.core.output_folder import OutputFolderUnusable
from veo_desktop.core.posters import PosterFailed, grab_poster
from veo_desktop.core.prompts import PromptBook
from veo_desktop.core.provenance import read_sidecar
from veo_desktop.gui.background import BackgroundTasks
from veo_desktop.gui.bridge import TaskBridge
from veo_desktop.gui.gallery import GALLERY_LIMIT, GalleryModel
from veo_desktop.gui.main_window import MainWindow
from veo_desktop.gui.prompt_picker import PromptPicker
from veo_desktop.gui.task_model import PAGE, TaskListModel
from veo_desktop.gui.window_state import WindowState
from veo_desktop.i18n import translate
from veo_desktop.session import Session

log = logging.getLogger(__name__)
IMAGE_PATTERNS = " (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff);;* (*)"


class MainController(QObject):
    def __init__(
        self,
        window: MainWindow,
        model: TaskListModel,
        gallery: GalleryModel,
        state: WindowState,
        prompts: PromptBook | None = None,
    ) -> None:
        super().__init__(window)
        self.prompts = prompts or PromptBook(paths.prompts_file())
        self.window = window
        self.model = model
        self.model.page_loaded.connect(self._load_thumbnails)
        self.gallery = gallery
        self.previewing: int | None = None
        self.state = state
        self.session: Session | None = None
        self.bridge: TaskBridge | None = None
        self.background = BackgroundTasks(on_error=self._background_failed)
        self.image: PreparedImage | None = None
        self.framing = Framing()
        # The last upload worked out for the report under the image: (inputs, what would be sent).
        self.upload: tuple[tuple[object, ...], PreparedImage] | None = None
        self.measuring = False
        self.loading_image = False
        self.submitting = False
        self.refusal = ""  # why the service refused the last submission, shown until the next one
        self.no_session_reason = ""
        self.tray: QSystemTrayIcon | None = None
        self.notifications = True
        form = window.form
        form.choicesChanged.connect(self.on_choice)
        form.prompt.textChanged.connect(self.refresh)
        form.generateRequested.connect(self.generate)
        form.promptsRequested.connect(self.open_prompts)
        form.savePromptRequested.connect(self.save_prompt)
        zone = window.drop_zone
        zone.filesChosen.connect(self.take_files)
        zone.imageDataChosen.connect(self.take_image_data)
        zone.browseRequested.connect(self.browse)
        zone.clearRequested.connect(self.clear_image)
        zone.framingModeChosen.connect(self.set_framing_mode)
        zone.cropMoved.connect(self.move_crop)
        window.pasteRequested.connect(self.paste)
        window.importRequested.connect(self.ask_import)
        window.taskAction.connect(self.on_task_action)
        window.gallery.selected.connect(self.preview_record)
        window.gallery.opened.connect(self.open_externally)
        window.preview.downloadAgainRequested.connect(self.download_again)
        window.closing.connect(window.preview.release)
        self.clock = QTimer(self)
        self.clock.setInterval(1000)
        self.clock.timeout.connect(model.tick)
        self.clock.timeout.connect(self.show_cooldown)
        self.clock.timeout.connect(self.adopt)
        self.adopting = False
        self.clock.start()
        state.restore_choices(form)
        self.on_choice("resolution")

    # ----- session ------------------------------------------------------------------------------

    def attach(self, session: Session) -> None:
        """Show this session's history and follow its unfinished tasks."""
        self.session = session
        self.no_session_reason = ""
        self.window.show_no_key("")
        if session.connection.demo:
            self.window.setWindowTitle(translate("Controller", "Veo Desktop — offline demo"))
        if session.store.recovered_from is not None:
            self.window.show_message(str(session.store.recovered_from), 20000)
        self.bridge = TaskBridge(session.manager, self)
        self.bridge.added.connect(self._record_added)
        self.bridge.changed.connect(self._record_changed)
        self.bridge.removed.connect(lambda r: self.model.remove(r.id))
        self.bridge.progress.connect(self.model.set_progress)
        store = session.store
        first_page = store.records(limit=PAGE)
        self.model.load(first_page, lambda last, n: store.records(limit=n, older_than=last))
        finished = store.records(states=("completed",), limit=GALLERY_LIMIT)
        self.model.render_times = RenderTimes.from_history(finished)
        self.gallery.load(finished)
        self._load_thumbnails(first_page)
        self._load_posters(self.gallery.records())
        self._show_spend()
        self.background.spawn(session.manager.resume(), "resume")
        self.refresh()

    def detach_reason(self, message: str) -> None:
        """No session (no key): say so, and offer the demo."""
        self.no_session_reason = translate(
            "Controller", "Add an API key (APIYI_API_KEY) or try the offline demo"
        )
        self.window.show_no_key(message)
        self.refresh()

    async def detach(self) -> None:
        """Close this session (before switching key, address or demo): the history stays on disk."""
        if self.bridge is not None:
            self.bridge.detach()
            self.bridge = None
        session, self.session = self.session, None
        if session is not None:
            await session.aclose()
        self.model.load([])
        self.gallery.load([])
        self.window.preview.stop()
        self.window.setWindowTitle(translate("Controller", "Veo Desktop"))
        self.refresh()

    async def shutdown(self) -> None:
        self.clock.stop()
        self.window.preview.release()
        self.state.save_choices(self.window.form)
        await self.background.aclose()
        if self.bridge is not None:
            self.bridge.detach()
        if self.session is not None:
            await self.session.aclose()

    def _background_failed(self, name: str, exc: BaseException) -> None:
        self.window.show_message(
            translate("Controller", "Something went wrong ({name}): {exc}").format(name=name, exc=exc)
        )

    # ----- the form -----------------------------------------------------------------------------

    def on_choice(self, field_name: str) -> None:
        form = self.window.form
        request = form.request()
        if field_name == "resolution":
            adjusted = rules.adjust(request)
            if adjusted.notes:
                form.select("seconds", adjusted.request.seconds)
                request = adjusted.request
            form.show_note(" ".join(adjusted.notes))
        form.show_options(rules.option_states(request))
        form.show_cost(
            translate("Controller", "This video: {price} (failed tasks are free)").format(
                price=rules.MODELS[request.model].price_text
            )
        )
        self.refresh()
        self.show_framing()

    def generate_blocker(self) -> str:
        """Why Generate cannot run now, in words; empty when it can."""
        if self.session is None:
            return self.no_session_reason or translate("Controller", "Starting…")
        if self.loading_image:
            return translate("Controller", "Reading the image…")
        if self.submitting:
            return translate("Controller", "Submitting…")
        if not self.window.form.prompt.toPlainText().strip():
            return translate("Controller", "Describe the motion first")
        return ""

    def refresh(self) -> None:
        reason = self.generate_blocker()
        label = (
            translate("Controller", "Generate video")
            if self.image is not None
            else translate("Controller", "Generate from text (no image)")
        )
        self.window.form.show_generate(enabled=not reason, label=label, reason=reason or self.refusal)

    def _request(self) -> rules.VideoRequest | None:
        form = self.window.form
        try:
            seed = rules.parse_seed(form.seed.text())
        except ValueError as exc:
            form.show_generate(enabled=True, label=form.generate.text(), reason=str(exc))
            return None
        request = replace(form.request(), seed=seed)
        found = rules.problems(request)
        if found:
            form.show_generate(enabled=True, label=form.generate.text(), reason="; ".join(found))
            return None
        return request

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
        self.background.spawn(self._submit([(request, self.image)], self.framing), "submit")

    async def _submit(
        self, jobs: list[tuple[rules.VideoRequest, PreparedImage | None]], framing: Framing
    ) -> None:
        assert self.session is not None
        try:
            for request, image in jobs:
                try:
                    sent = await self._framed(image, request, framing) if image is not None else None
                    await self.session.manager.submit(request, sent)
                except (errors.VeoError, OutputFolderUnusable, TaskIdNotSaved) as exc:
                    # Refused before sending, refused by the service, or taken by it with an id the
                    # history could not keep: the words (and that id) stay under Generate.
                    self.refusal = str(exc)
                    self.window.show_message(str(exc), 0 if isinstance(exc, TaskIdNotSaved) else 8000)
                    return
        finally:
            self.submitting = False
            self.refresh()

    # ----- images -------------------------------------------------------------------------------

    def take_files(self, files: list[Path]) -> None:
        if len(files) == 1 and files[0].suffix.lower() == ".json":
            self.reuse_settings_file(files[0])
        elif len(files) == 1:
            self.background.spawn(self._load(files[0].name, lambda: prepare_image(files[0])), "read-image")
        elif files:
            self.background.spawn(self._batch(files), "read-batch")

    def take_image_data(self, data: bytes, name: str) -> None:
        self.background.spawn(self._load(name, lambda: prepare_image_bytes(data, name)), "read-image")

    async def _load(self, name: str, read: Callable[[], PreparedImage]) -> None:
        self.loading_image = True
        self.window.drop_zone.show_loading(name)
        self.refresh()
        try:
            prepared = await asyncio.to_thread(read)
        except ImageRejected as exc:
            self.window.drop_zone.show_error(str(exc))
            if self.image is not None:
                self.window.drop_zone.show_image(self.image)
                self.window.drop_zone.show_error(str(exc))
        else:
            self.image = prepared
            self.framing = Framing(mode=self.framing.mode)  # a new picture: the crop box back in the middle
            self.window.drop_zone.show_image(prepared)
        finally:
            self.loading_image = False
            self.refresh()
            self.show_framing()

    async def _batch(self, files: list[Path]) -> None:
        request = self._request()
        if not self.window.form.prompt.toPlainText().strip() or request is None:
            self.window.drop_zone.show_error(
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
            self.window.drop_zone.show_error(
                translate("Controller", "None of these can be used: ") + "; ".join(bad)
            )
            return
        total = rules.format_cents(request.price_cents * len(good))
        text = translate(
            "Controller",
            "Make {count} videos, one per image, with the same prompt and settings?\nCost: {total}.",
        ).format(count=len(good), total=total)
        if bad:
            text += "\n\n" + translate("Controller", "Left out:") + "\n" + "\n".join(bad)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            translate("Controller", "Generate several videos"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self.window,
        )
        box.setObjectName("batchConfirm")
        box.button(QMessageBox.StandardButton.Yes).setText(
            translate("Controller", "Generate {count} videos ({total})").format(count=len(good), total=total)
        )
        if await _answer(box) != QMessageBox.StandardButton.Yes:
            return
        self.submitting = True
        self.refresh()
        await self._submit([(request, image) for image in good], Framing(mode=self.framing.mode))

    def clear_image(self) -> None:
        self.image = None
        self.window.drop_zone.show_empty()
        self.refresh()

    # ----- framing ------------------------------------------------------------------------------

    def set_framing_mode(self, mode: str) -> None:
        self.framing = replace(self.framing, mode="fit" if mode == "fit" else "crop")
        self.show_framing()

    def move_crop(self, x: float, y: float) -> None:
        self.framing = replace(self.framing, center_x=x, center_y=y)
        self.show_framing()

    def show_framing(self) -> None:
        """Show how the image will be framed for the chosen shape, and what will be uploaded."""
        image = self.image
        if image is None:
            return
        request = self.window.form.request()
        differs = needs_framing(image.width, image.height, request.aspect_ratio)
        note = ""
        if differs:
            note = (
                translate(
                    "Controller",
                    "Cropped to {shape}: drag the box (or use the arrow keys) to choose what stays.",
                )
                if self.framing.mode == "crop"
                else translate("Controller", "Fitted whole into {shape}, with black bars.")
            ).format(shape=request.aspect_ratio)
        self.window.drop_zone.show_framing(request.aspect_ratio if differs else None, self.framing, note)
        if not self.measuring:
            self.measuring = True
            self.background.spawn(self._measure_upload(), "measure-upload")

    def _upload_inputs(
        self, image: PreparedImage, request: rules.VideoRequest, framing: Framing
    ) -> tuple[object, ...]:
        # The source's hash, never id(): a freed image's id can come back for another picture.
        return (image.sha256, image.source_name, request.size, request.aspect_ratio, framing)

    async def _framed(
        self, image: PreparedImage, request: rules.VideoRequest, framing: Framing
    ) -> PreparedImage:
        """What is uploaded for this image (the one the report under the image measured, when current)."""
        inputs = self._upload_inputs(image, request, framing)
        if self.upload is not None and self.upload[0] == inputs:
            return self.upload[1]
        framed = await asyncio.to_thread(frame_image, image, request.size, request.aspect_ratio, framing)
        self.upload = (inputs, framed)
        return framed

    async def _measure_upload(self) -> None:
        """One measurement at a time; when the inputs moved on meanwhile (a drag), measure again."""
        try:
            while self.image is not None:
                image, request, framing = self.image, self.window.form.request(), self.framing
                framed = await self._framed(image, request, framing)
                if (self.image, self.window.form.request(), self.framing) == (image, request, framing):
                    self.window.drop_zone.show_upload(_upload_text(framed))
                    return
        finally:
            self.measuring = False

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not self.window.drop_zone.take(mime):
            self.window.drop_zone.show_error(translate("Controller", "The clipboard holds no image"))

    def browse(self) -> None:
        dialog = QFileDialog(
            self.window,
            translate("Controller", "Choose a reference image"),
            self.state.last_folder(),
            translate("Controller", "Images") + IMAGE_PATTERNS,
        )
        dialog.setObjectName("openImageDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)

        def chosen(paths: list[str]) -> None:
            if paths:
                self.state.set_last_folder(str(Path(paths[0]).parent))
                self.take_files([Path(p) for p in paths])

        dialog.filesSelected.connect(chosen)
        dialog.open()

    # ----- tasks --------------------------------------------------------------------------------

    def ask_import(self) -> None:
        dialog = QInputDialog(self.window)
        dialog.setObjectName("importDialog")
        dialog.setWindowTitle(translate("Controller", "Import a task id"))
        dialog.setLabelText(
            translate("Controller", "Task id (from your provider console or an earlier run):")
        )
        dialog.textValueSelected.connect(self.import_task)
        dialog.open()

    def import_task(self, task_id: str) -> None:
        if self.session is None:
            self.window.show_message(self.no_session_reason)
            return
        self.background.spawn(self._reporting(self.session.manager.import_task(task_id)), "import")

    async def _reporting(self, work: Awaitable[object]) -> None:
        """Run one thing the user asked the task manager for; a refusal goes to the status bar."""
        try:
            await work
        except (ValueError, errors.VeoError) as exc:
            self.window.show_message(str(exc))

    def on_task_action(self, action: str, local_id: int) -> None:
        if self.session is None:
            return
        record = self.session.store.get(local_id)
        if record is None:
            return
        if action == "play":
            self.preview_record(record)
        elif action == "reveal":
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(record.output_path).parent)))
        elif action == "copy_id" and record.task_id:
            self.window.copy_text(record.task_id)
            self.window.show_message(
                translate("Controller", "Copied {task_id}").format(task_id=record.task_id)
            )
        elif action == "retry" and record.state == "unknown":
            self.background.spawn(self._send_again(self.session, record), f"send-again-{local_id}")
        elif action == "retry":
            self.background.spawn(self._reporting(self.session.manager.retry(local_id)), f"retry-{local_id}")
        elif action == "follow":
            self.background.spawn(
                self._reporting(self.session.manager.follow_again(local_id)), f"follow-{local_id}"
            )
        elif action == "reuse":
            self.reuse(record)
        elif action == "stop":
            self.background.spawn(self._stop(self.session, record), f"stop-{local_id}")

    async def _send_again(self, session: Session, record: TaskRecord) -> None:
        """A submission whose outcome is unknown may already be at the service: sending it again may
        bill twice, so only after the user has read that and said yes."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            translate("Controller", "Send again?"),
            translate(
                "Controller",
                "No usable answer came back when “{prompt}” was sent, so the service may already have "
                "this task, and will bill it when it completes. Look for it in your provider's console "
                "first (File → Import task id fetches it). Sending it again may be billed twice.",
            ).format(prompt=excerpt(record.prompt, 40)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self.window,
        )
        box.setObjectName("sendAgainConfirm")
        box.button(QMessageBox.StandardButton.Yes).setText(translate("Controller", "Send again"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        if await _answer(box) == QMessageBox.StandardButton.Yes:
            await self._reporting(session.manager.retry(record.id))

    async def _stop(self, session: Session, record: TaskRecord) -> None:
        try:
            await session.manager.stop_tracking(record.id)
        except ValueError as exc:  # another Veo Desktop follows it
            self.window.show_message(str(exc))
            return
        message = (
            translate("Controller", "Stopped waiting for “{prompt}”; its task id is kept")
            if record.active and record.task_id
            else translate("Controller", "Removed “{prompt}” from the list")
        )
        self.window.show_message(message.format(prompt=excerpt(record.prompt, 40)))

    def reuse(self, record: TaskRecord) -> None:
        """Put a task's prompt, settings and image back into the form (the seed too, when it had one)."""
        self._fill_form(record.request, record.seed)
        if record.image_copy and Path(record.image_copy).exists():
            copy = Path(record.image_copy)
            name = record.image_name or copy.name
            self.background.spawn(
                self._load(name, lambda: prepare_image_bytes(copy.read_bytes(), name)), "read-image"
            )
        elif not record.image_name:
            self.clear_image()

    def open_prompts(self) -> PromptPicker:
        recent = self.session.store.recent_prompts() if self.session is not None else []
        picker = PromptPicker(self.prompts.saved(), recent, self.window)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.chosen.connect(self.window.form.prompt.setPlainText)
        picker.show()
        return picker

    def save_prompt(self) -> None:
        prompt = self.window.form.prompt.toPlainText().strip()
        if not prompt:
            self.window.show_message(translate("Controller", "Type a prompt first, then save it"))
            return
        try:
            self.prompts.save(prompt)
        except OSError as exc:
            self.window.show_message(
                translate("Controller", "Could not save the prompt: {reason}").format(
                    reason=exc.strerror or exc
                )
            )
            return
        self.window.show_message(
            translate("Controller", "Saved “{prompt}”").format(prompt=excerpt(prompt, 40))
        )

    def reuse_settings_file(self, path: Path) -> None:
        """A provenance file (the ``.json`` beside a video) dropped or opened: its settings, no seed."""
        try:
            reused = read_sidecar(path)
        except ValueError as exc:
            self.window.drop_zone.show_error(str(exc))
            return
        self._fill_form(reused.request, None)
        message = translate("Controller", "Settings from {name} are in the form").format(name=path.name)
        if reused.seed is not None:
            message += translate(
                "Controller", "; its seed ({seed}) was left out: type it in to repeat the video exactly"
            ).format(seed=reused.seed)
        self.window.show_message(message, 15000)

    def _fill_form(self, request: rules.VideoRequest, seed: int | None) -> None:
        form = self.window.form
        form.prompt.setPlainText(request.prompt)
        form.negative_prompt.setText(request.negative_prompt)
        form.seed.setText("" if seed is None else str(seed))
        fields: list[tuple[Field, str]] = [
            ("model", request.model),
            ("resolution", request.resolution),
            ("seconds", request.seconds),
            ("aspect_ratio", request.aspect_ratio),
        ]
        for field_name, value in fields:
            if value:
                form.select(field_name, value)
        self.on_choice("seconds")

    def _record_added(self, record: TaskRecord) -> None:
        self.model.upsert(record)
        self._load_thumbnails([record])

    def _record_changed(self, record: TaskRecord) -> None:
        before = self.model.row_of(record.id)
        was = self.model.record_at(before).state if before >= 0 else ""
        self.model.upsert(record)
        self.gallery.upsert(record)
        if record.state == "completed" and was != "completed":
            self._show_spend()
            self._notify(record)
            self._load_posters([record])
            self.preview_record(record)  # a video that just arrived plays at once

    # ----- preview and gallery ------------------------------------------------------------------

    def preview_record(self, record: TaskRecord | None) -> None:
        if record is None:
            return
        self.previewing = record.id
        reference = QImage(record.image_copy) if record.image_copy else None
        if record.state != "completed" or not record.output_path:
            self.window.preview.show_problem(translate("Controller", "This task has no video yet."))
            return
        self.window.preview.play_file(Path(record.output_path), reference)
        if not Path(record.output_path).exists():
            self.gallery.set_poster(record.output_path, None)

    def open_externally(self, record: TaskRecord | None) -> None:
        if record is not None and Path(record.output_path).exists():
            QDesktopServices.openUrl(QUrl.fromLocalFile(record.output_path))

    def download_again(self) -> None:
        if self.session is not None and self.previewing is not None:
            self.window.preview.show_problem(translate("Controller", "Downloading again…"))
            self.background.spawn(self.session.manager.download_again(self.previewing), "download-again")

    def _load_posters(self, records: list[TaskRecord]) -> None:
        for record in records:
            if record.output_path and self.gallery.wants_poster(record.output_path):
                self.background.spawn(self._poster(record.output_path), "poster")

    async def _poster(self, output_path: str) -> None:
        try:
            poster = await asyncio.to_thread(grab_poster, Path(output_path), paths.posters_dir())
        except PosterFailed:
            self.gallery.set_poster(output_path, None)
            return
        self.gallery.set_poster(output_path, QImage(str(poster)))

    def _notify(self, record: TaskRecord) -> None:
        if (
            not self.notifications
            or self.window.isActiveWindow()
            or not QSystemTrayIcon.isSystemTrayAvailable()
        ):
            return
        if self.tray is None:
            self.tray = QSystemTrayIcon(self.window.windowIcon(), self)
            self.tray.show()
        self.tray.showMessage(translate("Controller", "Your video is ready"), excerpt(record.prompt, 80))

    def adopt(self) -> None:
        """Tasks another Veo Desktop follows (a command in a terminal): show what it does, take them over
        when it ends."""
        if self.session is None or not self.session.manager.elsewhere or self.adopting:
            return
        self.adopting = True
        self.background.spawn(self._adopt(self.session), "adopt")

    async def _adopt(self, session: Session) -> None:
        try:
            await session.manager.adopt()
        finally:
            self.adopting = False

    def show_cooldown(self) -> None:
        left = self.session.client.cooldown_until - time.monotonic() if self.session is not None else 0.0
        self.window.show_cooldown(math.ceil(left) if left > 0 else 0)

    def _show_spend(self) -> None:
        if self.session is None:
            return
        spend = self.session.store.spend()
        today, month = rules.format_cents(spend.today_cents), rules.format_cents(spend.month_cents)
        self.window.spend.setText(
            translate("Controller", "Spent today {today} · this month {month}").format(
                today=today, month=month
            )
        )

    def _load_thumbnails(self, records: list[TaskRecord]) -> None:
        wanted = {r.image_copy for r in records if self.model.wants_thumbnail(r.image_copy)}
        for path in wanted:
            self.background.spawn(self._thumbnail(path), "thumbnail")

    async def _thumbnail(self, path: str) -> None:
        image = await asyncio.to_thread(_read_thumbnail, path)
        if not image.isNull():
            self.model.set_thumbnail(path, image)


def _upload_text(framed: PreparedImage) -> str:
    sent = len(framed.reference.data)
    text = translate("Controller", "Uploads {width} x {height} px, {size}").format(
        width=framed.width, height=framed.height, size=size_words(sent)
    )
    if framed.scaled_from is not None and framed.scaled_from[2] > sent:
        saved = size_words(framed.scaled_from[2] - sent)
        text += translate("Controller", " ({size} less than the image)").format(size=saved)
    return text


def _read_thumbnail(path: str) -> QImage:
    image = QImage(path)
    if image.isNull():
        return image
    return image.scaled(
        128, 128, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


async def _answer(box: QMessageBox) -> int:
    """Open a question without blocking the event loop; the button the user chose."""
    answer: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    box.finished.connect(lambda code: None if answer.done() else answer.set_result(code))
    box.open()
    try:
        return await answer
    finally:
        box.deleteLater()  # a question is asked once; the next one is a new box
