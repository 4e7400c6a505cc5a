"""The player's keys, in one table: what binds them (the window, the player, full screen) and what
lists them (Help → Keyboard shortcuts) read it here."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QAbstractSlider, QComboBox, QWidget

from veo_desktop.i18n import QT_TRANSLATE_NOOP, translate

JUMP_MS = 5000  # what J, L and the arrows skip

# (key, what it does): translated where shown
PLAYER_KEYS: tuple[tuple[str, str], ...] = (
    ("Space", QT_TRANSLATE_NOOP("PlayerKeys", "Play or pause (anywhere but a text field)")),
    ("K", QT_TRANSLATE_NOOP("PlayerKeys", "Play or pause")),
    ("J", QT_TRANSLATE_NOOP("PlayerKeys", "Back 5 seconds")),
    ("L", QT_TRANSLATE_NOOP("PlayerKeys", "Forward 5 seconds")),
    ("Left", QT_TRANSLATE_NOOP("PlayerKeys", "Back 5 seconds (in the player)")),
    ("Right", QT_TRANSLATE_NOOP("PlayerKeys", "Forward 5 seconds (in the player)")),
    (",", QT_TRANSLATE_NOOP("PlayerKeys", "Previous frame (pauses)")),
    (".", QT_TRANSLATE_NOOP("PlayerKeys", "Next frame (pauses)")),
    ("F", QT_TRANSLATE_NOOP("PlayerKeys", "Full screen")),
    ("Esc", QT_TRANSLATE_NOOP("PlayerKeys", "Leave full screen")),
)


def key_text(key: str) -> str:
    """A key as this computer writes it (its own words for Space, Esc, the arrows)."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


def described(context: str, keys: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """A table of keys in the user's words."""
    return [(key_text(key), translate(context, text)) for key, text in keys]


def bind(
    owner: QWidget, context: Qt.ShortcutContext, slots: Mapping[str, Callable[[], None]]
) -> list[QShortcut]:
    """A shortcut on ``owner`` for each key, in ``context``; text fields keep the keys they type."""
    made = []
    for key, slot in slots.items():
        shortcut = QShortcut(QKeySequence(key), owner)
        shortcut.setContext(context)
        shortcut.activated.connect(slot)
        made.append(shortcut)
    return made


def press_space(widget: QAbstractButton | QComboBox) -> None:
    """What Space does to a focused button (press it) or list box (open it), for a shortcut that took
    the key. (Sent as a key event instead, the key would come back to the shortcut.)"""
    if isinstance(widget, QComboBox):
        widget.showPopup()
    else:
        widget.animateClick()


def step_slider(slider: QAbstractSlider, key: Qt.Key) -> None:
    """What Left or Right does to a focused slider (a step down or up), for a shortcut that took it."""
    down = (key == Qt.Key.Key_Left) != (slider.invertedControls() or slider.isRightToLeft())
    step = QAbstractSlider.SliderAction
    slider.triggerAction(step.SliderSingleStepSub if down else step.SliderSingleStepAdd)
