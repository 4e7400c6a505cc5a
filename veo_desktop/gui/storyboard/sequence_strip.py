"""The strip of posters, left to right in the film's order. Dragging a poster to another place, or a
gallery video onto the strip, is forwarded as intent (the controller reorders or adds); nothing is
moved by the view itself. Keys: Delete removes the clip, Ctrl+Left / Ctrl+Right move it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QDrag, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from veo_desktop.gui.common.clip_drag import TASKS_MIME, decode_ids
from veo_desktop.gui.storyboard.sequence_model import ROWS_MIME
from veo_desktop.i18n import translate

POSTER = QSize(160, 90)


class SequenceStrip(QListView):
    moveRequested = Signal(int, int)  # row, to: the clip at ``row`` goes to place ``to``
    removeRequested = Signal(int)
    tasksDropped = Signal(list, int)  # list[int] local task ids, the place they go (-1: the end)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sequenceStrip")
        self.setAccessibleName(translate("Sequence", "Clips of the sequence, in order"))
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setIconSize(POSTER)
        self.setGridSize(QSize(POSTER.width() + 16, POSTER.height() + 40))
        self.setMovement(QListView.Movement.Static)  # the controller moves clips, never the view
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)  # and its viewport's, once shown (see showEvent)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setMinimumHeight(POSTER.height() + 60)

    def showEvent(self, event: QShowEvent) -> None:
        # A static view turns its viewport's drops off. Turned on here, not when built: the first
        # ``viewport()`` call of the process makes some 60 of Qt's enum classes in Python (10 ms), which
        # the window's first paint need not wait for; nothing is dropped on a strip not yet shown.
        self.viewport().setAcceptDrops(True)
        super().showEvent(event)

    def selected_row(self) -> int:
        rows = self.selectionModel().selectedRows() if self.selectionModel() is not None else []
        return rows[0].row() if rows else -1

    def place_at(self, point: QPoint) -> int:
        """Where a clip dropped at ``point`` (viewport coordinates) goes: before the poster under it
        when on its left half, after it when on its right half; the end when past the last."""
        index = self.indexAt(point)
        count = self.model().rowCount() if self.model() is not None else 0
        if not index.isValid():
            return count
        rect = self.visualRect(index)
        return index.row() + (1 if point.x() > rect.center().x() else 0)

    # ----- dragging -----------------------------------------------------------------------------

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        """The drag carries the rows; the drop only asks for the move (the model is never changed by
        the drag itself, so a drop elsewhere removes nothing)."""
        indexes = self.selectedIndexes()
        model = self.model()
        if not indexes or model is None:
            return
        drag = QDrag(self)
        drag.setMimeData(model.mimeData(indexes))
        icon = indexes[0].data(Qt.ItemDataRole.DecorationRole)
        if icon is not None:
            drag.setPixmap(icon.pixmap(POSTER / 2))
        drag.exec(Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, Qt.DropAction.MoveAction)

    def _wanted(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        mime = event.mimeData()
        return bool(decode_ids(mime, ROWS_MIME) or decode_ids(mime, TASKS_MIME))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._wanted(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._wanted(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        place = self.place_at(event.position().toPoint())
        rows, tasks = decode_ids(mime, ROWS_MIME), decode_ids(mime, TASKS_MIME)
        if not rows and not tasks:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)  # nothing for the drag's source to delete
        event.accept()
        if rows:
            row = rows[0]
            self.moveRequested.emit(row, place - 1 if place > row else place)
        else:
            self.tasksDropped.emit(tasks, place)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row = self.selected_row()
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if row >= 0 and event.key() == Qt.Key.Key_Delete:
            self.removeRequested.emit(row)
        elif row >= 0 and ctrl and event.key() == Qt.Key.Key_Left:
            self.moveRequested.emit(row, row - 1)
        elif row >= 0 and ctrl and event.key() == Qt.Key.Key_Right:
            self.moveRequested.emit(row, row + 1)
        else:
            super().keyPressEvent(event)
