"""Filming the storyboard written in the Sequence tab, in the window: one confirmation of the cost, then the
shots one after another on the window's task manager, by the same engine as ``veo-desktop story``
(:class:`~veo_desktop.core.storyboard.filming.Filming`: each shot's task written in the storyboard's
progress file before it is sent, each later shot from the last frame of the one before). A shot that
stops the chain waits for Retry, Edit or Skip, nothing after it sent. The storyboard being filmed is
kept with the tab, so a restart continues it from the first shot without an accepted task."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from veo_desktop import paths
from veo_desktop.api import rules
from veo_desktop.core.clips.framing import Framing
from veo_desktop.core.clips.images import PreparedImage
from veo_desktop.core.clips.posters import PosterFailed, grab_poster
from veo_desktop.core.naming import film_filename
from veo_desktop.core.storyboard import confirmed, document, progress, validation, window_board
from veo_desktop.core.storyboard.document import Storyboard, StoryboardError
from veo_desktop.core.storyboard.film_output import FilmMade
from veo_desktop.core.storyboard.filming import Filmed, Filming, ShotStopped
from veo_desktop.core.storyboard.window_board import KeptFilm, WindowBoard, shot_prompts
from veo_desktop.core.tasks.describe import clock_text
from veo_desktop.core.tasks.manager import TaskManager
from veo_desktop.gui.common.background import BackgroundTasks
from veo_desktop.gui.common.dialogs import answer
from veo_desktop.gui.storyboard.adding_shots import AddingShots
from veo_desktop.gui.storyboard.after_stop import AfterStop
from veo_desktop.gui.storyboard.clearing import Clearing
from veo_desktop.gui.storyboard.filming_again import FilmingAgain
from veo_desktop.gui.storyboard.form_start import read_form_start
from veo_desktop.gui.storyboard.moving_shots import MovingShots
from veo_desktop.i18n import translate

if TYPE_CHECKING:
    from veo_desktop.gui.shell.main_window import MainWindow
    from veo_desktop.gui.storyboard.sequence_controller import SequenceController

log = logging.getLogger(__name__)


class FilmController(QObject):
    filmsChanged = Signal(object)  # the films made here (KeptFilm, newest first), for the Gallery

    def __init__(self, window: MainWindow, sequence: SequenceController, background: BackgroundTasks) -> None:
        super().__init__(window)
        self.window = window
        self.sequence = sequence
        self.keeper = sequence.keeper
        self.panel = window.sequence.storyboard
        self.background = background
        self.manager: TaskManager | None = None
        # What the form holds (set by the shell): the start picture and its framing (shot 1's picture is
        # sent as Generate sends it); its settings are read from the form (the shots replace its prompt).
        self.start_picture: Callable[[], PreparedImage | None] = lambda: None
        self.start_framing: Callable[[], Framing] = Framing
        self.busy = False  # asking, or filming
        self.job: asyncio.Task[None] | None = None
        self.filming: Filming | None = None  # the film being made, whose progress the tab shows
        self.ticker = QTimer(self)  # "Shot k of n: … · about 3 min left", said again as time passes
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)
        self.panel.filmRequested.connect(self.film)
        self.panel.retryRequested.connect(self.retry)
        self.panel.editRequested.connect(self.edit)
        self.panel.skipRequested.connect(self.skip)
        sequence.restored.connect(self.restored)
        self.clearing = Clearing(sequence, self)  # Clear, with Undo
        self.adding = AddingShots(self)  # shots from finished clips
        self.after_stop = AfterStop(self)  # Retry and Skip, on the storyboard as confirmed
        self.refilming = FilmingAgain(self)  # stale shots; Film again from here
        self.moving = MovingShots(self)  # Alt+Up / Alt+Down: the shots reordered

    def attach(self, manager: TaskManager) -> None:
        self.manager = manager
        self.refilming.refresh()

    def detach(self) -> None:
        """Another history: a film being made stops here (its progress file keeps what was sent)."""
        self.manager = None
        if self.job is not None:
            self.job.cancel()
        self.clearing.forget()
        self.filmsChanged.emit(())
        self.panel.show_stopped(False)
        self.panel.show_status("")
        self.refilming.refresh()

    def _say(self, text: str) -> None:
        self.panel.show_status(text)

    # ----- starting -------------------------------------------------------------------------------

    def film(self) -> None:
        if not self.busy:
            self.start(self._film_asked())

    def start(self, work: Coroutine[Any, Any, None], name: str = "storyboard-film") -> None:
        """One film job at a time (asking, filming, Retry, Skip, filming again): the tab shows it busy
        (the shots read-only, Retry, Edit and Skip off) until ``work`` ends, however it ends."""
        self.busy = True
        self.panel.show_filming(True)
        self.job = self.background.spawn(self._until_idle(work), name)

    async def _until_idle(self, work: Coroutine[Any, Any, None]) -> None:
        try:
            await work
        finally:
            self._idle()

    async def _film_asked(self) -> None:
        """The storyboard as the screen shows it now, its cost asked (with what changed since the film
        being made was confirmed), written down as confirmed only then, and filmed."""
        found = await self._storyboard()
        filming = None if found is None else await self._checked(found[0], save=False)
        if found is None or filming is None or not await self._confirmed(filming, found[1]):
            return
        if not await self._save(filming.story):
            return
        self.keeper.update(filming=str(filming.story.path), stopped_at=0)
        await self._run(filming)

    async def _storyboard(self) -> tuple[Storyboard, str] | None:
        """The storyboard to film as the screen shows it, and what the question says about it: the one
        stopped half-way with the shots as written now; or a new one from the form's start picture and
        settings (none being filmed, or the form's changed since it was confirmed: then it starts over,
        and the question says so). None (and why, in the tab) when there is none."""
        prompts = shot_prompts(self.panel.shots_text())
        if not prompts:
            self._say(translate("Controller", "Write the shots first: one per line"))
            return None
        image = self.start_picture()
        form = await read_form_start(self.window.form, image, self.start_framing(), prompts[0])
        going = await self._going()
        notice = ""
        if going is not None and not isinstance(form, str):
            changes = await asyncio.to_thread(confirmed.start_changes, going, form)
            if not changes:
                return window_board.with_shots(going, prompts), ""
            notice = confirmed.start_over_text(changes)
        if isinstance(form, str):  # the form's settings are refused (a seed out of range, ...)
            self._say(form)
            return None
        framed = (form.picture, form.extension) if form.picture is not None else None
        start = framed or await self.adding.start_picture(prompts)
        if start is None:
            self._say(translate("Controller", "Choose the start picture of the first shot in the form first"))
            return None
        if self.manager is None:
            self._say(translate("Controller", "Connect to the service or start the demo first"))
            return None
        output = self.manager.output
        if output.create:  # the default folder is made when missing; one the user chose must exist
            await asyncio.to_thread(output.folder.mkdir, parents=True, exist_ok=True)
        film = output.folder / film_filename(prompts[0])
        story = await asyncio.to_thread(window_board.new_storyboard, *start, prompts, form.request, film)
        return story, notice

    async def _going(self) -> Storyboard | None:
        """The storyboard being filmed (stopped, or interrupted by a restart), when there is one."""
        path = self.keeper.board.filming
        if not path:
            return None
        try:
            return await asyncio.to_thread(document.load, Path(path))
        except StoryboardError as exc:
            log.warning("the storyboard being filmed is gone (%s): a new one is made", exc)
            self.keeper.update(filming="", stopped_at=0)
            return None

    async def _checked(self, story: Storyboard, *, save: bool = True) -> Filming | None:
        """The storyboard surveyed, ready to film, and written down unless ``save`` is False (it is
        written once its cost is confirmed); None (and why) when it cannot be."""
        found = await asyncio.to_thread(validation.problems, story)
        if found:
            self._say("\n".join(found))
            return None
        try:
            if save:
                await asyncio.to_thread(document.save, story)
            demo = self.manager is not None and self.manager.demo
            kept = await asyncio.to_thread(lambda: progress.load(story, demo=demo))
            await self.adding.adopt(story, kept)  # shots taken from clips: theirs, not sent
        except (OSError, StoryboardError) as exc:
            self._say(str(exc))
            return None
        if self.manager is None:
            return None
        recover = self.manager.submissions_in_flight == 0  # never one this window is sending now
        return Filming(self.manager, story, kept, self._say, recover=recover)

    async def progress_at(self, path: str) -> progress.Progress:
        """The progress of the storyboard at ``path``, this session's mode's shots (the demo's or the
        real service's), read off the window's thread."""
        demo = self.manager is not None and self.manager.demo
        return await asyncio.to_thread(lambda: progress.load(document.load(Path(path)), demo=demo))

    async def _save(self, story: Storyboard) -> bool:
        """The storyboard as confirmed, written down: Retry and Skip film it as it is there."""
        try:
            await asyncio.to_thread(document.save, story)
        except OSError as exc:
            self._say(str(exc))
            return False
        return True

    async def _confirmed(self, filming: Filming, notice: str = "") -> bool:
        """The one question: film these shots, at this cost (each billed only when its video is made)?
        It names the shots already made that would be made (and billed) again; ``notice``: what else
        changed since the film being made was confirmed."""
        plan = await filming.survey()
        sending = plan.to_send
        if not sending:
            return True  # nothing to send: every shot has its task already
        demo = filming.manager.demo
        cost = rules.format_cents(plan.to_send_cents)
        count = len(sending)
        text = translate(
            "Controller",
            "Film %n shot(s), one after another, each from the last frame of the one before?\n"
            "Cost: {cost} ({each} each; a shot that fails is free).",
            None,
            count,
        ).format(cost=cost, each=rules.format_cents(sending[0].price_cents))
        if demo:
            text += "\n" + translate("Controller", "The demo charges nothing.")
        again = confirmed.made_again(plan)
        if again:
            text += "\n" + confirmed.made_again_text(again)
        if notice:
            text += "\n" + notice
        box = QMessageBox(
            QMessageBox.Icon.Question,
            translate("Controller", "Film the storyboard"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self.window,
        )
        box.setObjectName("filmConfirm")
        box.button(QMessageBox.StandardButton.Yes).setText(
            translate("Controller", "Film %n shot(s) ({cost})", None, count).format(cost=cost)
        )
        if await answer(box) == QMessageBox.StandardButton.Yes:
            return True
        self._say(translate("Controller", "Not filmed; nothing was sent"))
        return False

    # ----- filming --------------------------------------------------------------------------------

    async def _run(self, filming: Filming) -> None:
        self.panel.show_stopped(False)
        self.filming = filming
        self.ticker.start()
        try:
            with progress.filming_lock(filming.story):
                try:
                    filmed = await filming.run()
                finally:
                    self.ticker.stop()
                    self.filming = None
        except ShotStopped as exc:
            self._stopped(filming, exc.number, str(exc))
        except Exception as exc:  # the service's error, a picture or a file that cannot be read: said
            log.warning("the storyboard %s stopped: %r", filming.story.path, exc)
            self._stopped(filming, 0, str(exc))
        else:
            self.keeper.update(made=str(filming.story.path))
            self._filmed(filmed)

    def _tick(self) -> None:
        line = self.filming.progress_line() if self.filming is not None else ""
        if line:
            self._say(line)

    def _stopped(self, filming: Filming, number: int, text: str) -> None:
        if number <= 0:  # the first shot not saved
            saved = {n for n, e in filming.progress.shots.items() if e.state == "saved"}
            number = next((n for n in range(1, len(filming.story.shots) + 1) if n not in saved), 1)
        self.keeper.update(stopped_at=number)
        self._say(text)
        self.panel.show_stopped(True)

    def _filmed(self, filmed: Filmed) -> None:
        film = filmed.film
        self.keeper.update(filming="", stopped_at=0)
        before = self.sequence.model.records()
        self.sequence.show_records(list(filmed.records))  # the tab shows the film's clips, in order
        self.clearing.replaced([r for r in before if r.id not in {c.id for c in filmed.records}])
        self.sequence.film = film.path
        total = rules.format_cents(film.total_cents)
        count = len(filmed.records)
        made = translate(
            "Controller", "The film is made: {path} (%n shot(s), {length}, {total})", None, count
        )
        text = made.format(path=film.path, length=clock_text(film.seconds), total=total)
        self._say("")
        self.window.sequence.show_result(text, can_reveal=True)
        self.background.spawn(self._to_gallery(film, len(filmed.records)), "film-poster")

    # ----- the films in the Gallery ---------------------------------------------------------------

    async def _to_gallery(self, film: FilmMade, shots: int) -> None:
        """The film made, first in the Gallery, its poster its first frame."""
        try:
            poster = str(await asyncio.to_thread(grab_poster, film.path, paths.posters_dir()))
        except PosterFailed:
            poster = ""
        made = KeptFilm(str(film.path), shots, film.seconds, poster)
        self.keeper.update(films=window_board.remember_film(self.keeper.board.films, made))
        self.filmsChanged.emit(self.keeper.board.films)

    async def _films_shown(self, films: tuple[KeptFilm, ...]) -> None:
        self.filmsChanged.emit(await asyncio.to_thread(window_board.films_on_disk, films))

    def reveal_film(self, film: KeptFilm) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(film.path).parent)))

    def _idle(self) -> None:
        self.busy = False
        self.job = None
        self.panel.show_filming(False)
        self.refilming.refresh()

    # ----- after a stop: Retry, Edit, Skip; after a restart: continue ----------------------------

    def retry(self) -> None:
        """The shot where the chain stopped, sent again (a failed one was free), and the rest after it."""
        if not self.busy and self.keeper.board.filming:
            self.start(self.after_stop.go_on())

    def edit(self) -> None:
        """The stopped shot's line, to change; Film storyboard… then films it and what follows."""
        if self.busy:  # a film being made is not edited
            return
        number = self.keeper.board.stopped_at or 1
        self.panel.show_stopped(False)
        self._say(
            translate("Controller", "Change shot {number}, then Film storyboard… again").format(number=number)
        )
        self.panel.edit_line(number)

    def skip(self) -> None:
        """The stopped shot left out; the next one starts from the shot before it, and filming goes on."""
        if not self.busy and self.keeper.board.filming:
            self.start(self.after_stop.skip())

    def forget_film(self) -> None:
        """Cleared: the film stopped half-way is let go (what it sent stays in its progress file and the
        history); the next Film storyboard… starts a new one from the form's start picture."""
        self.keeper.update(filming="", stopped_at=0, made="")
        self.panel.show_stopped(False)
        self._say("")
        self.refilming.refresh()

    def take_back(self, filming: str, stopped_at: int) -> None:
        """Undo of Clear: the film stopped half-way is this tab's again."""
        self.keeper.update(filming=filming, stopped_at=stopped_at)
        if stopped_at:
            self.restored(self.keeper.board)

    def restored(self, board: WindowBoard) -> None:
        """The window opened on a storyboard being filmed: it continues (no shot with a task is sent
        again), or, where its chain had stopped, it waits for Retry, Edit or Skip."""
        if board.films:
            self.background.spawn(self._films_shown(board.films), "films-shown")
        self.refilming.refresh()
        if not board.filming or self.busy:
            return
        if board.stopped_at:
            text = translate("Controller", "The film stopped at shot {number}: Retry, Edit or Skip it")
            self._say(text.format(number=board.stopped_at))
            self.panel.show_stopped(True)
            return
        self._say(translate("Controller", "Continuing the film where it stopped…"))
        self.retry()
