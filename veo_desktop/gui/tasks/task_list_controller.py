"""The task list's contents: the history's pages as the list scrolls (read on the history's thread,
shown when they come), every change the task manager reports, the reference thumbnails (read off the
UI thread), the running clocks, and the tasks other Veo Desktops write (shown as they work on them,
taken over when they end)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage

from veo_desktop.core.clips.video_size import size_text, video_size
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.estimate import RenderTimes
from veo_desktop.core.tasks.manager import TaskManager
from veo_desktop.gui.common.background import BackgroundTasks
from veo_desktop.gui.tasks.task_model import PAGE, TaskListModel

THUMBNAIL = 128  # pixels, the longer side


class TaskListController(QObject):
    videoArrived = Signal(object)  # TaskRecord: its video has just been saved

    def __init__(self, model: TaskListModel, background: BackgroundTasks, parent: QObject) -> None:
        super().__init__(parent)
        self.model = model
        self.background = background
        self.manager: TaskManager | None = None
        self._adopting: asyncio.Task[None] | None = None
        model.page_loaded.connect(self._load_thumbnails)
        model.page_loaded.connect(self._load_sizes)

    def attach(self, manager: TaskManager, finished: list[TaskRecord]) -> None:
        """Show the history's newest page once read (older ones as the list scrolls); ``finished``, the
        newest saved videos, teach the estimates how long renders take."""
        self.manager = manager
        self.model.render_times = RenderTimes.from_history(finished)
        self.background.spawn(self._first_page(manager), "task-list", session=True)

    async def _first_page(self, manager: TaskManager) -> None:
        first_page = await manager.history.page(PAGE)
        if manager is not self.manager:
            return  # detached meanwhile
        # What the task manager reported while the page was read is newer than it (or not in it): kept.
        told = [self.model.record_at(row) for row in reversed(range(self.model.rowCount()))]
        self.model.load(first_page, self._ask_page)
        for record in told:
            self.model.upsert(record)
        self._load_thumbnails(first_page)
        self._load_sizes(first_page)

    def _ask_page(self, last: TaskRecord, limit: int, load: int) -> None:
        """The list scrolled near its end: the page after ``last`` is read, then shown."""
        if self.manager is not None:
            self.background.spawn(
                self._next_page(self.manager, last, limit, load), "task-list-page", session=True
            )

    async def _next_page(self, manager: TaskManager, last: TaskRecord, limit: int, load: int) -> None:
        try:
            page = await manager.history.page(limit, older_than=last)
        except BaseException:
            self.model.page_lost(load)  # asked again on the next scroll
            raise
        if manager is self.manager:
            self.model.add_page(page, load)

    def detach(self) -> None:
        self.manager = None
        if self._adopting is not None:  # nothing more is taken over in a closing session
            self._adopting.cancel()
            self._adopting = None
        self.model.load([])

    # ----- what the task manager reports -------------------------------------------------------

    def record_added(self, record: TaskRecord) -> None:
        self.model.upsert(record)
        self._load_thumbnails([record])

    def record_changed(self, record: TaskRecord) -> None:
        before = self.model.row_of(record.id)
        was = self.model.record_at(before).state if before >= 0 else ""
        self.model.upsert(record)
        if record.state == "completed" and was != "completed":
            self._load_sizes([record])
            self.videoArrived.emit(record)

    def record_removed(self, record: TaskRecord) -> None:
        self.model.forget(record.id)

    def download_progress(self, local_id: int, received: int, total: int) -> None:
        self.model.set_progress(local_id, received, total)

    # ----- once a second ------------------------------------------------------------------------

    def tick(self) -> None:
        self.model.tick()

    def show_outage(self, text: str) -> None:
        """The service cannot be reached: the rows waiting on it say so (``text``), or no longer ("")."""
        self.model.set_outage(text)

    def adopt(self) -> None:
        """What other Veo Desktops (a command in a terminal, another window) write: their tasks are
        shown as they go and taken over when their process ends. A cheap check when nothing changed."""
        manager = self.manager
        if manager is None or self._adopting is not None:
            return
        self._adopting = self.background.spawn(self._adopt(manager), "adopt")

    async def _adopt(self, manager: TaskManager) -> None:
        try:
            await manager.adopt()
        finally:
            if self._adopting is asyncio.current_task():
                self._adopting = None

    # ----- thumbnails ---------------------------------------------------------------------------

    def _load_thumbnails(self, records: list[TaskRecord]) -> None:
        wanted = {r.image_copy for r in records if self.model.wants_thumbnail(r.image_copy)}
        for path in wanted:
            self.background.spawn(self._thumbnail(path), "thumbnail")

    def _load_sizes(self, records: list[TaskRecord]) -> None:
        """The offline demo's clips: their rows say the size their files hold, read off the UI thread."""
        for record in records:
            if self.model.wants_size(record):
                self.background.spawn(self._size(record.id, Path(record.output_path)), "video-size")

    async def _size(self, local_id: int, path: Path) -> None:
        text = size_text(await asyncio.to_thread(video_size, path))
        if text:
            self.model.set_size(local_id, text)

    async def _thumbnail(self, path: str) -> None:
        image = await asyncio.to_thread(_read_thumbnail, path)
        if not image.isNull():
            self.model.set_thumbnail(path, image)


def _read_thumbnail(path: str) -> QImage:
    image = QImage(path)
    if image.isNull():
        return image
    return image.scaled(
        THUMBNAIL,
        THUMBNAIL,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
