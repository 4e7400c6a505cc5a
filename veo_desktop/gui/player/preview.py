"""The embedded preview: a video player in the window. Qt Multimedia is not loaded at start-up: it loads
a step at a time once the window is idle after start-up (:meth:`PreviewPanel.preload`), or on the first
preview if that comes first. It presents; what to play is decided by the controller. Its controls (play,
frame stepping, loop, sound, full screen, and their keys) are in
:mod:`veo_desktop.gui.player.preview_controls`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Q_ARG, QMetaObject, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from veo_desktop.gui.common.window_fit import ElidedLabel
from veo_desktop.gui.player.preview_controls import PlayerControls
from veo_desktop.i18n import translate

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
    from PySide6.QtMultimediaWidgets import QVideoWidget

PRELOAD_DELAY_MS = 500  # after start-up, before Qt Multimedia starts loading


class PreviewPanel(PlayerControls):
    downloadAgainRequested = Signal()
    errorShown = Signal(str)
    clipStarted = Signal(int)  # the video at this place of the list being played has started

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview")
        self.setAccessibleName(translate("Preview", "Preview"))
        self.player: QMediaPlayer | None = None
        self.audio: QAudioOutput | None = None
        self.video: QVideoWidget | None = None
        self.source: Path | None = None
        self._reference: QPixmap | None = None
        self._queue: list[Path] = []  # what plays, one after another (a sequence); ``source`` among them
        self._playing = 0  # its place in the queue
        self._stepped: int | None = None  # where the last frame step went (the player reports it late)

        self.caption = ElidedLabel(self)  # which task is playing
        self.caption.setObjectName("previewCaption")
        self.caption.hide()
        self.stack = QStackedWidget(self)
        self.message = QLabel(translate("Preview", "Finished videos play here."), self)
        self.message.setObjectName("previewMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.reference = QLabel(self)
        self.reference.setObjectName("previewReference")
        self.reference.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reference.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.reference)
        self.download_again = QPushButton(translate("Preview", "Download again"), self)
        self.download_again.setObjectName("downloadAgainButton")
        self.download_again.hide()
        self.download_again.clicked.connect(self.downloadAgainRequested)

        controls, more = self._make_controls()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.download_again, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(controls)
        layout.addLayout(more)
        self._set_controls_enabled(False)
        self._bind_keys()

    def sizeHint(self) -> QSize:
        return QSize(480, 300)

    # ----- the player, made on first use --------------------------------------------------------

    def show_caption(self, text: str, detail: str = "") -> None:
        """Which task the clip shown comes from (one line, cut short if it must; ``detail`` whole in its
        tooltip); "" hides it."""
        self.caption.setText(text)
        self.caption.setToolTip(detail)
        self.caption.setVisible(bool(text))

    def has_player(self) -> bool:
        return self.player is not None

    def ensure_player(self) -> QMediaPlayer:
        if self.player is not None:
            return self.player
        from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer
        from PySide6.QtMultimediaWidgets import QVideoWidget

        # A plain QVideoWidget, not a Python subclass: Qt's decoder threads touch the video widget, and
        # a Python override there would need the GIL while the UI thread holds it in player.stop().
        self.video = QVideoWidget(self)
        self.video.setObjectName("videoWidget")
        self._make_full_screen_keys(self.video)
        self.stack.insertWidget(0, self.video)
        self.player = QMediaPlayer(self)
        if QMediaDevices.audioOutputs():
            self.audio = QAudioOutput(self)
            self.player.setAudioOutput(self.audio)
        else:  # no sound device: the picture plays, silently, and the sound controls say why
            for control in (self.mute_button, self.volume):
                control.setEnabled(False)
                control.setToolTip(translate("Preview", "No audio device on this computer"))
        self.player.setVideoOutput(self.video)
        self.player.positionChanged.connect(self._position)
        self.player.durationChanged.connect(self._duration)
        self.player.playbackStateChanged.connect(self._state)
        self.player.errorOccurred.connect(self._error)
        self.player.mediaStatusChanged.connect(self._media_status)
        self._apply_loop(self.loop_button.isChecked())
        self._apply_volume()
        return self.player

    def preload(self, delay_ms: int = PRELOAD_DELAY_MS) -> None:
        """Load Qt Multimedia and make the player while the window is idle, in steps of a few to a few
        tens of milliseconds with the window's events handled between them, so no click waits on it
        (all at once it is a pause of up to about 140 ms, on the first video played)."""
        import importlib

        from PySide6.QtCore import QTimer

        steps = [
            lambda: importlib.import_module("PySide6.QtMultimedia"),
            lambda: importlib.import_module("PySide6.QtMultimediaWidgets"),
            _load_media_backend,
            _load_opengl,
            self.ensure_player,
        ]

        def next_step() -> None:
            if self.player is None and steps:  # a video played meanwhile has made the player already
                steps.pop(0)()
                QTimer.singleShot(0, self, next_step)

        QTimer.singleShot(delay_ms, self, next_step)

    def play_file(self, path: Path, reference: QImage | None = None) -> None:
        """Load a saved video and play it (looping unless the user turned that off)."""
        self._queue = [path]
        self._start(0, reference)

    def play_files(self, paths: list[Path]) -> None:
        """Play these videos one after another, the next loaded the moment one ends (the whole list
        loops unless the user turned that off)."""
        if paths:
            self._queue = list(paths)
            self._start(0, None)

    def _start(self, place: int, reference: QImage | None) -> None:
        path = self._queue[place]
        self._playing = place
        self._stepped = None
        self.download_again.hide()
        self.source = path
        self._reference = (
            QPixmap.fromImage(reference) if reference is not None and not reference.isNull() else None
        )
        self.before_after.setEnabled(self._reference is not None)
        self.before_after.setChecked(False)
        if not path.exists():
            self.show_problem(
                translate("Preview", "{name} is missing: it was moved or deleted.").format(name=path.name),
                offer_download=True,
            )
            return
        self.ensure_player()
        assert self.video is not None
        if not self.is_full_screen():  # full screen, the next clip of a sequence plays there
            self.stack.setCurrentWidget(self.video)
        self._apply_loop(self.loop_button.isChecked())
        self._command("setSource", QUrl.fromLocalFile(str(path)))
        self._command("play")
        self._set_controls_enabled(True)
        self.clipStarted.emit(place)

    def _media_status(self, status: object) -> None:
        """One video of a list ended: the next one starts (after the last, the first when looping)."""
        from PySide6.QtMultimedia import QMediaPlayer

        if status != QMediaPlayer.MediaStatus.EndOfMedia or len(self._queue) < 2:
            return
        following = self._playing + 1
        if following < len(self._queue):
            self._start(following, None)
        elif self.loop_button.isChecked():
            self._start(0, None)

    def show_problem(self, text: str, *, offer_download: bool = False) -> None:
        self._leave_full_screen()  # the words are in the window
        self._command("stop")
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        self.download_again.setVisible(offer_download)
        self._set_controls_enabled(False)
        self.errorShown.emit(text)

    def stop(self) -> None:
        self._queue = []
        self._command("stop")
        self._command("setSource", QUrl())

    def release(self) -> None:
        """The window is closing: stop, and take the video surface off screen at once (the stop itself
        is queued, and a frame painted into a closed window is an error)."""
        self.stop()
        self.stack.setCurrentWidget(self.message)

    def _command(self, slot: str, *args: QUrl | int) -> None:
        """Tell the player what to do through Qt's event queue, never by a direct call.

        Stopping or changing the source joins Qt's decoder threads; a direct call from Python would wait
        for them while holding the GIL, and a decoder thread that logs a message through a Python
        message handler (as the test harness installs) needs the GIL: a deadlock. Queued, the call runs
        from Qt's event loop, which has released the GIL.
        """
        if self.player is None:
            return
        if args:
            type_name = "QUrl" if isinstance(args[0], QUrl) else "qint64"
            QMetaObject.invokeMethod(
                self.player, slot, Qt.ConnectionType.QueuedConnection, Q_ARG(type_name, args[0])
            )
        else:
            QMetaObject.invokeMethod(self.player, slot, Qt.ConnectionType.QueuedConnection)

    def _error(self, error: object, text: str) -> None:
        name = self.source.name if self.source is not None else translate("Preview", "This video")
        self.show_problem(
            translate("Preview", "{name} cannot be played: {reason}.").format(
                name=name, reason=text or translate("Preview", "the file is damaged")
            ),
            offer_download=True,
        )


def _load_media_backend() -> None:
    """Qt Multimedia's backend (FFmpeg) loads on its first use; asking for the sound devices is one."""
    from PySide6.QtMultimedia import QMediaDevices

    QMediaDevices.audioOutputs()


def _load_opengl() -> None:
    """On an X or Wayland desktop the video widget draws with OpenGL, and the driver (tens of
    milliseconds) loads with the first context made: made here once, it is loaded before the first
    video. Elsewhere (Qt's offscreen platform) this does nothing."""
    from PySide6.QtGui import QOpenGLContext

    QOpenGLContext().create()
