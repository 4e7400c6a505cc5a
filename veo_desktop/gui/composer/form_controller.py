"""The form and submitting: the form's state given to its rules (:mod:`veo_desktop.core.composer.form_policy`:
which options the rules allow for the chosen model and frames, whether Generate can run and why not, the
request sent) and their answer shown; sending one video (or a batch's, from
:mod:`veo_desktop.gui.composer.batch_controller`), with the pause after it
(:mod:`veo_desktop.core.composer.resend_guard`); and putting a task's or a settings file's request and
frames back in the form."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication

from veo_desktop.api import errors, rules
from veo_desktop.core.clips.images import PreparedImage
from veo_desktop.core.clips.provenance import Reused, read_sidecar
from veo_desktop.core.composer import form_policy
from veo_desktop.core.composer.batch import Job as Job
from veo_desktop.core.composer.form_policy import FormState
from veo_desktop.core.composer.resend_guard import ResendGuard
from veo_desktop.core.output_folder import OutputFolderUnusable
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.manager import TaskIdNotSaved, TaskManager
from veo_desktop.gui.common.background import BackgroundTasks
from veo_desktop.gui.common.window_state import WindowState
from veo_desktop.gui.composer.frames_controller import FramesController
from veo_desktop.i18n import translate

if TYPE_CHECKING:
    from veo_desktop.gui.shell.main_window import MainWindow  # the window these controls live in


class FormController(QObject):
    def __init__(
        self, window: MainWindow, frames: FramesController, state: WindowState, background: BackgroundTasks
    ) -> None:
        super().__init__(window)
        self.window = window
        self.form = window.form
        self.frames = frames
        self.images = frames.start
        self.state = state
        self.background = background
        self.manager: TaskManager | None = None
        self.no_session_reason = ""
        # While the window starts (:meth:`hold` to :meth:`opened`): nothing is sent, even with a session.
        self.starting = False
        self.submitting = False
        self.batching = False  # several images dropped: being read, or their cost asked
        # After a video is sent, Generate rests (at least a double click's interval) unless the form
        # changes: the second press of a double click, or a key held down, is not a second paid task.
        self.resend_guard = ResendGuard()
        self.resend_pause = QTimer(self)  # ends the rest on time, and shows Generate free again
        self.resend_pause.setSingleShot(True)
        self.resend_pause.timeout.connect(self.form_changed)
        self.refusal = ""  # why the service refused the last submission, shown until the next one
        self.continuing: tuple[str, str] | None = None  # the continued task's id, its last frame's hash
        # Any change to what would be sent (the prompts, a setting, the seed, a frame) ends the pause
        # after a submission; these come first, so what follows them shows Generate free again.
        for changed in (self.form.choicesChanged, self.form.promptChanged, frames.changed):
            changed.connect(self.form_changed)
        for box in (self.form.negative_prompt, self.form.seed):
            box.textChanged.connect(self.form_changed)
        self.form.choicesChanged.connect(self.on_choice)
        self.form.promptChanged.connect(self.refresh)
        self.form.generateRequested.connect(self.generate)
        frames.changed.connect(lambda: self.on_choice("frames"))  # the exact model follows the frames
        for images in (frames.start, frames.end):
            images.settingsFileChosen.connect(self.reuse_settings_file)
        window.end_panel.switchRequested.connect(self.switch_for_end_frame)
        self.on_choice("resolution")  # the settings as the form shows them (put back before its first paint)

    # ----- the session --------------------------------------------------------------------------

    def attach(self, manager: TaskManager) -> None:
        self.manager = manager
        self.no_session_reason = ""
        self.frames.free = self.free_text()
        self.form.show_prices(self.frames.free)
        self.on_choice("model")  # the cost, and the prices, as this session charges them

    def hold(self) -> None:
        """The window is starting: Generate says so and sends nothing until :meth:`opened`."""
        self.starting = True
        self.refresh()

    def opened(self) -> None:
        """Started, and the presses made meanwhile handled (each one dropped): Generate may send."""
        self.starting = False
        self.refresh()

    def free_text(self) -> str:
        """What every price reads in the offline demo, which charges nothing ("" in a real session)."""
        demo = self.manager is not None and self.manager.demo
        return translate("Controller", "free (demo)") if demo else ""

    def detach(self) -> None:
        """The session is closing: nothing more is sent (Generate shows it at the next refresh)."""
        self.manager = None

    def no_session(self, reason: str) -> None:
        """No session to be had (no key): ``reason`` says what to do about it, instead of "Starting…"."""
        self.no_session_reason = reason
        self.refresh()

    def save_choices(self) -> None:
        """The settings, and the prompt and frames as they are, for the next start."""
        self.state.save_choices(self.form.choices())
        both = (self.frames.start, self.frames.end)
        files = (str(images.source) if images.source and images.image else "" for images in both)
        self.state.save_draft(self.form.prompt_text(), *files)

    def restore_draft(self, *, start: bool = True, end: bool = True) -> None:
        """At start-up: the frames whose files are still there (``start``/``end`` False: that frame is
        given on the command line), as the window had them when it closed (the prompt and the settings
        came back before the first paint: :meth:`WindowState.restore_form`)."""
        _prompt, start_file, end_file = self.state.draft()
        for wanted, images, name in (
            (start, self.frames.start, start_file),
            (end, self.frames.end, end_file),
        ):
            if wanted and name and Path(name).is_file() and images.image is None:
                images.take_file(Path(name))

    # ----- what the form shows ------------------------------------------------------------------

    def on_choice(self, field_name: str) -> None:
        """A setting (``field_name``) or the frames changed: the exact model, what it fixes, what is
        greyed out and why, the end frame's panel and the cost follow."""
        start, end = self.frames.given
        shown = form_policy.options(self.form.request(), start=start, end=end, free=self.free_text())
        for name in form_policy.FIXABLE:
            self.form.select(name, getattr(shown.request, name))
        self.form.show_options(shown.states)
        self.form.show_fixed(shown.fixed)
        self.form.show_note(shown.note)
        self.form.show_extras(shown.extras)
        self.frames.show(shown.request)
        self.form.show_cost(shown.cost, shown.model_text)
        self.refresh()
        self.frames.show_framing()

    def switch_for_end_frame(self) -> None:
        """The one-click switch to the model of the same quality that takes an end frame."""
        choice = form_policy.end_frame_switch(self.form.request())
        if choice:
            self.form.select("model", choice)
            self.on_choice("model")

    def form_state(self) -> FormState:
        """What the form holds and what the window is doing now, for the form's rules."""
        start, end = self.frames.given
        return FormState(
            request=self.form.request(),
            seed_text=self.form.seed_text(),
            start=start,
            end=end,
            session=self.manager is not None,
            starting=self.starting,
            no_session_reason=self.no_session_reason,
            taking=self.frames.taking,
            loading=self.frames.loading,
            submitting=self.submitting,
            batching=self.batching,
            resting=self.resend_guard.resting,
            refusal=self.refusal,
        )

    def busy_reason(self, *, reading_waited_for: bool = False) -> str:
        """Why nothing can be sent at this moment, in words; empty when something can."""
        return form_policy.busy_reason(self.form_state(), reading_waited_for=reading_waited_for)

    def form_changed(self) -> None:
        """The form changed (or the pause after a submission is over): Generate may send again."""
        if self.resend_guard.changed():
            self.resend_pause.stop()
            self.refresh()

    def refresh(self) -> None:
        gate = form_policy.gate(self.form_state())
        self.form.show_generate(enabled=gate.enabled, label=gate.label, reason=gate.reason)

    def request_for(self, start: bool, end: bool) -> rules.VideoRequest | None:
        """The form's request for these frames, or None (and the reason under Generate) when refused."""
        built = form_policy.build_request(self.form.request(), self.form.seed_text(), start=start, end=end)
        if built.request is None:
            self.form.show_why_not(built.refusal)
        return built.request

    # ----- submitting ---------------------------------------------------------------------------

    def generate(self) -> None:
        if form_policy.generate_blocker(self.form_state()):
            if self.starting:  # a press (or one made before) while the window starts: dropped, and said
                message = translate("Controller", "Nothing was sent: {reason}")
                self.window.show_message(message.format(reason=self.busy_reason()), 8000)
            self.refresh()
            return
        request = self.request_for(*self.frames.given)
        if request is None:
            return
        self.submitting = True  # set before anything awaits: a double click submits once
        self.refusal = ""
        self.refresh()
        start, end = self.frames.start, self.frames.end
        job = Job(request, start.image, start.framing, end.image, end.framing, self.parent_of(start.image))
        self.background.spawn(self.submit_jobs([job]), "submit")

    async def submit_jobs(self, jobs: list[Job]) -> None:
        try:
            for number, job in enumerate(jobs):
                manager = self.manager
                if manager is None:  # the session closed meanwhile (another key, the demo): nothing more
                    self.window.show_message(
                        translate(
                            "Controller", "Not sent, the session closed: {count} of {total} videos"
                        ).format(count=len(jobs) - number, total=len(jobs)),
                        15000,
                    )
                    return
                try:
                    start = end = None
                    if job.start is not None:
                        start = await self.frames.start.framed(job.start, job.request, job.start_framing)
                    if job.end is not None:
                        end = await self.frames.end.framed(job.end, job.request, job.end_framing)
                    await manager.submit(job.request, start, end=end, parent_task_id=job.parent_task_id)
                except (errors.VeoError, OutputFolderUnusable, TaskIdNotSaved) as exc:
                    # Refused before sending, refused by the service, or taken by it with an id the
                    # history could not keep: the words (and that id) stay under Generate.
                    self.refusal = str(exc)
                    self.window.show_message(str(exc), 0 if isinstance(exc, TaskIdNotSaved) else 8000)
                    return
            # Sent: the same again needs a new action (a change to the form, or a moment's wait), never
            # the second press of a double click.
            interval = QGuiApplication.styleHints().mouseDoubleClickInterval()
            self.resend_pause.start(round(self.resend_guard.sent(interval / 1000) * 1000))
        finally:
            self.submitting = False
            self.refresh()

    # ----- reusing a request --------------------------------------------------------------------

    def reuse(self, record: TaskRecord) -> None:
        """Put a task's prompt, settings and frames back into the form (the seed too, when it had one)."""
        self._fill(record.request, record.seed)
        missing = self.frames.restore_task(record)
        if missing:
            self.window.show_message(_missing_text(missing), 15000)

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
        self.background.spawn(self._restore_frames(reused, path, self.manager, message), "reuse-frames")

    async def _restore_frames(
        self, reused: Reused, path: Path, manager: TaskManager | None, said: str
    ) -> None:
        task_id = reused.task_id
        record = await manager.history.by_task_id(task_id) if manager is not None and task_id else None
        missing = await self.frames.restore_sidecar(reused, path.parent, record)
        if missing:
            self.window.show_message(f"{said}. {_missing_text(missing)}", 15000)

    def continue_with(self, request: rules.VideoRequest, parent_task_id: str, start: PreparedImage) -> None:
        """A clip continued: its last frame is the start frame (``start``), its settings go in the form,
        the prompt is focused; the next video made from that very frame names the task it continues."""
        self.continuing = (parent_task_id, start.sha256)
        self._fill(request, None)
        self.form.focus_prompt()

    def parent_of(self, start: PreparedImage | None) -> str:
        """The task a video made from ``start`` continues ("" when it is not a continued clip's frame)."""
        if self.continuing is None or start is None or start.sha256 != self.continuing[1]:
            return ""
        return self.continuing[0]

    def _fill(self, request: rules.VideoRequest, seed: int | None) -> None:
        """The form shows the choice a task's exact model belongs to."""
        self.form.fill(replace(request, model=rules.choice_of(request.model)), seed)
        self.on_choice("seconds")


def _missing_text(names: list[str]) -> str:
    """The frames that could not be put back (their copy is gone, or not beside the file)."""
    text = translate("Controller", "Not found: {names}; drop the image again")
    return text.format(names=", ".join(names))
