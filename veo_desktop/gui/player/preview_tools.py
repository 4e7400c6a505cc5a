"""What the preview offers for the clip it shows: take the frame on screen (as the start frame, as the end
frame, or saved as a PNG), and continue the clip from its last frame. Presents; the controllers decide
whether each is possible (and why not) and what follows."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QMenu, QToolButton, QWidget

from veo_desktop.i18n import translate


class ClipTools(QWidget):
    frameRequested = Signal(str)  # "start", "end" or "save": the frame shown now
    menuOpening = Signal()  # the frame menu is about to show: time to say what is possible
    continueRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clipTools")
        self.menu = QMenu(self)
        self.menu.setObjectName("frameMenu")
        self.menu.setToolTipsVisible(True)
        self.use_start = self.menu.addAction(translate("Preview", "Use as start frame"))
        self.use_start.setObjectName("useAsStartFrame")
        self.use_start.triggered.connect(lambda: self.frameRequested.emit("start"))
        self.use_end = self.menu.addAction(translate("Preview", "Use as end frame"))
        self.use_end.setObjectName("useAsEndFrame")
        self.use_end.triggered.connect(lambda: self.frameRequested.emit("end"))
        self.save = self.menu.addAction(translate("Preview", "Save frame…"))
        self.save.setObjectName("saveFrame")
        self.save.triggered.connect(lambda: self.frameRequested.emit("save"))
        self.menu.aboutToShow.connect(self.menuOpening)
        self.frame_button = QToolButton(self)
        self.frame_button.setObjectName("frameButton")
        self.frame_button.setText(translate("Preview", "This frame"))
        self.frame_button.setToolTip(
            translate("Preview", "Use the frame shown as the start or end frame, or save it as a PNG")
        )
        self.frame_button.setMenu(self.menu)
        self.frame_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.continue_button = QToolButton(self)
        self.continue_button.setObjectName("continueButton")
        self.continue_button.setText(translate("Preview", "Continue"))
        self.continue_button.clicked.connect(self.continueRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.frame_button)
        layout.addWidget(self.continue_button)
        self.show_continue(translate("Preview", "Play a finished video first"))

    def show_continue(self, reason: str) -> None:
        """Whether the clip shown can be continued from its last frame; if not, why (the tooltip)."""
        self.continue_button.setEnabled(not reason)
        self.continue_button.setToolTip(
            reason or translate("Preview", "Start a new clip from this one's last frame, with its settings")
        )

    def show_end_frame(self, reason: str) -> None:
        """Whether the chosen model takes an end frame; if not, why."""
        self.use_end.setEnabled(not reason)
        self.use_end.setToolTip(reason)
