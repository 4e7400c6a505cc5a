"""The end frame: a second, smaller drop zone ("End frame (optional)") with its actions: swap it with the
start frame, clear it, and, where the chosen model takes no end frame, the reason (greyed out) and a
one-click switch to a model that does. It presents what the controller decides and forwards intent."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from veo_desktop.gui.common.style import mark_title
from veo_desktop.gui.common.window_fit import WrappedLabel
from veo_desktop.gui.composer.drop_zone import ImageDropZone
from veo_desktop.i18n import QT_TRANSLATE_NOOP, translate

END_TITLE = QT_TRANSLATE_NOOP("DropZone", "End frame")
END_PROMPT = QT_TRANSLATE_NOOP(
    "DropZone",
    "Drop the last frame here or click to browse\nThe video moves from the first picture to this one",
)


class EndFramePanel(QWidget):
    switchRequested = Signal()  # move to the model the reason names
    swapRequested = Signal()
    clearRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("endFramePanel")
        self.title = QLabel(translate("EndFrame", "End frame (optional)"), self)
        self.title.setObjectName("endFrameTitle")
        mark_title(self.title)
        self.zone = ImageDropZone(self, name="endDropZone", title=END_TITLE, prompt=END_PROMPT, compact=True)
        self.reason = WrappedLabel(parent=self)
        self.reason.setObjectName("endFrameReason")
        self.reason.setWordWrap(True)
        self.reason.hide()
        self.switch = QPushButton(self)
        self.switch.setObjectName("endFrameSwitch")
        self.switch.clicked.connect(self.switchRequested)
        self.switch.hide()
        self.swap = QToolButton(self)
        self.swap.setObjectName("swapFrames")
        self.swap.setText(translate("EndFrame", "⇄ Swap start and end"))
        self.swap.setToolTip(
            translate("EndFrame", "The start frame becomes the end frame, and the other way")
        )
        self.swap.clicked.connect(self.swapRequested)
        self.clear = QToolButton(self)
        self.clear.setObjectName("clearEndFrame")
        self.clear.setText(translate("EndFrame", "Clear end frame"))
        self.clear.setAccessibleName(translate("EndFrame", "Remove the end frame"))
        self.clear.clicked.connect(self.clearRequested)
        layout = QVBoxLayout(self)  # one column: the panel stays narrower than the start frame's zone
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.zone, 1)
        layout.addWidget(self.reason)
        layout.addWidget(self.switch, 0, Qt.AlignmentFlag.AlignLeft)
        for button in (self.swap, self.clear):
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)

    def focus_chain(self) -> list[QWidget]:
        """Its focus stops in screen order: the drop zone's, the switch, Swap, Clear."""
        return [*self.zone.focus_chain(), self.switch, self.swap, self.clear]

    def show_verdict(self, allowed: bool, reason: str, switch_to: str) -> None:
        """Whether the chosen model takes an end frame; if not, why, and the choice that does
        (``switch_to``, as the model list shows it)."""
        self.zone.setEnabled(allowed)
        self.zone.setToolTip(reason)
        self.reason.setText(reason)
        self.reason.setVisible(not allowed)
        self.switch.setText(translate("EndFrame", "Switch to {choice}").format(choice=switch_to))
        self.switch.setVisible(not allowed and bool(switch_to))

    def show_actions(self, *, can_swap: bool, can_clear: bool) -> None:
        self.swap.setEnabled(can_swap)
        self.clear.setEnabled(can_clear)

    def verdict(self) -> tuple[bool, str]:
        """(enabled, reason) of the end frame's drop zone, as the user sees it."""
        return self.zone.isEnabled(), self.reason.text() if self.reason.isVisibleTo(self) else ""
