"""The video widget of the preview (imported on the first preview: it loads Qt Multimedia)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtMultimediaWidgets import QVideoWidget


class VideoSurface(QVideoWidget):
    """Esc leaves full screen; everything else is the stock video widget."""

    leaveFullScreen = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.leaveFullScreen.emit()
            event.accept()
            return
        super().keyPressEvent(event)
