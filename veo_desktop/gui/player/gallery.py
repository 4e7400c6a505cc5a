"""The gallery: past videos as a grid of poster frames, newest first, filterable by prompt text. A video
can be dragged out of it into another application (a file URL drag) or onto the sequence's strip; its
menu continues it or adds it to the sequence. The films made from storyboards come first, each a tile
of its own ("Film · 3 shots"): it plays in the preview, and its menu shows it in its folder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QLineEdit, QListView, QMenu, QVBoxLayout, QWidget

from veo_desktop.core.storyboard.window_board import KeptFilm, film_title
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.describe import excerpt
from veo_desktop.gui.common import action_names
from veo_desktop.gui.common.clip_drag import TASKS_MIME, encode_ids
from veo_desktop.gui.common.clip_menu import ClipAdvice, add_clip_actions, no_advice
from veo_desktop.i18n import translate

GalleryRecordRole: Final = Qt.ItemDataRole.UserRole + 11
GalleryFilmRole: Final = Qt.ItemDataRole.UserRole + 12
TILE: Final = QSize(200, 112)
GALLERY_LIMIT: Final = 300  # the newest finished videos; older ones stay in the task list's pages
Index = QModelIndex | QPersistentModelIndex


def _missing_tile() -> QPixmap:
    tile = QPixmap(TILE)
    tile.fill(QColor("#444"))
    painter = QPainter(tile)
    painter.setPen(QColor("#ddd"))
    painter.drawText(
        tile.rect(), Qt.AlignmentFlag.AlignCenter, translate("Gallery", "Missing: download again")
    )
    painter.end()
    return tile


def _film_tile(film: KeptFilm) -> QIcon:
    """The film's first frame, or a plain tile saying it is a film."""
    image = QImage(film.poster) if film.poster else QImage()
    if not image.isNull():
        return QIcon(QPixmap.fromImage(image))
    tile = QPixmap(TILE)
    tile.fill(QColor("#223"))
    painter = QPainter(tile)
    painter.setPen(QColor("#ddd"))
    painter.drawText(tile.rect(), Qt.AlignmentFlag.AlignCenter, film_title(film))
    painter.end()
    return QIcon(tile)


class GalleryModel(QAbstractListModel):
    """The films first (rows ``0 … len(films) - 1``), then the finished videos, newest first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._films: list[KeptFilm] = []
        self._film_tiles: dict[KeptFilm, QIcon] = {}
        self._records: list[TaskRecord] = []
        self._posters: dict[str, QIcon] = {}
        self._missing: set[str] = set()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._films) + len(self._records)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.row() < len(self._films):
            return self._film_data(self._films[index.row()], role)
        record = self._records[index.row() - len(self._films)]
        if role == Qt.ItemDataRole.DisplayRole:
            return excerpt(record.prompt, 40)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{record.prompt}\n{record.output_path}"
        if role == Qt.ItemDataRole.DecorationRole:
            if record.output_path in self._missing:
                return QIcon(_missing_tile())
            return self._posters.get(record.output_path)
        if role == GalleryRecordRole:
            return record
        return None

    def _film_data(self, film: KeptFilm, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return film_title(film)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{film_title(film)}\n{film.path}"
        if role == Qt.ItemDataRole.DecorationRole:
            if film not in self._film_tiles:
                self._film_tiles[film] = _film_tile(film)
            return self._film_tiles[film]
        if role == GalleryFilmRole:
            return film
        return None

    def show_films(self, films: Sequence[KeptFilm]) -> None:
        """The films made from storyboards, newest first (those whose file is gone left out already)."""
        self.beginResetModel()
        self._films = list(films)
        self._film_tiles = {f: t for f, t in self._film_tiles.items() if f in self._films}
        self.endResetModel()

    def films(self) -> list[KeptFilm]:
        return list(self._films)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        shift = len(self._films)
        records = [self._records[i.row() - shift] for i in indexes if i.isValid() and i.row() >= shift]
        films = [self._films[i.row()].path for i in indexes if i.isValid() and i.row() < shift]
        files = [*films, *(r.output_path for r in records)]
        mime.setUrls([QUrl.fromLocalFile(path) for path in files if Path(path).exists()])
        mime.setData(TASKS_MIME, encode_ids([r.id for r in records]))  # for the sequence's strip
        return mime

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def load(self, records: list[TaskRecord]) -> None:
        self.beginResetModel()
        self._records = [r for r in records if r.state == "completed" and r.output_path]
        self.endResetModel()

    def upsert(self, record: TaskRecord) -> None:
        rows = [i for i, r in enumerate(self._records) if r.id == record.id]
        shift = len(self._films)
        if record.state != "completed":
            if rows:
                self.beginRemoveRows(QModelIndex(), shift + rows[0], shift + rows[0])
                del self._records[rows[0]]
                self.endRemoveRows()
            return
        if rows:
            self._records[rows[0]] = record
            self._missing.discard(record.output_path)
            index = self.index(shift + rows[0])
            self.dataChanged.emit(index, index)
            return
        self.beginInsertRows(QModelIndex(), shift, shift)
        self._records.insert(0, record)
        self.endInsertRows()

    def set_poster(self, output_path: str, image: QImage | None) -> None:
        if image is None:
            self._missing.add(output_path)
        else:
            self._posters[output_path] = QIcon(QPixmap.fromImage(image))
            self._missing.discard(output_path)
        for row, record in enumerate(self._records, len(self._films)):
            if record.output_path == output_path:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def wants_poster(self, output_path: str) -> bool:
        return output_path not in self._posters and output_path not in self._missing

    def records(self) -> list[TaskRecord]:
        return list(self._records)


class GalleryView(QWidget):
    selected = Signal(object)  # TaskRecord
    opened = Signal(object)  # TaskRecord: double click, the system player
    clipAction = Signal(str, object)  # a clip's action (clip_menu.CLIP_ACTIONS), TaskRecord
    filmSelected = Signal(object)  # KeptFilm: to play in the preview
    filmRevealRequested = Signal(object)  # KeptFilm: Show in folder

    def __init__(self, model: GalleryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gallery")
        self.filter = QLineEdit(self)
        self.filter.setObjectName("galleryFilter")
        self.filter.setAccessibleName(translate("Gallery", "Filter by prompt"))
        self.filter.setPlaceholderText(translate("Gallery", "Filter by prompt…"))
        self.filter.setClearButtonEnabled(True)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterRole(Qt.ItemDataRole.ToolTipRole)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.grid = QListView(self)
        self.grid.setObjectName("galleryGrid")
        self.grid.setAccessibleName(translate("Gallery", "Gallery"))
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setIconSize(TILE)
        self.grid.setGridSize(QSize(TILE.width() + 16, TILE.height() + 40))
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setWordWrap(True)
        self.grid.setDragEnabled(True)
        self.grid.setDragDropMode(QListView.DragDropMode.DragOnly)
        self.grid.setModel(self.proxy)
        self.grid.clicked.connect(self._chosen)
        self.grid.activated.connect(self._chosen)
        self.grid.doubleClicked.connect(lambda index: self.opened.emit(index.data(GalleryRecordRole)))
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.grid.customContextMenuRequested.connect(self._menu)
        self.clip_advice: ClipAdvice = no_advice  # the controllers say what a finished clip allows
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.grid, 1)

    def _chosen(self, index: QModelIndex) -> None:
        film = index.data(GalleryFilmRole)
        if film is not None:
            self.filmSelected.emit(film)
        else:
            self.selected.emit(index.data(GalleryRecordRole))

    def _menu(self, point: QPoint) -> None:
        index = self.grid.indexAt(point)
        if index.isValid():
            self.menu_for(index.row()).popup(self.grid.viewport().mapToGlobal(point))

    def menu_for(self, row: int) -> QMenu:
        """The menu of the video shown at ``row``."""
        menu = QMenu(self)
        menu.setObjectName("galleryMenu")
        film = self.proxy.index(row, 0).data(GalleryFilmRole)
        if film is not None:
            play = menu.addAction(translate("Gallery", "Play film"))
            play.setObjectName("film_play")
            play.triggered.connect(lambda: self.filmSelected.emit(film))
            reveal = menu.addAction(translate("Actions", action_names.SHOW_IN_FOLDER))
            reveal.setObjectName("film_reveal")
            reveal.triggered.connect(lambda: self.filmRevealRequested.emit(film))
            return menu
        record = self.proxy.index(row, 0).data(GalleryRecordRole)
        add_clip_actions(menu, record, self.clip_advice, lambda action: self.clipAction.emit(action, record))
        return menu

    def visible_prompts(self) -> list[str]:
        return [str(self.proxy.index(r, 0).data()) for r in range(self.proxy.rowCount())]
