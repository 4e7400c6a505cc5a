"""How one task row is drawn: thumbnail, prompt, settings, status with progress, elapsed time, cost, and
the buttons of the actions that apply to it (``row_actions``), which a click sends as the menu would."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
)

from veo_desktop.core.task_record import PROBLEM, TaskRecord
from veo_desktop.core.tasks.describe import excerpt
from veo_desktop.core.tasks.estimate import Estimate
from veo_desktop.gui.common.style import ERROR_COLOUR, WAIT_COLOUR
from veo_desktop.gui.tasks.row_actions import row_actions
from veo_desktop.gui.tasks.task_model import (
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
BUTTON_GAP: Final = 6
BUTTON_MARGIN: Final = 8  # each side of a button's label
# The status keeps at least this much of the row: buttons that would leave it less are left out (the
# row's menu has them all).
STATUS_ROOM: Final = 60
PRESS = QEvent.Type.MouseButtonPress
RELEASE = QEvent.Type.MouseButtonRelease
DOUBLE = QEvent.Type.MouseButtonDblClick


def action_rects(rect: QRect, record: TaskRecord, metrics: QFontMetrics) -> list[tuple[str, str, QRect]]:
    """Where the row at ``rect`` draws its buttons (action, label, rect): at the right of its status line,
    as many as leave the status some room."""
    line = metrics.height()
    status_top = rect.top() + PAD - 2 + 2 * line + 6
    floor = rect.left() + PAD + THUMB + PAD + STATUS_ROOM
    right = rect.right() - PAD
    placed: list[tuple[str, str, QRect]] = []
    for found in reversed(row_actions(record)):
        width = metrics.horizontalAdvance(found.label) + 2 * BUTTON_MARGIN
        if right - width < floor:
            break
        placed.insert(
            0, (found.action, found.label, QRect(right - width + 1, status_top - 3, width, line + 6))
        )
        right -= width + BUTTON_GAP
    return placed


class TaskDelegate(QStyledItemDelegate):
    actionClicked = Signal(str, int)  # a row's button: the menu's action, the task's local id

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pressed: tuple[int, str] | None = None  # (local id, action) of the button pressed
        self.on_button = False  # the last press was on a row's button (its double click is no "play")

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        """A left click on a row's button (pressed and released on it) sends its action once; a double
        click is the same one click, never two."""
        if not isinstance(event, QMouseEvent) or event.type() not in (PRESS, RELEASE, DOUBLE):
            return super().editorEvent(event, model, option, index)
        record: TaskRecord | None = index.data(RecordRole)
        hit = ""
        if record is not None and event.button() == Qt.MouseButton.LeftButton:
            point = event.position().toPoint()
            hits = [
                a
                for a, _label, r in action_rects(option.rect, record, option.fontMetrics)
                if r.contains(point)
            ]
            hit = hits[0] if hits else ""
        if event.type() == PRESS:
            self.on_button = bool(hit)
            self._pressed = (record.id, hit) if record is not None and hit else None
            return bool(hit)
        if event.type() == DOUBLE:
            self._pressed = None  # the second press of a double click: its release sends nothing
            return bool(hit)
        pressed, self._pressed = self._pressed, None
        if record is not None and hit and pressed == (record.id, hit):
            self.actionClicked.emit(hit, record.id)
            return True
        return bool(hit)

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
        buttons = action_rects(rect, record, option.fontMetrics)
        for _action, label, button_rect in buttons:  # drawn before the status: it stays the last text
            button = QStyleOptionButton()
            if option.widget is not None:
                button.initFrom(option.widget)
            button.rect = button_rect
            button.text = label
            button.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
            style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, option.widget)
        status_right = buttons[0][2].left() - BUTTON_GAP if buttons else rect.right() - PAD
        words = str(index.data(StatusRole))
        colour = ERROR_COLOUR if record.state in PROBLEM else WAIT_COLOUR if index.data(OutageRole) else ""
        painter.setPen(QColor(colour) if colour and not selected else palette.color(text_role))
        status = painter.fontMetrics().elidedText(
            words, Qt.TextElideMode.ElideRight, status_right - status_left
        )
        painter.drawText(QRect(status_left, status_top, width, line), Qt.AlignmentFlag.AlignLeft, status)
        painter.restore()
