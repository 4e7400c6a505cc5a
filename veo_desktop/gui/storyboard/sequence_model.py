"""The sequence's clips, in order, with their poster frames: what the strip shows. It changes only when
the sequence controller says so (add, move, remove), and it can be dragged: within the strip by row, to
other applications as files."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QUrl,
)
from PySide6.QtGui import QIcon, QImage, QPixmap

from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.describe import excerpt
from veo_desktop.gui.common.clip_drag import TASKS_MIME, encode_ids
from veo_desktop.i18n import translate

SequenceRecordRole: Final = Qt.ItemDataRole.UserRole + 21
ROWS_MIME: Final = "application/x-veo-sequence-rows"  # a drag within the strip: the rows moved
Index = QModelIndex | QPersistentModelIndex


class SequenceModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._clips: list[TaskRecord] = []
        self._posters: dict[str, QIcon] = {}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._clips)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self._clips[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{index.row() + 1}. {excerpt(record.prompt, 30)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{record.prompt}\n{record.output_path}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return translate("Sequence", "Clip {number}: {prompt}").format(
                number=index.row() + 1, prompt=excerpt(record.prompt, 60)
            )
        if role == Qt.ItemDataRole.DecorationRole:
            return self._posters.get(record.output_path)
        if role == SequenceRecordRole:
            return record
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index) | Qt.ItemFlag.ItemIsDropEnabled
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [ROWS_MIME, TASKS_MIME, "text/uri-list"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        mime.setData(ROWS_MIME, encode_ids(rows))
        mime.setUrls([QUrl.fromLocalFile(self._clips[r].output_path) for r in rows])
        return mime

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    # ----- what the controller changes ----------------------------------------------------------

    def records(self) -> list[TaskRecord]:
        return list(self._clips)

    def set_records(self, records: list[TaskRecord]) -> None:
        self.beginResetModel()
        self._clips = list(records)
        self.endResetModel()

    def append(self, record: TaskRecord) -> None:
        row = len(self._clips)
        self.beginInsertRows(QModelIndex(), row, row)
        self._clips.append(record)
        self.endInsertRows()

    def move(self, row: int, to: int) -> bool:
        """Put the clip at ``row`` at position ``to`` (counted after it has left its place)."""
        if not (0 <= row < len(self._clips) and 0 <= to < len(self._clips)) or row == to:
            return False
        # Qt counts the destination before the move: one further when moving later.
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), to + 1 if to > row else to)
        self._clips.insert(to, self._clips.pop(row))
        self.endMoveRows()
        self._renumber()
        return True

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._clips):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._clips[row]
            self.endRemoveRows()
            self._renumber()

    def replace(self, record: TaskRecord) -> None:
        """The history's news of a clip in the sequence (its file downloaded again, say)."""
        for row, clip in enumerate(self._clips):
            if clip.id == record.id:
                self._clips[row] = record
                self.dataChanged.emit(self.index(row), self.index(row))

    def set_poster(self, output_path: str, image: QImage) -> None:
        self._posters[output_path] = QIcon(QPixmap.fromImage(image))
        for row, record in enumerate(self._clips):
            if record.output_path == output_path:
                self.dataChanged.emit(self.index(row), self.index(row), [Qt.ItemDataRole.DecorationRole])

    def wants_poster(self, output_path: str) -> bool:
        return bool(output_path) and output_path not in self._posters

    def _renumber(self) -> None:
        """The titles carry the clips' places in the film."""
        if self._clips:
            self.dataChanged.emit(
                self.index(0), self.index(len(self._clips) - 1), [Qt.ItemDataRole.DisplayRole]
            )
