"""The player's position bar: a click anywhere on it jumps there (a plain slider only pages towards
the click), and a drag goes on from there."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider


class SeekBar(QSlider):
    def position_at(self, x: float) -> int:
        """The value under ``x`` (widget pixels), as the style draws the groove and the handle."""
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        style = self.style()
        groove = style.subControlRect(
            QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, self
        )
        handle = style.subControlRect(
            QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, self
        )
        span = max(1, groove.width() - handle.width())
        offset = round(x - groove.x() - handle.width() / 2)
        return QStyle.sliderValueFromPosition(
            self.minimum(), self.maximum(), max(0, min(offset, span)), span, option.upsideDown
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if (
            event.button() == Qt.MouseButton.LeftButton
            and self.isEnabled()
            and self.maximum() > self.minimum()
        ):
            value = self.position_at(event.position().x())
            if value != self.sliderPosition():
                self.setSliderPosition(value)
                self.sliderMoved.emit(value)  # what a drag to here says: the player seeks
        super().mousePressEvent(event)  # the handle is under the pointer now: a drag moves it on
