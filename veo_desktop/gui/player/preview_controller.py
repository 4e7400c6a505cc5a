"""The preview and the gallery: which video plays (a finished one plays the moment it arrives, a
sequence plays its clips one after another), the gallery's videos and their poster frames (grabbed off
the UI thread), opening a video in the system player, and downloading a missing one again."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage

from veo_desktop import paths
from veo_desktop.core.clips.posters import PosterFailed, grab_poster
from veo_desktop.core.naming import same_name
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.manager import TaskManager
from veo_desktop.gui.common.background import BackgroundTasks
from veo_desktop.gui.player.gallery import GalleryModel, GalleryView
from veo_desktop.gui.player.preview import PreviewPanel
from veo_desktop.i18n import translate


class PreviewController(QObject):
    previewChanged = Signal(object)  # TaskRecord: the clip the preview shows now
    sequenceAt = Signal(int)  # the sequence playing has reached its clip at this place

    def __init__(
        self,
        panel: PreviewPanel,
        view: GalleryView,
        gallery: GalleryModel,
        background: BackgroundTasks,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.panel = panel
        self.gallery = gallery
        self.background = background
        self.manager: TaskManager | None = None
        self.previewing: int | None = None  # the local id of the task shown
        self.sequence: list[TaskRecord] = []  # the clips playing one after another, when a sequence plays
        view.selected.connect(self.show)
        view.opened.connect(self.open_externally)
        panel.downloadAgainRequested.connect(self.download_again)
        panel.clipStarted.connect(self._clip_started)

    def attach(self, manager: TaskManager, finished: list[TaskRecord]) -> None:
        """``finished``: the newest saved videos, for the gallery."""
        self.manager = manager
        self.gallery.load(finished)
        self._load_posters(self.gallery.records())

    def show_finished(self, finished: list[TaskRecord]) -> None:
        """The newest saved videos, read from the history after :meth:`attach`; what the task manager
        told meanwhile is newer than the read, and stays."""
        told = self.gallery.records()
        self.gallery.load(finished)
        for record in reversed(told):
            self.gallery.upsert(record)
        self._load_posters(self.gallery.records())

    def detach(self) -> None:
        self.manager = None
        self.gallery.load([])
        self.panel.stop()

    # ----- what the task manager reports -------------------------------------------------------

    def record_changed(self, record: TaskRecord) -> None:
        self.gallery.upsert(record)
        if record.id == self.previewing:
            self.previewChanged.emit(record)  # what can be done with it may have changed

    def record_removed(self, record: TaskRecord) -> None:
        """A task left the history (its file stays): the player lets go of the file, so the user (or
        another program) can move or delete it at once, which Windows refuses for a file held open."""
        if record.output_path:
            self.release_file(Path(record.output_path))

    def release_file(self, path: Path) -> bool:
        """Let go of ``path`` before the app (or anyone) replaces, renames or deletes it: a file the player
        holds open cannot be on Windows. True when the preview was playing it (and has stopped)."""
        playing = [self.panel.source, *(Path(record.output_path) for record in self.sequence)]
        if not any(shown is not None and _same_file(shown, path) for shown in playing):
            return False
        self.sequence = []
        self.panel.stop()  # queued setSource(QUrl()): the decoder closes the file
        return True

    def video_arrived(self, record: TaskRecord) -> None:
        """A video that just arrived gets its poster, and plays at once."""
        self._load_posters([record])
        self.show(record)

    # ----- the preview --------------------------------------------------------------------------

    def show(self, record: TaskRecord | None) -> None:
        if record is None:
            return
        self.sequence = []
        self.previewing = record.id
        self.previewChanged.emit(record)
        reference = QImage(record.image_copy) if record.image_copy else None
        if record.state != "completed" or not record.output_path:
            self.panel.stop()  # the video shown before is let go, not kept open behind the message
            self.panel.show_problem(translate("Controller", "This task has no video yet."))
            return
        self.panel.play_file(Path(record.output_path), reference)
        if not Path(record.output_path).exists():
            self.gallery.set_poster(record.output_path, None)

    def play_sequence(self, records: list[TaskRecord]) -> None:
        """Play these finished clips one after another, as the film will show them."""
        if records:
            self.sequence = list(records)
            self.panel.play_files([Path(record.output_path) for record in records])

    def _clip_started(self, place: int) -> None:
        if self.sequence and place < len(self.sequence):
            record = self.sequence[place]
            self.previewing = record.id
            self.previewChanged.emit(record)
            self.sequenceAt.emit(place)

    def open_externally(self, record: TaskRecord | None) -> None:
        if record is not None and Path(record.output_path).exists():
            QDesktopServices.openUrl(QUrl.fromLocalFile(record.output_path))

    def download_again(self) -> None:
        if self.manager is not None and self.previewing is not None:
            if self.panel.source is not None:
                self.release_file(self.panel.source)  # what is downloaded may take its place
            self.panel.show_problem(translate("Controller", "Downloading again…"))
            self.background.spawn(self.manager.download_again(self.previewing), "download-again")

    # ----- posters ------------------------------------------------------------------------------

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


def _same_file(one: Path, other: Path) -> bool:
    """One path on a case-insensitive system too (``Clip.mp4``, ``clip.mp4``)."""
    return one == other or same_name(str(one.absolute()), str(other.absolute()))
