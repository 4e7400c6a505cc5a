"""Full screen: the player's video fills a window of its own, with a bar over its foot (play or pause,
the position, the clock and "Esc to leave") that shows while the mouse moves and hides a few seconds
after it stops, while the video plays. Its keys are the player's (Esc and F leave). It presents and
forwards the user's hand; the player's controls do the rest."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from veo_desktop.gui.player.player_keys import JUMP_MS, bind
from veo_desktop.gui.player.seek_bar import SeekBar
from veo_desktop.i18n import translate

HIDE_AFTER_MS = 3000  # the bar hides this long after the mouse last moved (while the video plays)


class FullScreenView(QWidget):
    leaveRequested = Signal()
    playRequested = Signal()
    seekRequested = Signal(int)  # ms into the clip
    jumpRequested = Signal(int)  # ms on (back when negative)
    stepRequested = Signal(int)  # frames on (back when negative)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("fullScreenPlayer")
        self.setWindowTitle(translate("FullScreen", "Preview"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(
            "#fullScreenPlayer { background: black; }"
            " #fullScreenBar { background: rgba(0, 0, 0, 170); }"
            " #fullScreenBar QLabel { color: white; }"
        )
        self.setMouseTracking(True)
        self.video: QWidget | None = None
        self._playing = False

        self.bar = QWidget(self)
        self.bar.setObjectName("fullScreenBar")
        self.bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.bar.setMouseTracking(True)
        self.play_button = QToolButton(self.bar)
        self.play_button.setObjectName("fullScreenPlayButton")
        self.play_button.setText(translate("Preview", "Play"))
        self.play_button.setAccessibleName(translate("Preview", "Play or pause (Space)"))
        self.play_button.clicked.connect(self.playRequested)
        self.seek = SeekBar(Qt.Orientation.Horizontal, self.bar)
        self.seek.setObjectName("fullScreenSeek")
        self.seek.setAccessibleName(translate("Preview", "Position"))
        self.seek.sliderMoved.connect(self.seekRequested)
        self.time = QLabel("0:00 / 0:00", self.bar)
        self.time.setObjectName("fullScreenTime")
        self.hint = QLabel(translate("FullScreen", "Esc to leave"), self.bar)
        self.hint.setObjectName("fullScreenHint")
        for control in (self.play_button, self.seek):
            control.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay the window's
        row = QHBoxLayout(self.bar)
        row.addWidget(self.play_button)
        row.addWidget(self.seek, 1)
        row.addWidget(self.time)
        row.addSpacing(16)
        row.addWidget(self.hint)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(0)
        self.column.addWidget(self.bar)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(HIDE_AFTER_MS)
        self.timer.timeout.connect(self._rest)
        bind(
            self,
            Qt.ShortcutContext.WindowShortcut,
            {
                "Esc": self.leaveRequested.emit,
                "F": self.leaveRequested.emit,
                "Space": self.playRequested.emit,
                "K": self.playRequested.emit,
                "J": lambda: self.jumpRequested.emit(-JUMP_MS),
                "L": lambda: self.jumpRequested.emit(JUMP_MS),
                "Left": lambda: self.jumpRequested.emit(-JUMP_MS),
                "Right": lambda: self.jumpRequested.emit(JUMP_MS),
                ",": lambda: self.stepRequested.emit(-1),
                ".": lambda: self.stepRequested.emit(1),
            },
        )

    def hold(self, video: QWidget) -> None:
        """Show ``video`` over the whole screen, the bar at its foot."""
        self.video = video
        self.column.insertWidget(0, video, 1)
        video.show()
        # The picture is drawn in a window of Qt's own inside the video widget, and its mouse moves go
        # there, past every widget: while the screen is filled, the application's are watched.
        _watch_application(self, True)
        self.showFullScreen()
        self.raise_()
        self.activateWindow()
        self.reveal()

    def give_back(self) -> QWidget | None:
        """Leave full screen; the video, for its place in the window."""
        video, self.video = self.video, None
        self.timer.stop()
        self.hide()
        _watch_application(self, False)
        if video is not None:
            self.column.removeWidget(video)
        return video

    def show_playing(self, playing: bool) -> None:
        self._playing = playing
        self.play_button.setText(translate("Preview", "Pause") if playing else translate("Preview", "Play"))
        if not playing:
            self.reveal()  # paused: the bar stays

    def show_position(self, position: int, duration: int, text: str) -> None:
        self.seek.setRange(0, max(0, duration))
        if not self.seek.isSliderDown():
            self.seek.setValue(position)
        self.time.setText(text)

    def reveal(self) -> None:
        """The mouse moved (or the video paused): the bar and the pointer show, for a while."""
        self.bar.show()
        self.unsetCursor()
        self.timer.start()

    def _rest(self) -> None:
        if self._playing and not self.bar.underMouse():
            self.bar.hide()
            self.setCursor(Qt.CursorShape.BlankCursor)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any move of the mouse, over the video or the bar (the screen is this window's)."""
        if event.type() == QEvent.Type.MouseMove and self.video is not None:
            self.reveal()
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closed by the system (Alt+F4): the video goes back to the window, not away with this."""
        event.ignore()
        self.leaveRequested.emit()


def _watch_application(watcher: QObject, watching: bool) -> None:
    app = QApplication.instance()
    if app is not None:
        (app.installEventFilter if watching else app.removeEventFilter)(watcher)
