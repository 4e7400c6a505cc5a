"""The storyboard's controls in the Sequence tab (the tab lays them out): the shots of the next film (one
prompt per line; the first starts from the form's start picture, each later one from the last frame of
the one before), Film, the progress of the film shot by shot, and when a shot stops the chain: Retry, Edit
and Skip. It presents what the film controller decides and forwards intent."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QKeyEvent, QTextBlock, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QWidget

from veo_desktop.i18n import translate


class FilmPanel(QObject):
    filmRequested = Signal()
    retryRequested = Signal()
    editRequested = Signal()
    skipRequested = Signal()
    shotsEdited = Signal()
    againRequested = Signal(int)  # "Film again from here": the shot on the cursor's line (1-based)
    moveRequested = Signal(int, int)  # Alt+Up / Alt+Down: the shot on the cursor's line, and where to

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("filmPanel")
        self.shots = QPlainTextEdit(parent)
        self.shots.setObjectName("storyboardShots")
        self.shots.setPlaceholderText(
            translate(
                "Sequence",
                "Storyboard: one shot per line. The first starts from the start picture in the form, "
                "each later one from the last frame of the shot before.",
            )
        )
        self.shots.setAccessibleName(translate("Sequence", "Storyboard shots"))
        self.shots.setTabChangesFocus(True)
        self.shots.setToolTip(translate("Sequence", "Alt+Up and Alt+Down move the shot on the cursor's line"))
        self.shots.installEventFilter(self)
        self.shots.setMinimumSize(160, 40)  # beside the strip, no taller than it
        self.shots.textChanged.connect(self.shotsEdited)
        self.film = QPushButton(translate("Sequence", "Film storyboard…"), parent)
        self.film.setObjectName("filmStoryboard")
        self.film.clicked.connect(self.filmRequested)
        self.status = QLabel(parent)
        self.status.setObjectName("filmStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry = self._button("retryShot", translate("Sequence", "Retry"), self.retryRequested)
        self.edit = self._button("editShot", translate("Sequence", "Edit"), self.editRequested)
        self.skip = self._button("skipShot", translate("Sequence", "Skip"), self.skipRequested)
        self.stale = QLabel(parent)  # "Shot 3 is stale: its start frame changed"
        self.stale.setObjectName("staleShots")
        self.stale.setWordWrap(True)
        self.again = QPushButton(translate("Sequence", "Film again from here"), parent)
        self.again.setObjectName("filmAgain")
        self.again.setToolTip(
            translate("Sequence", "Film the shot on the cursor's line again, and the shots after it")
        )
        self.again.clicked.connect(lambda: self.againRequested.emit(self.current_shot()))

        self.show_status("")
        self.show_stopped(False)
        self.show_again(False)
        self.show_stale("")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Alt+Up / Alt+Down in the shots: the shot on the cursor's line moved up or down (asked for)."""
        if watched is self.shots and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            by = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(Qt.Key(event.key()), 0)
            if by and event.modifiers() & Qt.KeyboardModifier.AltModifier:
                number, count = self.current_shot(), self.shot_count()
                if not self.shots.isReadOnly() and 1 <= number <= count and 1 <= number + by <= count:
                    self.moveRequested.emit(number, number + by)
                return True
        return super().eventFilter(watched, event)

    def _button(self, name: str, text: str, signal: SignalInstance) -> QPushButton:
        button = QPushButton(text, self.shots.parentWidget())
        button.setObjectName(name)
        button.clicked.connect(signal)
        return button

    # ----- presenting ---------------------------------------------------------------------------

    def shots_text(self) -> str:
        return self.shots.toPlainText()

    def set_shots(self, text: str) -> None:
        if text != self.shots.toPlainText():
            self.shots.setPlainText(text)

    def show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def show_filming(self, busy: bool) -> None:
        """While a film is being made (from the question on) its shots are not edited and Retry, Edit and
        Skip wait (Edit, when it stops, opens them)."""
        self.shots.setReadOnly(busy)
        self.film.setEnabled(not busy)
        for button in (self.retry, self.edit, self.skip):
            button.setEnabled(not busy)
        self.again.setEnabled(not busy)

    def show_stopped(self, stopped: bool) -> None:
        for button in (self.retry, self.edit, self.skip):
            button.setVisible(stopped)

    def show_again(self, can: bool) -> None:
        """A film was made (or started) here: its shots can be filmed again, from the cursor's line."""
        self.again.setVisible(can)

    def show_stale(self, text: str) -> None:
        self.stale.setText(text)
        self.stale.setVisible(bool(text))

    def current_shot(self) -> int:
        """The shot on the cursor's line (1-based; on a blank line, the next shot)."""
        cursor_block = self.shots.textCursor().block()
        block, number = self.shots.document().firstBlock(), 0
        while block.isValid() and block != cursor_block:
            number += bool(block.text().strip())
            block = block.next()
        return number + 1

    def shot_count(self) -> int:
        return sum(1 for line in self.shots.toPlainText().splitlines() if line.strip())

    def move_shot(self, number: int, to: int) -> None:
        """Shot ``number``'s line and shot ``to``'s trade places (one step of Undo); the cursor follows."""
        one, other = self._block(number), self._block(to)
        first, second = (one, other) if one.blockNumber() < other.blockNumber() else (other, one)
        cursor = QTextCursor(first)
        cursor.beginEditBlock()
        texts = (first.text(), second.text())
        for block, text in ((second, texts[0]), (first, texts[1])):  # the later line first
            edit = QTextCursor(block)
            edit.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
            edit.insertText(text)
        cursor.endEditBlock()
        self.put_cursor(to)

    def put_cursor(self, number: int) -> None:
        """The cursor on shot ``number``'s line, without taking the focus."""
        cursor = QTextCursor(self._block(number))
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        self.shots.setTextCursor(cursor)

    def _block(self, number: int) -> QTextBlock:
        block = self.shots.document().firstBlock()
        seen = 0
        while block.isValid():
            seen += bool(block.text().strip())
            if seen >= number:
                return block
            block = block.next()
        return self.shots.document().lastBlock()

    def edit_line(self, number: int) -> None:
        """Put the cursor on shot ``number``'s line (1-based; blank lines are no shots) to change it."""
        self.shots.setReadOnly(False)
        self.put_cursor(number)
        self.shots.setFocus()
