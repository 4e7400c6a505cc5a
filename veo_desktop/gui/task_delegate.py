"""How one task row is drawn: thumbnail, prompt, settings, status with progress, elapsed time, cost."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
)

from veo_desktop.core.describe import excerpt
from veo_desktop.core.estimate import Estimate
from veo_desktop.core.task_record import PROBLEM, TaskRecord
from veo_desktop.gui.style import ERROR_COLOUR, WAIT_COLOUR
from veo_desktop.gui.task_model import (
    DetailsRole,
    EstimateRole,
    OutageRole,
    ProgressRole,
    RecordRole,
    StatusRole,
    ThumbnailRole,
)
from veo_desktop.i18n import translate

ROW_HEIGHT: Final = 84
THUMB: Final = 64
PAD: Final = 10
COARSE: Final = {"queued": 5, "in_progress": 50, "downloading": 95, "completed": 100}


class TaskDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(360, ROW_HEIGHT)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        record: TaskRecord | None = index.data(RecordRole)
        if record is None:
            return
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        rect: QRect = option.rect
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        thumb_rect = QRect(rect.left() + PAD, rect.top() + (rect.height() - THUMB) // 2, THUMB, THUMB)
        thumbnail = index.data(ThumbnailRole)
        if thumbnail is not None:
            scaled = thumbnail.scaled(
                THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
            x = thumb_rect.left() + (THUMB - scaled.width()) // 2
            y = thumb_rect.top() + (THUMB - scaled.height()) // 2
            painter.drawImage(x, y, scaled)
        else:
            painter.fillRect(thumb_rect, palette.color(QPalette.ColorRole.AlternateBase))
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                thumb_rect,
                Qt.AlignmentFlag.AlignCenter,
                translate("TaskList", "Aa") if not record.image_name else "…",
            )
        left = thumb_rect.right() + PAD
        width = rect.right() - left - PAD
        line = painter.fontMetrics().height()
        top = rect.top() + PAD - 2

        title_font = QFont(painter.font())
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(palette.color(text_role))
        badge = translate("TaskList", "DEMO") + "  " if record.demo else ""
        painter.drawText(
            QRect(left, top, width, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(
                badge + excerpt(record.prompt, 120), Qt.TextElideMode.ElideRight, width
            ),
        )
        painter.setFont(option.font)
        muted = palette.color(text_role if selected else QPalette.ColorRole.PlaceholderText)
        painter.setPen(muted)
        details = str(index.data(DetailsRole))
        painter.drawText(QRect(left, top + line + 2, width, line), Qt.AlignmentFlag.AlignLeft, details)

        status_top = top + 2 * line + 6
        progress = index.data(ProgressRole)
        guess: Estimate = index.data(EstimateRole)
        percent = guess.percent if record.state == "in_progress" else COARSE.get(record.state)
        if record.state == "downloading" and progress and progress[1]:
            percent = min(99, progress[0] * 100 // progress[1])
        if percent is not None and record.state != "completed":
            bar = QStyleOptionProgressBar()
            bar.rect = QRect(left, status_top + 2, 90, line - 4)
            bar.minimum, bar.maximum, bar.progress = 0, 100, percent
            # Qt 6 reads the orientation from the state: without State_Horizontal the chunk is drawn
            # vertically in a 10-pixel box, which looks like an empty bar.
            bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
            style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter)
            status_left = left + 100
        else:
            status_left = left
        words = str(index.data(StatusRole))
        colour = ERROR_COLOUR if record.state in PROBLEM else WAIT_COLOUR if index.data(OutageRole) else ""
        painter.setPen(QColor(colour) if colour and not selected else palette.color(text_role))
        status = painter.fontMetrics().elidedText(
            words, Qt.TextElideMode.ElideRight, rect.right() - status_left - PAD
        )
        painter.drawText(QRect(status_left, status_top, width, line), Qt.AlignmentFlag.AlignLeft, status)
        painter.restore()
