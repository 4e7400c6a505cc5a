"""The task list as a Qt model: newest first, one row per task, updated from the manager's events."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Final

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QImage

from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.attempts import attempt_key, attempt_text, earlier_attempts_text, supersedes
from veo_desktop.core.tasks.describe import (
    ON_THE_SERVICE,
    TICKING,
    cost_text,
    elapsed_text,
    excerpt,
    settings_text,
    state_text,
    status_text,
)
from veo_desktop.core.tasks.estimate import Estimate, RenderTimes, estimate
from veo_desktop.core.tasks.service_words import known_reason, service_said
from veo_desktop.gui.tasks.row_actions import spoken_actions
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
# Asks for the next page (the last loaded record, how many): read off the window's thread, it comes back
# through :meth:`TaskListModel.add_page`, with the number :meth:`TaskListModel.load` gave it.
MorePages = Callable[[TaskRecord, int, int], None]


class TaskListModel(QAbstractListModel):
    page_loaded = Signal(list)  # the records a fetchMore added

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._records: list[TaskRecord] = []
        self._more: MorePages | None = None
        self._asked = False  # the next page was asked for and has not come yet
        self._loads = 0  # which load a page that comes back belongs to
        self.render_times = RenderTimes()
        self._progress: dict[int, tuple[int, int]] = {}
        self._thumbnails: dict[str, QImage] = {}
        self._sizes: dict[int, str] = {}  # a demo clip's own size (``640x360``), read from its file
        self.outage = ""  # the service cannot be reached: said on every row that waits on it
        self._hidden: set[int] = set()  # removed from the list while Undo is offered: not shown
        # One row per attempt chain: a failed task sent again is folded into its newer attempt's row.
        self._earlier: dict[int, list[TaskRecord]] = {}  # a row's task id -> its earlier attempts
        self._folded: dict[int, int] = {}  # an earlier attempt's id -> the row's task id
        self._newest: dict[tuple[object, ...], TaskRecord] = {}  # by attempt key: the newest row

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
            details = f"{self.settings_of(record)}   {elapsed_text(record)}   {cost_text(record)}"
            attempt = attempt_text(self._earlier.get(record.id, []))
            details = f"{details}   {attempt}" if attempt else details
            # A batch's rows share a prompt: the picture each one started from tells them apart.
            return f"{_short_name(record.image_name)}   {details}" if record.image_name else details
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if self.shows_outage(record):
                status = self.status_line(record)
            else:
                progress = self.estimate(record).text()
                status = f"{status_text(record)} ({progress})" if progress else status_text(record)
            spoken = [excerpt(record.prompt), status, record.image_name, self.settings_of(record)]
            spoken.append(spoken_actions(record))
            return ". ".join(part for part in spoken if part)
        if role == Qt.ItemDataRole.ToolTipRole:
            status = self.status_line(record) if self.shows_outage(record) else status_text(record)
            lines = [record.prompt, self.settings_of(record), status, cost_text(record)]
            if known_reason(record.last_error, record.state):  # the row put them in other words
                lines.append(service_said(record.last_error))
            if record.task_id:
                lines.append(translate("TaskList", "Task id: {task_id}").format(task_id=record.task_id))
            lines.extend(earlier_attempts_text(self._earlier.get(record.id, [])))
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
        self._earlier, self._folded, self._newest = {}, {}, {}
        self._records = self._fold([r for r in records if r.id not in self._hidden])
        self._more = more if len(records) >= PAGE else None
        self._asked = False
        self._loads += 1
        self._progress.clear()
        self.endResetModel()

    @property
    def loads(self) -> int:
        """How many times the list was loaded: a page asked for under an earlier load is dropped."""
        return self._loads

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more is not None and bool(self._records) and not self._asked

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        assert self._more is not None
        self._asked = True
        self._more(self._records[-1], PAGE, self._loads)

    def page_lost(self, load: int) -> None:
        """The page asked for could not be read: asked again when the list scrolls."""
        if load == self._loads:
            self._asked = False

    def add_page(self, page: list[TaskRecord], load: int) -> None:
        """The page :meth:`fetchMore` asked for, read: its rows go at the end."""
        if load != self._loads or not self._asked:
            return  # the list was loaded again meanwhile
        self._asked = False
        if len(page) < PAGE:
            self._more = None
        known = {r.id for r in self._records} | self._hidden | set(self._folded)
        page = self._fold([r for r in page if r.id not in known])
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

    def _fold(self, records: list[TaskRecord]) -> list[TaskRecord]:
        """Of ``records`` (newest first, older than the rows already shown), those that get a row: an
        earlier attempt goes on its newer attempt's row instead."""
        shown = []
        for record in records:
            newer = self._newest.get(attempt_key(record))
            if newer is not None and supersedes(newer, record):
                self._folded[record.id] = newer.id
                self._earlier.setdefault(newer.id, []).append(record)
            else:
                self._newest.setdefault(attempt_key(record), record)
                shown.append(record)
        return shown

    def _fold_into(self, newer: TaskRecord) -> None:
        """``newer`` is a new row: the row of an attempt it stands for goes, folded into it."""
        key = attempt_key(newer)
        older = self._newest.get(key)
        self._newest[key] = newer if older is None or not _older(newer, older) else older
        if older is not None and older.id != newer.id and supersedes(newer, older):
            self._fold_pair(newer, older)

    def _fold_pair(self, newer: TaskRecord, older: TaskRecord) -> None:
        self.remove(older.id)
        self._earlier[newer.id] = [*self._earlier.get(newer.id, []), older, *self._earlier.pop(older.id, [])]
        for folded in (older.id, *(r.id for r in self._earlier[newer.id])):
            self._folded[folded] = newer.id

    def upsert(self, record: TaskRecord) -> None:
        if record.id in self._hidden:
            return
        if record.id in self._folded:  # an earlier attempt: its newer attempt's row holds it
            attempts = self._earlier.get(self._folded[record.id], [])
            self._earlier[self._folded[record.id]] = [record if r.id == record.id else r for r in attempts]
            return
        row = self.row_of(record.id)
        if row < 0:
            if self._more is not None and self._records and _older(record, self._records[-1]):
                return  # not loaded yet: it will come with its page
            self.beginInsertRows(QModelIndex(), 0, 0)
            self._records.insert(0, record)
            self.endInsertRows()
            self._fold_into(record)
            return
        if record.state == "completed" and self._records[row].state != "completed":
            self.render_times.learn(record)
        self._records[row] = record
        if record.state != "downloading":
            self._progress.pop(record.id, None)
        index = self.index(row)
        self.dataChanged.emit(index, index)
        newer = self._newest.get(attempt_key(record))
        if newer is not None and newer.id == record.id:
            self._newest[attempt_key(record)] = record  # as it is now
        elif newer is not None and supersedes(newer, record):
            self._fold_pair(newer, record)  # it ended without a video while a newer attempt was sent

    def remove(self, local_id: int) -> None:
        row = self.row_of(local_id)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._records[row]
        self.endRemoveRows()
        self._progress.pop(local_id, None)

    def forget(self, local_id: int) -> None:
        """The task has left the history: its row goes (its earlier attempts with it), and it is no
        longer kept hidden."""
        self._hidden.discard(local_id)
        self.remove(local_id)
        for record in self._earlier.pop(local_id, []):
            self._folded.pop(record.id, None)

    def earlier_attempts(self, local_id: int) -> list[TaskRecord]:
        """The attempts a row stands for (each ended without a video, not charged), oldest first."""
        return sorted(self._earlier.get(local_id, []), key=lambda r: (r.created_at, r.id))

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

    def settings_of(self, record: TaskRecord) -> str:
        """Its settings as the row says them (a demo clip's own size instead of its resolution)."""
        return settings_text(record, self._sizes.get(record.id, ""))

    def set_size(self, local_id: int, text: str) -> None:
        """The saved video's own size, said instead of the resolution it was asked for."""
        self._sizes[local_id] = text
        row = self.row_of(local_id)
        if row >= 0:
            index = self.index(row)
            self.dataChanged.emit(index, index)

    def wants_size(self, record: TaskRecord) -> bool:
        """An offline demo clip, saved, whose size has not been read: its file says what it is."""
        return (
            record.demo
            and record.state == "completed"
            and bool(record.output_path)
            and (record.id not in self._sizes)
        )

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
