"""The player's controls: play and pause, the position, frame stepping, loop, sound, before/after and
full screen, with their keys. The base of :class:`veo_desktop.gui.player.preview.PreviewPanel`, which owns the
player they drive (made on first use) and what plays; these present it and forward the user's hand."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QStackedWidget, QToolButton, QWidget

from veo_desktop.core.tasks.describe import clock_text
from veo_desktop.gui.player.preview_tools import ClipTools
from veo_desktop.gui.player.seek_bar import SeekBar
from veo_desktop.i18n import translate

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
    from PySide6.QtMultimediaWidgets import QVideoWidget

FRAME_MS_FALLBACK = 1000 / 24
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


class PlayerControls(QWidget):
    """The controls half of the preview panel: its buttons, sliders and keys, and what each does to the
    player. The panel builds them in its place (:meth:`_make_controls`, :meth:`_bind_keys`)."""

    if TYPE_CHECKING:  # the panel's own (preview.py)
        player: QMediaPlayer | None
        audio: QAudioOutput | None
        video: QVideoWidget | None
        source: Path | None
        stack: QStackedWidget
        reference: QLabel
        _reference: QPixmap | None
        _queue: list[Path]
        _stepped: int | None
        _full_screen_keys: list[QShortcut]

        def _command(self, slot: str, *args: QUrl | int) -> None: ...

    def _make_controls(self) -> tuple[QHBoxLayout, QHBoxLayout]:
        """The controls, in two rows, so the panel fits beside the form in a small window: the position
        and the sound above, stepping, looping and what to do with the clip below."""
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
        return controls, more

    def _bind_keys(self) -> None:
        """The panel's keys: Space plays or pauses, F fills the screen, "." and "," step a frame."""
        for keys, slot in (
            ("Space", self.toggle_play),
            ("F", self.toggle_full_screen),
            (".", self.step_frame),
            (",", self.step_back),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _make_full_screen_keys(self, video: QVideoWidget) -> None:
        """Esc, Space and F on the video: full screen, it is a window of its own and the panel's keys do
        not reach it."""
        leave = QShortcut(QKeySequence(Qt.Key.Key_Escape), video)
        leave.setContext(Qt.ShortcutContext.WindowShortcut)
        leave.activated.connect(self._leave_full_screen)
        for keys, slot in (("Space", self.toggle_play), ("F", self._leave_full_screen)):
            shortcut = QShortcut(QKeySequence(keys), video)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.setEnabled(False)  # in the main window the panel's own serve (two would clash)
            shortcut.activated.connect(slot)
            self._full_screen_keys.append(shortcut)

    # ----- what the controls do -------------------------------------------------------------------

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
