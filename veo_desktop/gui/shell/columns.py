"""The window's columns: the pictures (the start frame, the end frame under it or beside it), the form
(the prompt, the settings and Generate) and the player with the list. From THREE_COLUMNS wide on each
has a column, so Generate stays in view whatever the pictures need; below, the form goes under the
pictures and their column scrolls. The window's width alone decides, never a text: nothing jumps as
words change."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtWidgets import QApplication, QBoxLayout, QSplitter, QVBoxLayout, QWidget

from veo_desktop.gui.common.window_fit import SIDE_BY_SIDE, THREE_COLUMNS, ScrollingColumn


class Columns(QSplitter):
    def __init__(self, start: QBoxLayout, end_panel: QWidget, form: QWidget, right: QSplitter) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.setObjectName("mainSplitter")
        self.setChildrenCollapsible(False)
        self.form = form
        self.right = right
        frames = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        frames.addLayout(start, 3)
        frames.addWidget(end_panel, 2)
        pictures = QWidget()
        pictures.setObjectName("framesColumn")
        self._pictures_layout = QVBoxLayout(pictures)
        self._pictures_layout.addLayout(frames)
        self.pictures = ScrollingColumn(pictures, frames, side_by_side_from=SIDE_BY_SIDE)
        self.pictures.setObjectName("leftScroll")
        # Its scroll bar always there: the pictures keep their width as a longer text makes it scroll.
        self.pictures.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        writing = QWidget()
        writing.setObjectName("formColumn")
        self._writing_layout = QVBoxLayout(writing)
        self.writing = ScrollingColumn(writing, None)
        self.writing.setObjectName("formScroll")
        for scrolling in (self.pictures, self.writing):  # no tab stop: Tab goes to what they hold
            scrolling.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for column, stretch in ((self.pictures, 2), (self.writing, 2), (right, 5)):
            self.addWidget(column)
            self.setStretchFactor(self.indexOf(column), stretch)
        self.two_columns()

    def three_columns(self) -> bool:
        """Whether the form has a column of its own (a wide window), or sits under the pictures."""
        return self.form.parentWidget() is self.writing.widget()

    def two_columns(self) -> None:
        self.writing.hide()
        self._pictures_layout.addWidget(self.form)

    def arrange(self, width: int) -> bool:
        """Three columns or two, for a window ``width`` wide; whether the form moved."""
        wide = width >= THREE_COLUMNS
        if wide == self.three_columns():
            return False
        focus = QApplication.focusWidget()  # moving the form takes the keyboard from it: given back
        (self._writing_layout if wide else self._pictures_layout).addWidget(self.form)
        self.form.show()  # at once (a layout shows a widget it takes only later): it can take the keyboard
        self.writing.setVisible(wide)
        self.share_room(width)
        if focus is not None and self.form.isAncestorOf(focus):
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def share_room(self, width: int) -> None:
        """About a quarter of ``width`` for the pictures and for the form each (never below what they
        need; two fifths for both in one column), the rest for the player and the list; two thirds of
        that column's height for the player."""
        width = max(width, 1)
        if self.three_columns():
            pictures = max(self.pictures.minimumSizeHint().width(), width * 23 // 100)
            form = max(self.writing.minimumSizeHint().width(), width * 27 // 100)
        else:
            pictures, form = max(self.pictures.minimumSizeHint().width(), width * 2 // 5), 0
        self.setSizes([pictures, form, max(1, width - pictures - form)])
        self.player_room()

    def player_room(self) -> None:
        height = max(self.right.height(), 1)
        self.right.setSizes([height * 2 // 3, height - height * 2 // 3])

    def player_room_once_shown(self) -> None:
        QTimer.singleShot(0, self, self.player_room)  # once the column has its own height

    def restore(self, state: QByteArray, width: int) -> None:
        """A split saved earlier, if it gives every shown column some room (else the first split)."""
        if not self.restoreState(state):
            return
        sizes = self.sizes()
        columns = [self.widget(index) for index in range(self.count())]
        shown = [
            size for size, column in zip(sizes, columns, strict=False) if column and column.isVisibleTo(self)
        ]
        if len(self.sizes()) != self.count() or min(shown, default=0) <= 0:  # saved by an older layout
            self.share_room(width)
