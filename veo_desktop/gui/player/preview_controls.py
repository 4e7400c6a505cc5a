"""The player's controls: play and pause, the position and its clock, frame stepping, skipping, loop,
sound, before/after and full screen, with their keys (Space, K, J and L anywhere in the window but a text
field; the arrows, "," and "." and F in the player). The base of
:class:`veo_desktop.gui.player.preview.PreviewPanel`, which owns the player they drive (made on first
use) and what plays; these present it and forward the user's hand."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QStackedWidget,
    QToolButton,
    QWidget,
)

from veo_desktop.core.clips.clock import clip_length_ms, film_time, player_clock
from veo_desktop.gui.player.full_screen import FullScreenView
from veo_desktop.gui.player.player_keys import JUMP_MS, bind, press_space, step_slider
from veo_desktop.gui.player.preview_tools import ClipTools
from veo_desktop.gui.player.seek_bar import SeekBar
from veo_desktop.i18n import translate

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
    from PySide6.QtMultimediaWidgets import QVideoWidget

FRAME_MS_FALLBACK = 1000 / 24
_EPSILON = 1e-6


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
        _playing: int  # the place in the queue of the clip playing
        _stepped: int | None

        def _command(self, slot: str, *args: QUrl | int) -> None: ...

    full_view: FullScreenView | None = None  # made the first time the video fills the screen
    _video_was_shown = True  # the video was on show when it went full screen
    _lengths_of: tuple[Path, ...] = ()  # the sequence whose clips' lengths are known
    _lengths: tuple[int, ...] = ()

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
        """The keys (listed in :mod:`veo_desktop.gui.player.player_keys`). Space, K, J and L work
        anywhere in the window: a text field with the focus keeps them (it takes them before any
        shortcut), and a focused button or list box is still pressed or opened by Space. The arrows,
        "." and "," and F work in the player."""
        bind(
            self,
            Qt.ShortcutContext.WindowShortcut,
            {
                "Space": self._space,
                "K": self.toggle_play,
                "J": lambda: self.jump(-JUMP_MS),
                "L": lambda: self.jump(JUMP_MS),
            },
        )
        bind(
            self,
            Qt.ShortcutContext.WidgetWithChildrenShortcut,
            {
                "Left": lambda: self._arrow(Qt.Key.Key_Left, -JUMP_MS),
                "Right": lambda: self._arrow(Qt.Key.Key_Right, JUMP_MS),
                "F": self.toggle_full_screen,
                ".": self.step_frame,
                ",": self.step_back,
            },
        )

    def _make_full_screen_keys(self, video: QVideoWidget) -> None:
        """The full-screen window, with its bar and keys (:mod:`veo_desktop.gui.player.full_screen`)."""
        if self.full_view is not None:
            return
        view = self.full_view = FullScreenView(self)
        view.leaveRequested.connect(self._leave_full_screen)
        view.playRequested.connect(self.toggle_play)
        view.seekRequested.connect(self._seek_to)
        view.jumpRequested.connect(self.jump)
        view.stepRequested.connect(self.step)

    def _space(self) -> None:
        """Space: a focused button (or list box) outside the player is pressed as ever; else play or
        pause."""
        focus = QApplication.focusWidget()
        if isinstance(focus, QAbstractButton | QComboBox) and not self.isAncestorOf(focus):
            press_space(focus)
        else:
            self.toggle_play()

    def _arrow(self, key: Qt.Key, ms: int) -> None:
        """An arrow in the player skips, but on the volume it still turns the sound."""
        focus = QApplication.focusWidget()
        if isinstance(focus, QAbstractSlider) and focus is not self.seek:
            step_slider(focus, key)
        else:
            self.jump(ms)

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
        self._show_clock(self._stepped, playing=False)

    def jump(self, ms: int) -> None:
        """Skip ``ms`` on (back when negative), within the clip; paused, it stays paused there."""
        if self.player is None or self.source is None:
            return
        duration = self.player.duration()
        target = max(0, self.position_ms() + ms)
        if duration > 0:
            target = min(target, duration - 1)
        playing = self._is_playing()
        self._stepped = None if playing else target
        self._command("setPosition", target)
        self._show_clock(target, playing=playing)

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

    def is_full_screen(self) -> bool:
        return self.full_view is not None and self.full_view.video is not None

    def toggle_full_screen(self) -> None:
        if self.video is None or self.source is None:  # made ahead of time: nothing to show yet
            return
        self._full_screen(not self.is_full_screen())

    def _leave_full_screen(self) -> None:
        if self.is_full_screen():
            self._full_screen(False)

    def _full_screen(self, full: bool) -> None:
        """The video goes into the full-screen window, and comes back to its place in the panel."""
        assert self.video is not None
        self._make_full_screen_keys(self.video)
        assert self.full_view is not None
        if full:
            self._video_was_shown = self.stack.currentWidget() is self.video
            self.stack.removeWidget(self.video)
            self.full_view.show_playing(self._is_playing())
            self._show_clock(self.position_ms())
            self.full_view.hold(self.video)
            return
        video = self.full_view.give_back()
        if video is not None:
            self.stack.insertWidget(0, video)
            if self._video_was_shown:
                self.stack.setCurrentWidget(video)
        self.window().activateWindow()

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
        elif self.video is not None and self.source is not None and self.stack.indexOf(self.video) >= 0:
            self.stack.setCurrentWidget(self.video)

    def _position(self, position: int) -> None:
        if not self.seek.isSliderDown():
            self.seek.setValue(position)
        self._show_clock(position if self._stepped is None else self._stepped)

    def _duration(self, duration: int) -> None:
        self.seek.setRange(0, duration)
        self._show_clock(self.position_ms())

    def _is_playing(self) -> bool:
        if self.player is None:
            return False
        from PySide6.QtMultimedia import QMediaPlayer

        return self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def _show_clock(self, position: int, *, playing: bool | None = None) -> None:
        """The clock: m:ss while playing, with hundredths when not (a frame step shows); a sequence's
        counts over its film."""
        playing = self._is_playing() if playing is None else playing
        duration = self.player.duration() if self.player is not None else 0
        at, total = position, duration
        if len(self._queue) > 1:
            film_at, film_total = film_time(self._film_lengths(), self._playing, position)
            if film_at >= 0:
                at, total = film_at, film_total
        text = player_clock(at, total, playing=playing)
        self.time.setText(text)
        if self.full_view is not None:
            self.full_view.show_position(position, duration, text)

    def _film_lengths(self) -> tuple[int, ...]:
        """How long each clip of the sequence playing is, read once per sequence."""
        queue = tuple(self._queue)
        if queue != self._lengths_of:
            self._lengths_of, self._lengths = queue, tuple(clip_length_ms(path) for path in queue)
        return self._lengths

    def _state(self, state: object) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        playing = state == QMediaPlayer.PlaybackState.PlayingState
        if playing:
            self._stepped = None
        self.play_button.setText(translate("Preview", "Pause") if playing else translate("Preview", "Play"))
        if self.full_view is not None:
            self.full_view.show_playing(playing)
        self._show_clock(self.position_ms(), playing=playing)

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
