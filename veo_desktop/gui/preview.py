"""The embedded preview: a video player in the window. Qt Multimedia is not loaded at start-up: it loads
a step at a time once the window is idle after start-up (:meth:`PreviewPanel.preload`), or on the first
preview if that comes first. It presents; what to play is decided by the controller."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Q_ARG, QMetaObject, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from veo_desktop.core.describe import clock_text
from veo_desktop.gui.preview_tools import ClipTools
from veo_desktop.gui.seek_bar import SeekBar
from veo_desktop.gui.window_fit import ElidedLabel
from veo_desktop.i18n import translate

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
    from PySide6.QtMultimediaWidgets import QVideoWidget

FRAME_MS_FALLBACK = 1000 / 24
PRELOAD_DELAY_MS = 500  # after start-up, before Qt Multimedia starts loading
_EPSILON = 1e-6


def clock(ms: int) -> str:
    """A player position as m:ss."""
    return clock_text(max(0, ms) // 1000)


def frame_index(ms: int, rate: float) -> int:
    """The frame shown at ``ms`` (frame ``k`` is shown from ``k / rate`` seconds until the next)."""
    return max(0, math.floor(ms * rate / 1000 + _EPSILON))


def frame_middle(index: int, rate: float) -> int:
    """A position (ms) in the middle of frame ``index``: the player and the decoder agree on it, where
    at a frame's very start a rounding might show the one before."""
    return math.floor((index + 0.5) * 1000 / rate)


class PreviewPanel(QWidget):
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
        self._full_screen_keys: list[QShortcut] = []  # Space and F, while the video fills the screen

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

        self.play_button = QToolButton(self)
        self.play_button.setObjectName("playButton")
        self.play_button.setText(translate("Preview", "Play"))
        self.play_button.setAccessibleName(translate("Preview", "Play or pause (Space)"))
        self.play_button.clicked.connect(self.toggle_play)
        self.step_button = QToolButton(self)
        self.step_button.setObjectName("stepButton")
        self.step_button.setText(translate("Preview", "Step"))
        self.step_button.setToolTip(translate("Preview", "Next frame (.)"))
        self.step_button.clicked.connect(self.step_frame)
        self.back_button = QToolButton(self)
        self.back_button.setObjectName("stepBackButton")
        self.back_button.setText(translate("Preview", "Back"))
        self.back_button.setToolTip(translate("Preview", "Previous frame (,)"))
        self.back_button.clicked.connect(self.step_back)
        self.tools = ClipTools(self)
        self.seek = SeekBar(Qt.Orientation.Horizontal, self)  # a click jumps to where it is
        self.seek.setObjectName("seekSlider")
        self.seek.setAccessibleName(translate("Preview", "Position"))
        self.seek.sliderMoved.connect(self._seek_to)
        self.time = QLabel("0:00 / 0:00", self)
        self.time.setObjectName("previewTime")
        self.loop_button = QToolButton(self)
        self.loop_button.setObjectName("loopButton")
        self.loop_button.setText(translate("Preview", "Loop"))
        self.loop_button.setCheckable(True)
        self.loop_button.setChecked(True)
        self.loop_button.toggled.connect(self._apply_loop)
        self.mute_button = QToolButton(self)
        self.mute_button.setObjectName("muteButton")
        self.mute_button.setText(translate("Preview", "Mute"))
        self.mute_button.setCheckable(True)
        self.mute_button.toggled.connect(self._apply_volume)
        self.volume = QSlider(Qt.Orientation.Horizontal, self)
        self.volume.setObjectName("volumeSlider")
        self.volume.setAccessibleName(translate("Preview", "Volume"))
        self.volume.setRange(0, 100)
        self.volume.setValue(80)
        self.volume.setMaximumWidth(90)
        self.volume.valueChanged.connect(self._apply_volume)
        self.before_after = QToolButton(self)
        self.before_after.setObjectName("beforeAfterButton")
        self.before_after.setText(translate("Preview", "Image"))
        self.before_after.setToolTip(translate("Preview", "Before / after: show the reference image"))
        self.before_after.setCheckable(True)
        self.before_after.toggled.connect(self._show_before)
        self.full_button = QToolButton(self)
        self.full_button.setObjectName("fullScreenButton")
        self.full_button.setText(translate("Preview", "Full screen"))
        self.full_button.setToolTip(translate("Preview", "Full screen (F, Esc to leave)"))
        self.full_button.clicked.connect(self.toggle_full_screen)

        # Two rows, so the panel fits beside the form in a small window: the position and the sound
        # above, stepping, looping and what to do with the clip below.
        self.seek.setMinimumWidth(100)
        self.volume.setMinimumWidth(60)
        controls = QHBoxLayout()
        above: tuple[QWidget, ...] = (self.play_button, self.seek, self.time, self.mute_button, self.volume)
        for widget in above:
            controls.addWidget(widget, 1 if widget is self.seek else 0)
        more = QHBoxLayout()
        below: tuple[QWidget, ...] = (self.back_button, self.step_button, self.loop_button)
        for widget in below:
            more.addWidget(widget)
        more.addStretch(1)
        for widget in (self.before_after, self.full_button, self.tools):
            more.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.download_again, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(controls)
        layout.addLayout(more)
        self._set_controls_enabled(False)
        for keys, slot in (
            ("Space", self.toggle_play),
            ("F", self.toggle_full_screen),
            (".", self.step_frame),
            (",", self.step_back),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

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
        leave = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.video)
        leave.setContext(Qt.ShortcutContext.WindowShortcut)
        leave.activated.connect(self._leave_full_screen)
        # Full screen, the video is a window of its own: the panel's keys do not reach it, these do.
        for keys, slot in (("Space", self.toggle_play), ("F", self._leave_full_screen)):
            shortcut = QShortcut(QKeySequence(keys), self.video)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.setEnabled(False)  # in the main window the panel's own serve (two would clash)
            shortcut.activated.connect(slot)
            self._full_screen_keys.append(shortcut)
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

    # ----- controls -----------------------------------------------------------------------------

    def toggle_play(self) -> None:
        if self.player is None or self.source is None:
            return
        from PySide6.QtMultimedia import QMediaPlayer

        playing = self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
        if not playing:
            self._stepped = None
        self._command("pause" if playing else "play")

    def step_frame(self) -> None:
        self.step(+1)

    def step_back(self) -> None:
        self.step(-1)

    def step(self, frames: int) -> None:
        """Pause, and show the frame ``frames`` on (back when negative): exactly one frame of the clip's
        rate each, never past the first or the last."""
        if self.player is None or self.source is None:
            return
        self._command("pause")
        rate = self._frame_rate()
        duration = self.player.duration()
        last = max(0, math.ceil(duration * rate / 1000 - _EPSILON) - 1) if duration > 0 else 0
        index = min(last, max(0, frame_index(self.position_ms(), rate) + frames))
        self._stepped = frame_middle(index, rate)
        self._command("setPosition", self._stepped)

    def position_ms(self) -> int:
        """Where the video shown is (ms): where the last step went, until the player moves on."""
        if self._stepped is not None:
            return self._stepped
        return self.player.position() if self.player is not None else 0

    def _frame_rate(self) -> float:
        assert self.player is not None
        from PySide6.QtMultimedia import QMediaMetaData

        value: Any = self.player.metaData().value(QMediaMetaData.Key.VideoFrameRate)
        try:
            rate = float(value)
        except (TypeError, ValueError):
            return 1000 / FRAME_MS_FALLBACK
        return rate if rate > 0 else 1000 / FRAME_MS_FALLBACK

    def toggle_full_screen(self) -> None:
        if self.video is None or self.source is None:  # made ahead of time: nothing to show yet
            return
        self._full_screen(not self.video.isFullScreen())

    def _leave_full_screen(self) -> None:
        if self.video is not None and self.video.isFullScreen():
            self._full_screen(False)

    def _full_screen(self, full: bool) -> None:
        assert self.video is not None
        self.video.setFullScreen(full)
        for shortcut in self._full_screen_keys:
            shortcut.setEnabled(full)

    def _seek_to(self, position: int) -> None:
        self._stepped = None
        self._command("setPosition", position)

    def _apply_loop(self, looping: bool) -> None:
        """A single video loops by itself; a list plays each once, and starts again after the last."""
        if self.player is not None:
            from PySide6.QtMultimedia import QMediaPlayer

            alone = len(self._queue) < 2
            self.player.setLoops(QMediaPlayer.Loops.Infinite if looping and alone else 1)

    def _apply_volume(self, *_: object) -> None:
        if self.audio is not None:
            self.audio.setMuted(self.mute_button.isChecked())
            self.audio.setVolume(self.volume.value() / 100)

    def _show_before(self, before: bool) -> None:
        if before and self._reference is not None:
            self.reference.setPixmap(
                self._reference.scaled(
                    self.stack.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            self.stack.setCurrentWidget(self.reference)
        elif self.video is not None and self.source is not None:
            self.stack.setCurrentWidget(self.video)

    def _position(self, position: int) -> None:
        if not self.seek.isSliderDown():
            self.seek.setValue(position)
        duration = self.player.duration() if self.player is not None else 0
        self.time.setText(f"{clock(position)} / {clock(duration)}")

    def _duration(self, duration: int) -> None:
        self.seek.setRange(0, duration)

    def _state(self, state: object) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        playing = state == QMediaPlayer.PlaybackState.PlayingState
        if playing:
            self._stepped = None
        self.play_button.setText(translate("Preview", "Pause") if playing else translate("Preview", "Play"))

    def _error(self, error: object, text: str) -> None:
        name = self.source.name if self.source is not None else translate("Preview", "This video")
        self.show_problem(
            translate("Preview", "{name} cannot be played: {reason}.").format(
                name=name, reason=text or translate("Preview", "the file is damaged")
            ),
            offer_download=True,
        )

    def _set_controls_enabled(self, enabled: bool) -> None:
        for widget in (
            self.play_button,
            self.step_button,
            self.back_button,
            self.seek,
            self.loop_button,
            self.full_button,
            self.tools.frame_button,
        ):
            widget.setEnabled(enabled)


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
