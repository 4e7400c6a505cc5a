"""The banner across the top of the window while there is no key: what the app needs, in words, a field
to paste the key into and save it, Settings, and the offline demo. Presents; what it says and what a
saved key does is the key banner's controller's (:mod:`veo_desktop.gui.shell.key_banner`)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from veo_desktop.gui.common.style import ERROR_COLOUR, MARGIN, SPACING, words_in
from veo_desktop.gui.common.window_fit import WrappedLabel
from veo_desktop.i18n import translate


class NoKeyBanner(QFrame):
    keySaveRequested = Signal(str)  # the key pasted, to store and use

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noKeyBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner_text = WrappedLabel(parent=self)  # however narrow, every line shows
        self.banner_text.setWordWrap(True)
        self.demo_button = QPushButton(translate("MainWindow", "Try the offline demo"), self)
        self.demo_button.setObjectName("demoButton")
        # The key goes in right here: pasted, saved, and the window uses it (no Settings, no restart).
        self.banner_key = QLineEdit(self)
        self.banner_key.setObjectName("bannerKeyInput")
        self.banner_key.setAccessibleName(translate("MainWindow", "API key"))
        self.banner_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.banner_key.setPlaceholderText(translate("MainWindow", "Paste your API key (sk-…)"))
        self.banner_key.returnPressed.connect(lambda: self.keySaveRequested.emit(self.banner_key.text()))
        self.banner_save = QPushButton(translate("MainWindow", "Save key"), self)
        self.banner_save.setObjectName("bannerSaveKeyButton")
        self.banner_save.clicked.connect(lambda: self.keySaveRequested.emit(self.banner_key.text()))
        self.key_button = QPushButton(translate("MainWindow", "Settings…"), self)
        self.key_button.setObjectName("addKeyButton")
        self.banner_result = WrappedLabel(parent=self)  # the key refused, or where it was kept
        self.banner_result.setObjectName("bannerKeyResult")
        self.banner_result.setWordWrap(True)
        self.banner_result.hide()
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner_key, 1)
        banner_row.addWidget(self.banner_save)
        banner_row.addWidget(self.key_button)
        banner_row.addWidget(self.demo_button)
        banner_layout = QVBoxLayout(self)
        banner_layout.setContentsMargins(MARGIN, SPACING, MARGIN, SPACING)  # thin: the player has the room
        banner_layout.addWidget(self.banner_text)
        banner_layout.addLayout(banner_row)
        banner_layout.addWidget(self.banner_result)
        self.hide()

    def show_no_key(self, message: str, *, demo: bool = False) -> None:
        """``message`` and the key field ("" hides the banner); ``demo``: the offline demo is on, so it
        is not offered again."""
        self.banner_text.setText(message)
        self.demo_button.setVisible(not demo)
        self.show_key_result("")
        self.setVisible(bool(message))

    def show_key_result(self, text: str, *, ok: bool = True) -> None:
        """Under the key field: why the key was refused, or where it was kept ("" hides it)."""
        self.banner_result.setText(text)
        words_in(self.banner_result, None if ok else ERROR_COLOUR)
        self.banner_result.setVisible(bool(text))
