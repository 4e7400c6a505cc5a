"""The sequence: which finished clips make the film and in what order (added from a task row or the
gallery, a whole chain of continued clips at once, a continued clip joining after its parent when it
arrives), playing it in the preview, and exporting it as one film off the UI thread with progress and
Cancel."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage

from veo_desktop import paths
from veo_desktop.core.clips.posters import PosterFailed, grab_poster
from veo_desktop.core.clips.saved_videos import is_its_video
from veo_desktop.core.naming import film_filename
from veo_desktop.core.storyboard.window_board import shot_prompts
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.describe import clock_text, excerpt
from veo_desktop.core.tasks.manager import TaskManager
from veo_desktop.gui.common.background import BackgroundTasks
from veo_desktop.gui.common.clip_dialogs import ask_save_path, named_as
from veo_desktop.gui.storyboard.film_export import Exported, FilmExport
from veo_desktop.gui.storyboard.sequence_keeper import SequenceKeeper, clips_of, find_again
from veo_desktop.i18n import translate

if TYPE_CHECKING:
    from veo_desktop.gui.player.preview_controller import PreviewController
    from veo_desktop.gui.shell.main_window import MainWindow  # the window these controls live in

CHAIN_SCAN = 2000  # the newest finished clips searched for a chain's later links


class SequenceController(QObject):
    restored = Signal(object)  # the kept storyboard (a WindowBoard), read back once attached

    def __init__(self, window: MainWindow, preview: PreviewController, background: BackgroundTasks) -> None:
        super().__init__(window)
        self.window = window
        self.view = window.sequence
        self.model = window.sequence.model
        self.preview = preview
        self.background = background
        self.manager: TaskManager | None = None
        self.export_job: FilmExport | None = None
        self.asking = False  # the export's save dialog is open
        self.film: Path | None = None  # the last film written
        self.keeper = SequenceKeeper(background)  # the tab kept between runs
        strip = self.view.strip
        strip.moveRequested.connect(self.move)
        strip.removeRequested.connect(self.remove)
        strip.tasksDropped.connect(self.add_ids)
        self.view.clipChosen.connect(lambda row: self.preview.show(self._record(row)))
        self.view.playRequested.connect(self.play)
        self.view.exportRequested.connect(self.export)
        self.view.cancelRequested.connect(self.cancel)
        self.view.storyboard.shotsEdited.connect(self._refresh)
        self.view.revealRequested.connect(self.reveal)
        preview.sequenceAt.connect(self.view.select)
        self._refresh()

    def attach(self, manager: TaskManager) -> None:
        self.manager = manager
        self.background.spawn(self._restore(manager), "sequence-restore", session=True)

    async def _restore(self, manager: TaskManager) -> None:
        """The tab as the window last left it (the clips this history still has), then any added since."""
        board = await self.keeper.read()
        if self.manager is not manager:
            return
        kept = await find_again(board.clips, manager)
        if self.manager is not manager:
            return
        held = {r.id for r in kept}
        now = [r for r in self.model.records() if r.id not in held]
        self.model.set_records([r for r in kept if not self.why_not(r)] + now)
        self._load_posters(self.model.records())
        if board.shots and not self.view.storyboard.shots_text().strip():
            self.view.storyboard.set_shots("\n".join(board.shots))
        self.keeper.board = board
        self.keeper.enabled = True
        self._refresh()
        self.restored.emit(board)

    def detach(self) -> None:
        """Another history: its clips are not this one's (the kept sequence stays on disk for it)."""
        self.manager = None
        self.keeper.enabled = False
        self.model.set_records([])
        self._refresh()

    # ----- what goes in ---------------------------------------------------------------------------

    def why_not(self, record: TaskRecord) -> str:
        """Why ``record`` cannot join the sequence ("" when it can): it needs its saved video."""
        if record.state != "completed" or not record.output_path:
            return translate("Controller", "This task has no video yet")
        if not Path(record.output_path).is_file():
            return translate("Controller", "{name} is missing: download it again first").format(
                name=Path(record.output_path).name
            )
        return ""

    def on_action(self, action: str, record: TaskRecord) -> None:
        """A clip's menu: "sequence_add" or "sequence_chain"."""
        if action == "sequence_add":
            self.add([record])
        elif action == "sequence_chain":
            self.add_chain(record)
        self.window.tabs.setCurrentWidget(self.view)

    def add(self, records: list[TaskRecord], place: int = -1) -> None:
        """Put these clips in the sequence at ``place`` (-1: the end); one already there is left where it
        is, one without its video is refused (the status bar says why), and one whose file turns out to
        be no longer its video (checked off the UI thread) is taken out again, saying why."""
        held = {clip.id for clip in self.model.records()}
        added = 0
        joined: list[TaskRecord] = []
        for record in records:
            reason = self.why_not(record)
            if reason or record.id in held:
                self.window.show_message(
                    reason
                    or translate("Controller", "“{prompt}” is in the sequence already").format(
                        prompt=excerpt(record.prompt, 40)
                    )
                )
                continue
            held.add(record.id)
            self.model.append(record)
            if 0 <= place < self.model.rowCount() - 1:
                self.model.move(self.model.rowCount() - 1, place + added)
            added += 1
            joined.append(record)
        self._load_posters(records)
        if joined:
            self.background.spawn(self._take_out_strangers(joined), "sequence-check")
        self._refresh()

    async def _take_out_strangers(self, records: list[TaskRecord]) -> None:
        """The clips just added whose file holds another video now (another task's took its name, a
        file was copied over it) leave the sequence: a film never shows a video under another's name."""
        strangers = await asyncio.to_thread(_not_their_videos, records)
        for record in strangers:
            for row, clip in reversed(list(enumerate(self.model.records()))):
                if clip.id == record.id:
                    self.model.remove(row)
            self.window.show_message(
                translate("Controller", "“{prompt}” left the sequence: {path} is no longer its video").format(
                    prompt=excerpt(record.prompt, 40), path=record.output_path
                ),
                15000,
            )
        if strangers:
            self._refresh()

    def add_ids(self, ids: list[int], place: int) -> None:
        """Gallery videos dropped on the strip (their local task ids), read off the window's thread."""
        if self.manager is not None:
            self.background.spawn(self._add_ids(self.manager, ids, place), "sequence-drop", session=True)

    async def _add_ids(self, manager: TaskManager, ids: list[int], place: int) -> None:
        found = [await manager.history.get(local_id) for local_id in ids]
        if self.manager is manager:  # not detached meanwhile
            self.add([r for r in found if r is not None], place)

    def add_chain(self, record: TaskRecord) -> None:
        """The sequence becomes ``record``'s chain: the clips it continues and those continuing it."""
        if self.manager is not None:
            self.background.spawn(self._add_chain(self.manager, record), "sequence-chain", session=True)

    async def _add_chain(self, manager: TaskManager, record: TaskRecord) -> None:
        chain = await manager.chain(record, CHAIN_SCAN)
        if self.manager is not manager:
            return
        self.model.set_records([])
        self.add(chain)
        if len(chain) == 1:
            self.window.show_message(
                translate("Controller", "This clip continues no other, and none continues it")
            )

    def video_arrived(self, record: TaskRecord) -> None:
        """A clip continued from the sequence's last clip joins it, after its parent."""
        clips = self.model.records()
        if clips and record.parent_task_id and clips[-1].task_id == record.parent_task_id:
            self.add([record])

    def record_changed(self, record: TaskRecord) -> None:
        self.model.replace(record)
        self._refresh()

    def record_removed(self, record: TaskRecord) -> None:
        for row, clip in reversed(list(enumerate(self.model.records()))):
            if clip.id == record.id:
                self.model.remove(row)
        self._refresh()

    # ----- arranging -----------------------------------------------------------------------------

    def move(self, row: int, to: int) -> None:
        if self.model.move(row, to):
            self.view.select(to)
        self._refresh()

    def remove(self, row: int) -> None:
        self.model.remove(row)
        self._refresh()

    def show_records(self, records: list[TaskRecord]) -> None:
        """The sequence becomes these clips, in this order (Undo of Clear, a film just made)."""
        self.model.set_records(records)
        self._load_posters(records)
        self._refresh()

    def _record(self, row: int) -> TaskRecord | None:
        clips = self.model.records()
        return clips[row] if 0 <= row < len(clips) else None

    def _refresh(self) -> None:
        clips = self.model.records()
        known = sum(int(c.seconds) for c in clips if c.seconds.isdigit())
        count = len(clips)
        summary = (
            translate(
                "Controller", "%n clip(s) · {length}: the film plays them left to right", None, count
            ).format(length=clock_text(known))
            if clips
            else ""
        )
        self.view.show_clips(summary, count=len(clips))
        shots = self.view.storyboard.shots_text()
        self.view.clear.setEnabled(bool(clips) or bool(shots.strip()))
        self.keeper.update(clips=clips_of(clips), shots=shot_prompts(shots))
        reason = self.export_blocker()
        self.view.show_can_export(not reason, reason)

    def export_blocker(self) -> str:
        if self.export_job is not None or self.asking:
            return translate("Controller", "A film is being written")
        clips = self.model.records()
        if len(clips) < 2:
            return translate("Controller", "A film needs at least two clips")
        missing = [reason for reason in map(self.why_not, clips) if reason]
        return missing[0] if missing else ""

    # ----- playing and exporting ------------------------------------------------------------------

    def play(self) -> None:
        clips = self.model.records()
        missing = [reason for reason in map(self.why_not, clips) if reason]
        if missing:
            self.window.show_message(missing[0], 15000)
        elif clips:
            self.preview.play_sequence(clips)

    def export(self) -> None:
        reason = self.export_blocker()
        if reason:
            self.window.show_message(reason)
            return
        self.asking = True  # from the click on: a second click does not ask twice
        self._refresh()
        self.background.spawn(self._ask_and_export(), "export-film")

    async def _ask_and_export(self) -> None:
        dest = None
        try:
            dest = await self._film_path(self.model.records())
        finally:
            self.asking = False
            self._refresh()
        if dest is not None:
            await self.write_film(dest)

    async def _film_path(self, clips: list[TaskRecord]) -> Path | None:
        """Where the film goes, once every clip is checked to be its task's video (before the question,
        and again after it); None when the user cancelled, or when it cannot be made (said in words)."""
        if not await self._all_theirs(clips):
            return None
        first = Path(clips[0].output_path)
        chosen = await ask_save_path(
            self.window,
            "exportFilmDialog",
            translate("Controller", "Export the film"),
            first.parent / film_filename(clips[0].prompt),
            "mp4",
        )
        if chosen is None:
            return None
        dest, problem = named_as(chosen, "mp4")
        if problem:
            self.view.show_result(
                translate("Controller", "The film was not written: {reason}").format(reason=problem),
                can_reveal=False,
            )
            return None
        return dest if await self._all_theirs(clips) else None

    async def _all_theirs(self, clips: list[TaskRecord]) -> bool:
        """Whether every clip's file is still its task's video (read off the UI thread); when one is
        not, the view says which, and no film is made."""
        strangers = await asyncio.to_thread(_not_their_videos, clips)
        if strangers:
            text = translate(
                "Controller",
                "The film was not written: {path} is no longer the video of “{prompt}”; "
                "take it out of the sequence",
            ).format(path=strangers[0].output_path, prompt=excerpt(strangers[0].prompt, 40))
            self.view.show_result(text, can_reveal=False)
        return not strangers

    async def write_film(self, dest: Path) -> Exported | None:
        """Join the sequence's clips into ``dest`` (or the next free name) in a worker thread; the view
        shows the progress, then where the film is, or why there is none."""
        from veo_desktop.core.clips.clip_frames import NotAVideo
        from veo_desktop.core.clips.film import Cancelled

        clips = [Path(record.output_path) for record in self.model.records()]
        job = self.export_job = FilmExport(clips, dest, self.view.show_progress)
        self.view.show_exporting(True)
        self.view.show_result("", can_reveal=False)
        self._refresh()
        try:
            exported = await job.run()
        except Cancelled:
            self.view.show_result(
                translate("Controller", "Export cancelled; nothing was written"), can_reveal=False
            )
            return None
        except (NotAVideo, OSError) as exc:
            text = translate("Controller", "The film could not be written: {reason}").format(reason=exc)
            self.view.show_result(text, can_reveal=False)
            return None
        finally:
            self.export_job = None
            self.view.show_exporting(False)
            self._refresh()
        film = exported.film
        self.film = film.path
        how = (
            translate("Controller", "joined without re-encoding")
            if film.copied
            else translate("Controller", "encoded again as H.264/AAC")
        )
        count = film.clips
        saved = translate("Controller", "Saved {path} (%n clip(s), {length}, {how})", None, count)
        text = saved.format(path=film.path, length=clock_text(film.seconds), how=how)
        if exported.sidecar_problem:
            text += "\n" + translate("Controller", "Its list of clips was not written: {reason}").format(
                reason=exported.sidecar_problem
            )
        self.view.show_result(text, can_reveal=True)
        return exported

    def cancel(self) -> None:
        if self.export_job is not None:
            self.export_job.cancel()
            self.view.show_cancelling()

    def reveal(self) -> None:
        if self.film is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.film.parent)))

    # ----- posters --------------------------------------------------------------------------------

    def _load_posters(self, records: list[TaskRecord]) -> None:
        for record in records:
            if self.why_not(record) == "" and self.model.wants_poster(record.output_path):
                self.background.spawn(self._poster(record.output_path), "sequence-poster")

    async def _poster(self, output_path: str) -> None:
        try:
            poster = await asyncio.to_thread(grab_poster, Path(output_path), paths.posters_dir())
        except PosterFailed:
            return
        self.model.set_poster(output_path, QImage(str(poster)))


def _not_their_videos(records: list[TaskRecord]) -> list[TaskRecord]:
    """The clips whose file is no longer their task's video (blocking: each reads up to 2 MiB)."""
    return [record for record in records if not is_its_video(record)]
