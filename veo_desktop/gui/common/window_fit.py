"""The window at any size: a column that scrolls rather than squeezes, and a first size (or one restored
from the last run) that fits the screen the window opens on, HiDPI scaling included."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent, QScreen, QShowEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QLabel, QLayout, QScrollArea, QSizePolicy, QWidget

DEFAULT_SIZE = QSize(1200, 800)  # with no screen to measure
LARGEST_FIRST = QSize(2400, 1500)  # on a larger screen the first window leaves the rest free
# The pictures' column puts the end frame beside the start frame from this width on (under it below):
# a fixed width, so a text that grows or shrinks never moves the panels.
SIDE_BY_SIDE = 520
# From this width on the window has three columns (the pictures, the form, the player and the list);
# below, the form goes under the pictures.
THREE_COLUMNS = 1100
# What a desktop adds around a window (title bar, borders): the window proper leaves room for it.
FRAME_ROOM = QSize(16, 48)


def room_on(screen: QScreen | None) -> QSize:
    """The largest window (without its frame) that fits on ``screen``, in its logical pixels."""
    if screen is None:
        return DEFAULT_SIZE
    available = screen.availableGeometry().size()
    return QSize(
        max(1, available.width() - FRAME_ROOM.width()), max(1, available.height() - FRAME_ROOM.height())
    )


def first_size(screen: QScreen | None) -> QSize:
    """The window's size on the first start: most of the screen it opens on (all of a laptop's)."""
    if screen is None:
        return DEFAULT_SIZE
    return room_on(screen).boundedTo(LARGEST_FIRST)


def fit_on_screen(window: QWidget) -> None:
    """A size and place restored from an earlier run (perhaps on a larger screen, or at another scale),
    made to fit the screen the window is on now: no larger than the screen, and wholly on it."""
    screen = window.screen()
    size = window.size().boundedTo(room_on(screen)).expandedTo(window.minimumSize())
    if size != window.size():
        window.resize(size)
    available = screen.availableGeometry()
    frame = window.frameGeometry()
    width = max(frame.width(), size.width() + FRAME_ROOM.width())
    height = max(frame.height(), size.height() + FRAME_ROOM.height())
    x = max(available.left(), min(frame.left(), available.left() + available.width() - width))
    y = max(available.top(), min(frame.top(), available.top() + available.height() - height))
    if (x, y) != (frame.left(), frame.top()):
        window.move(x, y)


def fits_on_screen(window: QWidget) -> bool:
    """Whether the window, frame and all, lies on the available part of its screen."""
    screen = window.screen()
    return screen is not None and screen.availableGeometry().contains(QRect(window.frameGeometry()))


class ScrollingColumn(QScrollArea):
    """A column of controls that scrolls when the window is too small for it, never squeezing them
    below their minimum size. ``row`` (two panels in the content's layout) is put side by side when the
    column is at least ``side_by_side_from`` pixels wide, one above the other below that: the column's
    width alone decides, so the panels never swap places as their texts change."""

    def __init__(
        self,
        content: QWidget,
        row: QBoxLayout | None,
        parent: QWidget | None = None,
        *,
        side_by_side_from: int = 0,
    ) -> None:
        super().__init__(parent)
        self._row = row
        self._side_by_side_from = side_by_side_from
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(content)
        content.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # a picture came or went: the column's needs changed
        return super().eventFilter(watched, event)

    def minimumSizeHint(self) -> QSize:
        """As narrow as the widest control with the row stacked (nothing scrolls sideways), as low as a
        scroll area can be (the rest scrolls)."""
        hint = super().minimumSizeHint()
        layout = self._content_layout()
        if layout is None:
            return hint
        widths = []
        for index in range(layout.count()):
            item = layout.itemAt(index)
            if item is not None and self._row is not None and item.layout() is self._row:
                widths += _min_widths(self._row)
            elif item is not None:
                widths.append(item.minimumSize().width())
        width = max(widths, default=0) + _outer_width(layout)
        width += 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()
        return QSize(max(hint.width(), width), hint.height())

    def _content_layout(self) -> QLayout | None:
        content = self.widget()
        return content.layout() if content is not None else None

    def side_by_side(self) -> bool:
        """Whether the row's panels are side by side now."""
        return self._row is not None and self._row.direction() == QBoxLayout.Direction.LeftToRight

    def arrange(self) -> None:
        if self._row is None:
            return
        # Judged as if the vertical scroll bar were shown: the arrangement does not flip back and forth
        # as the bar comes and goes.
        room = self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width()
        direction = (
            QBoxLayout.Direction.LeftToRight
            if self._side_by_side_from and room >= self._side_by_side_from
            else QBoxLayout.Direction.TopToBottom
        )
        if self._row.direction() != direction:
            self._row.setDirection(direction)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.arrange()
        super().resizeEvent(event)


def _min_widths(layout: QLayout) -> list[int]:
    items = (layout.itemAt(index) for index in range(layout.count()))
    return [item.minimumSize().width() for item in items if item is not None]


def _outer_width(layout: QLayout) -> int:
    margins = layout.contentsMargins()
    return margins.left() + margins.right()


class SizedLabel(QLabel):
    """A label sized by its layout alone (a picture, or a wrapped hint in its place): it never asks for a
    height for its width, which would hold everything around it at the height it would like."""

    def hasHeightForWidth(self) -> bool:
        return False


class WrappedLabel(QLabel):
    """A text that wraps onto as many lines as its width needs, and asks its layout for their height as
    its minimum: a window's layout counts only one line of a wrapped label (and squeezes the rest, or cuts
    the text), and a layout that asks for heights for widths holds what is around at its liked height."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def hasHeightForWidth(self) -> bool:
        # Its minimum height follows its width (below), so layouts need not ask for a height for a width:
        # a layout that does holds everything in it at the height it would like, never less.
        return False

    def sizeHint(self) -> QSize:
        """As high as its lines at its width, no higher: QLabel's own hint is a wrapped text's height at
        a width of its choosing (often three lines for one), which a layout gives it when it can."""
        hint = super().sizeHint()
        return QSize(hint.width(), self.minimumHeight()) if self.minimumHeight() > 0 else hint

    def setText(self, text: str) -> None:
        super().setText(text)
        if self.isVisible():  # a hidden label has no width of its own yet: it is fitted once shown
            self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit()  # its text may have changed while hidden

    def _fit(self) -> None:
        held = self.minimumHeight()
        self.setMinimumHeight(0)  # QLabel's height for a width is never below its minimum: measure without
        need = max(self.heightForWidth(self.width()), 0) if self.text() else 0
        self.setMinimumHeight(need if need != held else held)


class ElidedLabel(QLabel):
    """One line, cut short with "…" when the room is short: it never asks for more width than it gets."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:
        self._full = text
        self._elide()

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:
        margins = self.contentsMargins()
        return QSize(0, self.fontMetrics().height() + margins.top() + margins.bottom())

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = max(0, self.contentsRect().width())
        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room))
