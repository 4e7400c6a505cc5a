"""In the status bar, for a few seconds after a task is removed from the list: what was removed, and Undo.
It presents; the task actions decide what Undo does and when the note goes."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from veo_desktop.i18n import translate


class UndoNote(QWidget):
    undoRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoNote")
        self.text = QLabel(self)
        self.text.setObjectName("undoNoteText")
        self.button = QPushButton(translate("MainWindow", "Undo"), self)
        self.button.setObjectName("undoButton")
        self.button.clicked.connect(self.undoRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addWidget(self.button)
        self.hide()

    def show_note(self, text: str) -> None:
        self.text.setText(text)
        self.button.setAccessibleDescription(text)
        self.show()

    def clear(self) -> None:
        self.hide()
        self.text.clear()
