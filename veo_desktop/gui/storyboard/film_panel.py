"""The storyboard's controls in the Sequence tab (the tab lays them out): the shots of the next film (one
prompt per line; the first starts from the form's start picture, each later one from the last frame of
the one before), Film, the progress of the film shot by shot, and when a shot stops the chain: Retry, Edit
and Skip. It presents what the film controller decides and forwards intent."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QWidget

from veo_desktop.i18n import translate


class FilmPanel(QObject):
    filmRequested = Signal()
    retryRequested = Signal()
    editRequested = Signal()
    skipRequested = Signal()
    shotsEdited = Signal()

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

        self.show_status("")
        self.show_stopped(False)

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
        """While a film is being made its shots are not edited (Edit, when it stops, opens them)."""
        self.shots.setReadOnly(busy)
        self.film.setEnabled(not busy)

    def show_stopped(self, stopped: bool) -> None:
        for button in (self.retry, self.edit, self.skip):
            button.setVisible(stopped)

    def edit_line(self, number: int) -> None:
        """Put the cursor on shot ``number``'s line (1-based; blank lines are no shots) to change it."""
        self.shots.setReadOnly(False)
        block = self.shots.document().firstBlock()
        seen = 0
        while block.isValid():
            seen += bool(block.text().strip())
            if seen >= number:
                break
            block = block.next()
        if not block.isValid():
            block = self.shots.document().lastBlock()
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        self.shots.setTextCursor(cursor)
        self.shots.setFocus()
