"""The window's controllers, wired together: each small controller decides one thing (the image, the form,
the prompts, the task list, its actions, the preview, continuing a clip, taking a frame, the sequence,
the status bar); this one builds them, connects
them to each other and to the session's task events, and opens and closes the session. The widgets
present state and forward intent as signals; every slow step runs as a named background task."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from veo_desktop import paths
from veo_desktop.core.prompts import PromptBook
from veo_desktop.core.storyboard.window_board import KeptFilm
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.estimate import RenderTimes
from veo_desktop.core.tasks.manager import TaskManager
from veo_desktop.gui.common.background import BackgroundTasks
from veo_desktop.gui.common.window_state import WindowState
from veo_desktop.gui.composer.batch_controller import BatchController
from veo_desktop.gui.composer.continue_controller import ContinueController
from veo_desktop.gui.composer.form_controller import FormController
from veo_desktop.gui.composer.frames_controller import FramesController
from veo_desktop.gui.composer.image_controller import ImageController
from veo_desktop.gui.composer.prompt_controller import PromptController
from veo_desktop.gui.composer.shape_controller import ShapeController
from veo_desktop.gui.player.frame_grab_controller import FrameGrabController
from veo_desktop.gui.player.gallery import GALLERY_LIMIT, GalleryModel
from veo_desktop.gui.player.preview_caption import PreviewCaption
from veo_desktop.gui.player.preview_controller import PreviewController
from veo_desktop.gui.shell.bridge import TaskBridge
from veo_desktop.gui.shell.main_window import MainWindow
from veo_desktop.gui.shell.status_controller import StatusController
from veo_desktop.gui.storyboard.film_controller import FilmController
from veo_desktop.gui.storyboard.sequence_controller import SequenceController
from veo_desktop.gui.tasks.task_actions import TaskActions
from veo_desktop.gui.tasks.task_list_controller import TaskListController
from veo_desktop.gui.tasks.task_model import TaskListModel
from veo_desktop.i18n import translate
from veo_desktop.session import Session


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
        self.window = window
        self.session: Session | None = None
        self.bridge: TaskBridge | None = None
        self.status = StatusController(window)
        self.background = BackgroundTasks(on_error=self.status.background_failed)
        self.status.background = self.background
        self.images = ImageController(window.drop_zone, window.form, state, self.background, window)
        self.end_images = ImageController(
            window.end_zone,
            window.form,
            state,
            self.background,
            window,
            batch=False,
            dialog_title=translate("Controller", "Choose the end frame"),
        )
        self.frames = FramesController(self.images, self.end_images, window.end_panel)
        self.form = FormController(window, self.frames, state, self.background)
        self.shape = ShapeController(self.form)  # a new start picture chooses the ratio of its shape
        self.batches = BatchController(self.form)  # several images dropped: one video each
        self.prompts = PromptController(window, prompts or PromptBook(paths.prompts_file()), self.background)
        self.tasks = TaskListController(model, self.background, self)
        self.actions = TaskActions(window, self.background, model)
        self.preview = PreviewController(window.preview, window.gallery, gallery, self.background, self)
        window.pasteRequested.connect(self.images.paste)
        self.actions.playRequested.connect(self.preview.show)
        self.actions.reuseRequested.connect(self.form.reuse)
        self.continuing = ContinueController(window, self.form, self.background)
        self.grabs = FrameGrabController(window, self.frames, self.background)
        self.sequence = SequenceController(window, self.preview, self.background)
        self.film = FilmController(window, self.sequence, self.background)  # the storyboard, filmed
        self.film.start_picture = lambda: self.images.image
        self.film.start_framing = lambda: self.images.framing  # shot 1's picture framed as Generate's
        window.clip_advice = window.gallery.clip_advice = self.clip_advice
        self.actions.clipActionRequested.connect(self.clip_action)
        window.gallery.clipAction.connect(self.clip_action)
        self.film.filmsChanged.connect(gallery.show_films)  # the films made, first in the gallery
        window.gallery.filmSelected.connect(self.play_film)
        window.gallery.filmRevealRequested.connect(self.film.reveal_film)
        self.preview.previewChanged.connect(self.continuing.show_previewed)
        self.caption = PreviewCaption(window.preview)  # above the player: which task, playing or not
        self.preview.previewChanged.connect(self.caption.show)
        self.tasks.videoArrived.connect(self.sequence.video_arrived)
        self.tasks.videoArrived.connect(self.status.video_arrived)  # first the spend, then it plays
        self.tasks.videoArrived.connect(self.preview.video_arrived)
        self.status.outageChanged.connect(self.tasks.show_outage)
        self.clock = QTimer(self)
        self.clock.setInterval(1000)
        self.clock.timeout.connect(self.tasks.tick)
        self.clock.timeout.connect(self.status.show_cooldown)
        self.clock.timeout.connect(self.status.show_connection)
        self.clock.timeout.connect(self.tasks.adopt)
        self.clock.start()

    def attach(self, session: Session) -> None:
        """Show this session's history and follow its unfinished tasks."""
        self.session = session
        self.window.show_no_key("")
        if session.connection.demo:
            self.window.setWindowTitle(translate("Controller", "Veo Desktop — offline demo"))
        manager = session.manager
        notice = manager.history_notice
        if notice is not None:
            self.window.show_message(str(notice), 20000)
        self.bridge = TaskBridge(manager, self)
        self.bridge.added.connect(self.tasks.record_added)
        self.bridge.changed.connect(self.preview.record_changed)  # the gallery before the list's news
        self.bridge.changed.connect(self.tasks.record_changed)
        self.bridge.removed.connect(self.tasks.record_removed)
        self.bridge.changed.connect(self.sequence.record_changed)
        self.bridge.removed.connect(self.sequence.record_removed)
        self.bridge.removed.connect(self.preview.record_removed)
        self.bridge.progress.connect(self.tasks.download_progress)
        self.tasks.attach(manager, [])
        self.preview.attach(manager, [])
        self.background.spawn(self._show_finished(manager), "gallery", session=True)
        self.status.attach(session)
        self.prompts.attach(manager)
        self.actions.attach(manager)
        self.background.spawn(manager.resume(), "resume", session=True)
        self.form.attach(manager)
        self.continuing.attach(manager)
        self.sequence.attach(manager)
        self.film.attach(manager)

    async def _show_finished(self, manager: TaskManager) -> None:
        """The gallery's videos, and the render times the estimates learn from, read off this thread."""
        finished = await manager.history.finished(GALLERY_LIMIT)
        if self.session is None or self.session.manager is not manager:
            return  # detached meanwhile
        self.tasks.model.render_times = RenderTimes.from_history(finished)
        self.preview.show_finished(finished)

    def clip_advice(self, action: str, record: TaskRecord) -> str:
        """Why a finished clip's action cannot run now ("" when it can), for its menus."""
        if action == "storyboard_add":
            return self.film.adding.why_not(record)
        return self.continuing.why_not(record) if action == "continue" else self.sequence.why_not(record)

    def play_film(self, film: KeptFilm) -> None:
        """A film's gallery tile: the film's own file plays in the preview."""
        self.preview.sequence = []
        self.window.preview.play_file(Path(film.path))

    def clip_action(self, action: str, record: TaskRecord) -> None:
        """A clip's menu (a task row, a gallery tile): continue from it, or put it in the sequence."""
        if action == "continue":
            self.continuing.continue_from(record)
        elif action == "storyboard_add":  # a shot of the storyboard, the clip its result
            self.film.adding.add(record)
        else:
            self.sequence.on_action(action, record)

    def detach_reason(self, message: str) -> None:
        """No session (no key): say so, and offer the demo."""
        reason = translate("Controller", "Paste your API key above, or try the offline demo")
        self.actions.no_session(reason)
        self.window.show_no_key(message)
        self.form.no_session(reason)

    async def detach(self) -> None:
        """Close this session (before switching key, address or demo): the history stays on disk."""
        await self.actions.settle()  # a removal waiting for its Undo window is done in this history
        if self.bridge is not None:
            self.bridge.detach()
            self.bridge = None
        session, self.session = self.session, None
        # Nothing reaches the closing session from here on (the clock's adopt, a click, a scroll).
        parts = (self.form, self.prompts, self.actions, self.status, self.tasks, self.preview)
        for part in (*parts, self.continuing, self.film, self.sequence):
            part.detach()
        if session is not None:
            await session.settle_submissions()  # a submission's answer on its way: its id written first
            await self.background.end_session()  # its reads and resume stop before the history closes
            await session.aclose()
        self.window.setWindowTitle(translate("Controller", "Veo Desktop"))
        self.form.refresh()

    async def shutdown(self) -> None:
        self.clock.stop()
        self.window.preview.release()
        self.form.save_choices()
        await self.actions.settle()  # a removal waiting for its Undo window is done before quitting
        await self.sequence.keeper.settle()  # the sequence's last change is on disk
        if self.session is not None:  # a submission's answer on its way: its id written, then all stops
            await self.session.settle_submissions()
        await self.background.aclose()
        if self.bridge is not None:
            self.bridge.detach()
        if self.session is not None:
            await self.session.aclose()
