"""The task list as a Qt model: newest first, one row per task, updated from the manager's events."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Final

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QImage

from veo_desktop.core.describe import (
    ON_THE_SERVICE,
    TICKING,
    cost_text,
    elapsed_text,
    excerpt,
    settings_text,
    state_text,
    status_text,
)
from veo_desktop.core.estimate import Estimate, RenderTimes, estimate
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.gui.row_actions import spoken_actions
from veo_desktop.i18n import translate

RecordRole: Final = Qt.ItemDataRole.UserRole + 1
ProgressRole: Final = Qt.ItemDataRole.UserRole + 2  # (received, total) while downloading
ThumbnailRole: Final = Qt.ItemDataRole.UserRole + 3
EstimateRole: Final = Qt.ItemDataRole.UserRole + 4
StatusRole: Final = Qt.ItemDataRole.UserRole + 5  # the row's status line, as drawn
DetailsRole: Final = Qt.ItemDataRole.UserRole + 6  # its picture's name, settings, time taken, cost
OutageRole: Final = Qt.ItemDataRole.UserRole + 7  # True: the row says the service cannot be reached
Index = QModelIndex | QPersistentModelIndex
PAGE: Final = 200  # rows read from the history at a time; the list asks for more as it scrolls
NAME_CHARS: Final = 28  # a longer picture name is shortened in its middle (its end tells a batch apart)
MorePages = Callable[[TaskRecord, int], list[TaskRecord]]  # (last loaded record, how many) -> older ones


class TaskListModel(QAbstractListModel):
    page_loaded = Signal(list)  # the records a fetchMore added

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._records: list[TaskRecord] = []
        self._more: MorePages | None = None
        self.render_times = RenderTimes()
        self._progress: dict[int, tuple[int, int]] = {}
        self._thumbnails: dict[str, QImage] = {}
        self.outage = ""  # the service cannot be reached: said on every row that waits on it
        self._hidden: set[int] = set()  # removed from the list while Undo is offered: not shown

    # ----- Qt -----------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        if role == RecordRole:
            return record
        if role == Qt.ItemDataRole.DisplayRole:
            return excerpt(record.prompt)
        if role == EstimateRole:
            return self.estimate(record)
        if role == StatusRole:
            return self.status_line(record)
        if role == OutageRole:
            return self.shows_outage(record)
        if role == DetailsRole:
            details = f"{settings_text(record)}   {elapsed_text(record)}   {cost_text(record)}"
            # A batch's rows share a prompt: the picture each one started from tells them apart.
            return f"{_short_name(record.image_name)}   {details}" if record.image_name else details
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if self.shows_outage(record):
                status = self.status_line(record)
            else:
                progress = self.estimate(record).text()
                status = f"{status_text(record)} ({progress})" if progress else status_text(record)
            spoken = [excerpt(record.prompt), status, record.image_name, settings_text(record)]
            spoken.append(spoken_actions(record))
            return ". ".join(part for part in spoken if part)
        if role == Qt.ItemDataRole.ToolTipRole:
            status = self.status_line(record) if self.shows_outage(record) else status_text(record)
            lines = [record.prompt, settings_text(record), status, cost_text(record)]
            if record.task_id:
                lines.append(translate("TaskList", "Task id: {task_id}").format(task_id=record.task_id))
            return "\n".join(line for line in lines if line)
        if role == ProgressRole:
            return self._progress.get(record.id)
        if role == ThumbnailRole:
            return self._thumbnails.get(record.image_copy)
        return None

    # ----- updates ------------------------------------------------------------------------------

    def load(self, records: list[TaskRecord], more: MorePages | None = None) -> None:
        """The first page; ``more`` reads the next ones when the view scrolls near the end."""
        self.beginResetModel()
        self._records = [r for r in records if r.id not in self._hidden]
        self._more = more if len(records) >= PAGE else None
        self._progress.clear()
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more is not None and bool(self._records)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        assert self._more is not None
        page = self._more(self._records[-1], PAGE)
        if len(page) < PAGE:
            self._more = None
        known = {r.id for r in self._records} | self._hidden
        page = [r for r in page if r.id not in known]
        if page:
            first = len(self._records)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._records.extend(page)
            self.endInsertRows()
            self.page_loaded.emit(page)

    def estimate(self, record: TaskRecord) -> Estimate:
        return estimate(record, time.time(), self.render_times)

    def shows_outage(self, record: TaskRecord) -> bool:
        """The row says the service cannot be reached (and offers "Retry now")."""
        return bool(self.outage) and record.state in ON_THE_SERVICE

    def status_line(self, record: TaskRecord) -> str:
        """What the row says of the task: its state, with the estimate while it runs; while the service
        cannot be reached, that (its own trouble from the last try is about the same outage)."""
        if self.shows_outage(record):
            return f"{state_text(record)} · {self.outage}"
        words = status_text(record)
        guess = self.estimate(record).text() if record.state in ("queued", "in_progress") else ""
        return f"{words} · {guess}" if guess else words

    def set_outage(self, text: str) -> None:
        """The service cannot be reached (``text`` says until when it is tried again), or "" when it can."""
        if text == self.outage:
            return
        self.outage = text
        for row, record in enumerate(self._records):
            if record.state in ON_THE_SERVICE:
                index = self.index(row)
                self.dataChanged.emit(index, index)

    def row_of(self, local_id: int) -> int:
        for row, record in enumerate(self._records):
            if record.id == local_id:
                return row
        return -1

    def record_at(self, row: int) -> TaskRecord:
        return self._records[row]

    def upsert(self, record: TaskRecord) -> None:
        if record.id in self._hidden:
            return
        row = self.row_of(record.id)
        if row < 0:
            if self._more is not None and self._records and _older(record, self._records[-1]):
                return  # not loaded yet: it will come with its page
            self.beginInsertRows(QModelIndex(), 0, 0)
            self._records.insert(0, record)
            self.endInsertRows()
            return
        if record.state == "completed" and self._records[row].state != "completed":
            self.render_times.learn(record)
        self._records[row] = record
        if record.state != "downloading":
            self._progress.pop(record.id, None)
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def remove(self, local_id: int) -> None:
        row = self.row_of(local_id)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._records[row]
        self.endRemoveRows()
        self._progress.pop(local_id, None)

    def forget(self, local_id: int) -> None:
        """The task has left the history: its row goes, and it is no longer kept hidden."""
        self._hidden.discard(local_id)
        self.remove(local_id)

    def hide(self, local_id: int) -> None:
        """Take a task's row off the list (Undo is offered); the history still has it."""
        self._hidden.add(local_id)
        self.remove(local_id)

    def unhide(self, record: TaskRecord) -> None:
        """Undo: the task's row comes back where it was (the list is newest first)."""
        self._hidden.discard(record.id)
        if self.row_of(record.id) >= 0:
            self.upsert(record)
            return
        if self._more is not None and self._records and _older(record, self._records[-1]):
            return  # not loaded yet: it will come with its page
        row = next((r for r, shown in enumerate(self._records) if _older(shown, record)), len(self._records))
        self.beginInsertRows(QModelIndex(), row, row)
        self._records.insert(row, record)
        self.endInsertRows()

    def set_progress(self, local_id: int, received: int, total: int) -> None:
        row = self.row_of(local_id)
        if row < 0:
            return
        self._progress[local_id] = (received, total)
        index = self.index(row)
        self.dataChanged.emit(index, index, [ProgressRole])

    def set_thumbnail(self, image_copy: str, image: QImage) -> None:
        self._thumbnails[image_copy] = image
        for row, record in enumerate(self._records):
            if record.image_copy == image_copy:
                index = self.index(row)
                self.dataChanged.emit(index, index, [ThumbnailRole])

    def wants_thumbnail(self, image_copy: str) -> bool:
        return bool(image_copy) and image_copy not in self._thumbnails

    def tick(self) -> None:
        """Refresh the elapsed time of running tasks (called once a second)."""
        for row, record in enumerate(self._records):
            if record.state in TICKING:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])


def _older(record: TaskRecord, than: TaskRecord) -> bool:
    return (record.created_at, record.id) < (than.created_at, than.id)


def _short_name(name: str) -> str:
    """A picture's file name, shortened in its middle when long (its end tells a batch's files apart)."""
    if len(name) <= NAME_CHARS:
        return name
    half = (NAME_CHARS - 1) // 2
    return f"{name[:half]}…{name[-half:]}"
