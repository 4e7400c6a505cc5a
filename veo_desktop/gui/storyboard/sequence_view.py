"""The Sequence tab: the clips of a film in order as a strip of posters, with what can be done with them
(move, remove, play the whole sequence, export it as one film) and, while a film is written, its
progress and Cancel. It presents what the controller decides and forwards intent."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from veo_desktop.gui.common import action_names
from veo_desktop.gui.storyboard.film_panel import FilmPanel
from veo_desktop.gui.storyboard.sequence_model import SequenceModel
from veo_desktop.gui.storyboard.sequence_strip import SequenceStrip
from veo_desktop.i18n import translate


class SequenceView(QWidget):
    playRequested = Signal()
    exportRequested = Signal()
    cancelRequested = Signal()
    clearRequested = Signal()
    revealRequested = Signal()  # show the exported film in its folder
    undoClearRequested = Signal()  # the clips (and shots) just cleared come back
    clipChosen = Signal(int)  # a poster clicked: show that clip in the preview

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sequenceView")
        self.summary = QLabel(self)
        self.summary.setObjectName("sequenceSummary")
        self.summary.setWordWrap(True)
        self.model = SequenceModel(self)  # the controller changes it; the strip shows it
        self.strip = SequenceStrip(self)
        self.strip.setModel(self.model)
        self.strip.clicked.connect(lambda index: self.clipChosen.emit(index.row()))
        self.strip.activated.connect(lambda index: self.clipChosen.emit(index.row()))
        self.earlier = self._tool("moveEarlier", translate("Sequence", "◀ Earlier"), "Ctrl+Left")
        self.earlier.clicked.connect(lambda: self._move_selected(-1))
        self.later = self._tool("moveLater", translate("Sequence", "Later ▶"), "Ctrl+Right")
        self.later.clicked.connect(lambda: self._move_selected(+1))
        self.remove = self._tool("removeClip", translate("Sequence", "Remove"), "Delete")
        self.remove.clicked.connect(self._remove_selected)
        self.clear = self._tool("clearSequence", translate("Sequence", "Clear"), "")
        self.clear.clicked.connect(self.clearRequested)
        self.play = QPushButton(translate("Sequence", "Play sequence"), self)
        self.play.setObjectName("playSequence")
        self.play.clicked.connect(self.playRequested)
        self.export = QPushButton(translate("Sequence", "Export film…"), self)
        self.export.setObjectName("exportFilm")
        self.export.clicked.connect(self.exportRequested)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("exportProgress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        self.cancel = QPushButton(translate("Sequence", "Cancel"), self)
        self.cancel.setObjectName("cancelExport")
        self.cancel.clicked.connect(self.cancelRequested)
        self.result = QLabel(self)
        self.result.setObjectName("exportResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reveal = QToolButton(self)
        self.reveal.setObjectName("revealFilm")
        self.reveal.setText(translate("Actions", action_names.SHOW_IN_FOLDER))
        self.reveal.clicked.connect(self.revealRequested)

        self.undo_text = QLabel(self)
        self.undo_text.setObjectName("sequenceUndoText")
        self.undo = QPushButton(translate("Sequence", "Undo"), self)
        self.undo.setObjectName("undoClear")
        self.undo.clicked.connect(self.undoClearRequested)
        self.storyboard = FilmPanel(self)

        undo = QHBoxLayout()
        undo.addWidget(self.undo_text, 1)
        undo.addWidget(self.undo)
        buttons = QHBoxLayout()
        for widget in (self.earlier, self.later, self.remove, self.clear):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.play)
        buttons.addWidget(self.export)
        exporting = QHBoxLayout()
        exporting.addWidget(self.progress, 1)
        exporting.addWidget(self.cancel)
        outcome = QHBoxLayout()
        outcome.addWidget(self.result, 1)
        outcome.addWidget(self.reveal)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        board = self.storyboard
        writing = QVBoxLayout()  # the storyboard's shots beside the strip, Film under them
        writing.addWidget(board.shots, 1)
        writing.addWidget(board.film)
        strip = QHBoxLayout()
        strip.addWidget(self.strip, 3)
        strip.addLayout(writing, 2)
        stopped = QHBoxLayout()  # the film's progress; where a shot stopped it: Retry, Edit, Skip
        stopped.addWidget(board.status, 1)
        for button in (board.retry, board.edit, board.skip):
            stopped.addWidget(button)
        layout.addLayout(strip, 1)
        stale = QHBoxLayout()  # shots whose start frame changed; Film again from here
        stale.addWidget(board.stale, 1)
        stale.addWidget(board.again)
        layout.addLayout(stopped)
        layout.addLayout(stale)
        layout.addLayout(buttons)
        layout.addLayout(exporting)
        layout.addLayout(outcome)
        layout.addLayout(undo)
        self.show_undo("")
        self.show_exporting(False)
        self.show_result("", can_reveal=False)
        self.show_clips("", count=0)

    def _tool(self, name: str, text: str, keys: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        if keys:
            button.setToolTip(keys)
        return button

    def _move_selected(self, by: int) -> None:
        row = self.strip.selected_row()
        if row >= 0:
            self.strip.moveRequested.emit(row, row + by)

    def _remove_selected(self) -> None:
        row = self.strip.selected_row()
        if row >= 0:
            self.strip.removeRequested.emit(row)

    # ----- presenting ---------------------------------------------------------------------------

    def show_clips(self, summary: str, *, count: int) -> None:
        """What the sequence holds (``summary``), or how to fill it when it is empty."""
        self.summary.setText(
            summary
            or translate(
                "Sequence",
                "Add finished clips: right-click a task or a gallery video → Add to sequence (or drag "
                "videos from the gallery here). Continue a clip to make the next one.",
            )
        )
        for widget in (self.earlier, self.later, self.remove, self.clear):
            widget.setEnabled(count > 0)
        self.play.setEnabled(count > 0)

    def show_undo(self, text: str) -> None:
        """After Clear: what was cleared, and Undo ("" hides the note)."""
        self.undo_text.setText(text)
        self.undo.setAccessibleDescription(text)
        self.undo_text.setVisible(bool(text))
        self.undo.setVisible(bool(text))

    def show_can_export(self, allowed: bool, reason: str) -> None:
        self.export.setEnabled(allowed)
        self.export.setToolTip(reason)

    def select(self, row: int) -> None:
        """The clip playing now (or moved), shown selected."""
        model = self.strip.model()
        if model is not None and 0 <= row < model.rowCount():
            self.strip.setCurrentIndex(model.index(row, 0))

    def show_exporting(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel.setVisible(busy)
        self.cancel.setEnabled(busy)
        if busy:
            self.progress.setValue(0)
            self.progress.setFormat(translate("Sequence", "Writing the film… %p%"))

    def show_progress(self, done: float) -> None:
        self.progress.setValue(round(max(0.0, min(1.0, done)) * 1000))

    def show_cancelling(self) -> None:
        self.cancel.setEnabled(False)
        self.progress.setFormat(translate("Sequence", "Cancelling…"))

    def show_result(self, text: str, *, can_reveal: bool) -> None:
        self.result.setText(text)
        self.result.setVisible(bool(text))
        self.reveal.setVisible(can_reveal)
