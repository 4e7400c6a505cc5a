"""The Settings dialog: the API key (paste, test, save, delete) and the app's settings. A view: it
forwards what the user asks for and shows what the settings controller answers."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from veo_desktop.api.security import ALTERNATE_BASE_URL, DEFAULT_BASE_URL
from veo_desktop.core.settings import LANGUAGES, LANGUAGES_IN_ENGLISH, MAX_RUNNING_RANGE, Settings
from veo_desktop.gui.common.style import ERROR_COLOUR, words_in
from veo_desktop.gui.common.window_fit import WrappedLabel
from veo_desktop.i18n import QT_TRANSLATE_NOOP, translate

LANGUAGE_NOTE = QT_TRANSLATE_NOOP("SettingsDialog", "The language changes the next time the app starts.")


class SettingsDialog(QDialog):
    testKey = Signal(str)
    saveKey = Signal(str)
    deleteKey = Signal()
    useKeyForSession = Signal(str)
    saveSettings = Signal(dict)  # the fields of Settings.checked, as typed
    restartRequested = Signal()  # the language changed: start the app again now

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(translate("SettingsDialog", "Settings"))

        self.key_status = QLabel(self)
        self.key_status.setObjectName("keyStatus")
        self.key_input = QLineEdit(self)
        self.key_input.setObjectName("keyInput")
        self.key_input.setAccessibleName(translate("SettingsDialog", "API key"))
        self.key_input.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_input.setPlaceholderText(translate("SettingsDialog", "Paste your API key (sk-…)"))
        self.test_button = QPushButton(translate("SettingsDialog", "Test"), self)
        self.test_button.setObjectName("testKeyButton")
        self.save_key_button = QPushButton(translate("SettingsDialog", "Save key"), self)
        self.save_key_button.setObjectName("saveKeyButton")
        self.delete_key_button = QPushButton(translate("SettingsDialog", "Delete key"), self)
        self.delete_key_button.setObjectName("deleteKeyButton")
        self.session_button = QPushButton(translate("SettingsDialog", "Use for this session only"), self)
        self.session_button.setObjectName("sessionKeyButton")
        self.session_button.hide()
        self.key_result = WrappedLabel(parent=self)  # a keyring failure takes lines: they all show
        self.key_result.setObjectName("keyResult")
        self.key_result.setWordWrap(True)
        key_buttons = QHBoxLayout()
        for button in (self.test_button, self.save_key_button, self.delete_key_button, self.session_button):
            key_buttons.addWidget(button)
        key_buttons.addStretch(1)
        key_box = QGroupBox(
            translate("SettingsDialog", "API key (kept in your system keyring, never in a file)"), self
        )
        key_layout = QVBoxLayout(key_box)
        key_layout.addWidget(self.key_status)
        key_layout.addWidget(self.key_input)
        key_layout.addLayout(key_buttons)
        key_layout.addWidget(self.key_result)

        self.base_url = QComboBox(self)
        self.base_url.setObjectName("baseUrlCombo")
        self.base_url.setAccessibleName(translate("SettingsDialog", "API address"))
        self.base_url.setEditable(True)
        self.base_url.addItems([DEFAULT_BASE_URL, ALTERNATE_BASE_URL])
        self.base_url_source = WrappedLabel(parent=self)  # where the address in use comes from
        self.base_url_source.setObjectName("baseUrlSource")
        self.base_url_source.setWordWrap(True)
        self.output_dir = QLineEdit(self)
        self.output_dir.setObjectName("outputDirInput")
        self.output_dir.setAccessibleName(translate("SettingsDialog", "Output folder"))
        self.output_dir.setPlaceholderText(
            translate("SettingsDialog", "Default: your Videos folder, under Veo Desktop")
        )
        browse = QPushButton(translate("SettingsDialog", "Browse…"), self)
        browse.setObjectName("browseOutputButton")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.output_dir, 1)
        folder_row.addWidget(browse)
        self.notifications = QCheckBox(
            translate(
                "SettingsDialog", "Tell me when a video is ready while the window is in the background"
            ),
            self,
        )
        self.notifications.setObjectName("notificationsCheck")
        self.max_running = QSpinBox(self)
        self.max_running.setObjectName("maxRunningSpin")
        self.max_running.setAccessibleName(translate("SettingsDialog", "Tasks at once"))
        self.max_running.setRange(MAX_RUNNING_RANGE[0], MAX_RUNNING_RANGE[-1])
        self.max_running.setToolTip(
            translate(
                "SettingsDialog",
                "How many tasks the service works on at once; more wait their turn in the list (nothing is "
                "sent, nothing is charged, until they start)",
            )
        )
        self.language = QComboBox(self)
        self.language.setObjectName("languageCombo")
        self.language.setAccessibleName(translate("SettingsDialog", "Language"))
        for code in LANGUAGES:
            self.language.addItem(language_label(code), code)
        self.language_note = WrappedLabel(translate("SettingsDialog", LANGUAGE_NOTE), self)
        self.language_note.setObjectName("languageNote")
        self.language_note.setWordWrap(True)
        self.restart_button = QPushButton(translate("SettingsDialog", "Restart now"), self)
        self.restart_button.setObjectName("restartButton")
        self.restart_button.clicked.connect(self.restartRequested)
        self.restart_button.hide()
        language_row = QHBoxLayout()
        language_row.addWidget(self.language_note, 1)
        language_row.addWidget(self.restart_button)
        self.settings_error = WrappedLabel(parent=self)
        self.settings_error.setObjectName("settingsError")
        self.settings_error.setWordWrap(True)
        words_in(self.settings_error, ERROR_COLOUR)
        settings_box = QGroupBox(translate("SettingsDialog", "Settings"), self)
        form = QFormLayout(settings_box)
        form.addRow(translate("SettingsDialog", "API address"), self.base_url)
        form.addRow("", self.base_url_source)
        form.addRow(translate("SettingsDialog", "Output folder"), folder_row)
        form.addRow("", self.notifications)
        form.addRow(translate("SettingsDialog", "Tasks at once"), self.max_running)
        form.addRow(translate("SettingsDialog", "Language"), self.language)
        form.addRow("", language_row)
        form.addRow("", self.settings_error)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.save_settings_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_settings_button.setObjectName("saveSettingsButton")
        buttons.rejected.connect(self.reject)
        self.settings_saved = QLabel(self)  # "Saved.": the click did something
        self.settings_saved.setObjectName("settingsSaved")
        bottom = QHBoxLayout()
        bottom.addWidget(self.settings_saved, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(key_box)
        layout.addWidget(settings_box)
        layout.addLayout(bottom)

        self.test_button.clicked.connect(lambda: self.testKey.emit(self.key_input.text()))
        self.save_key_button.clicked.connect(lambda: self.saveKey.emit(self.key_input.text()))
        self.delete_key_button.clicked.connect(self.deleteKey)
        self.session_button.clicked.connect(lambda: self.useKeyForSession.emit(self.key_input.text()))
        self.save_settings_button.clicked.connect(lambda: self.saveSettings.emit(self.typed_settings()))

    def sizeHint(self) -> QSize:
        # Room for the key and the folder; never less than the fields need (a minimum width set on the
        # dialog would let its layout squeeze them).
        return super().sizeHint().expandedTo(QSize(560, 0))

    def typed_settings(self) -> dict[str, object]:
        return {
            "base_url": self.base_url.currentText(),
            "output_dir": self.output_dir.text(),
            "notifications": self.notifications.isChecked(),
            "max_running": self.max_running.value(),
            "language": self.language.currentData(),
            "api_key": self.key_input.text(),  # a key typed but not saved on its own: Save keeps it too
        }

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, translate("SettingsDialog", "Output folder"), self.output_dir.text()
        )
        if folder:
            self.output_dir.setText(folder)

    # ----- presenting ---------------------------------------------------------------------------

    def show_settings(self, settings: Settings) -> None:
        """Every setting but the API address (see :meth:`show_address`)."""
        self.output_dir.setText(settings.output_dir)
        self.notifications.setChecked(settings.notifications)
        self.max_running.setValue(settings.max_running)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.settings_error.setText("")

    def show_address(self, address: str, source: str) -> None:
        """The API address in use, and where it comes from."""
        self.base_url.setCurrentText(address)
        self.base_url_source.setText(source)

    def show_key_status(self, text: str) -> None:
        self.key_status.setText(text)

    def show_key_result(self, text: str, *, ok: bool) -> None:
        self.key_result.setText(text)
        words_in(self.key_result, None if ok else ERROR_COLOUR)

    def forget_typed_key(self) -> None:
        """The key typed in the box was used (stored, or kept for the session): it leaves the screen."""
        self.key_input.clear()

    def offer_session_key(self, offered: bool) -> None:
        self.session_button.setVisible(offered)

    def show_settings_error(self, text: str) -> None:
        self.settings_error.setText(text)

    def show_settings_saved(self, text: str) -> None:
        self.settings_saved.setText(text)

    def show_language_note(self, text: str) -> None:
        """Under the language: when a change takes effect, or what it needs ("": the usual note)."""
        self.language_note.setText(text or translate("SettingsDialog", LANGUAGE_NOTE))

    def offer_restart(self, offered: bool) -> None:
        self.restart_button.setVisible(offered)


def language_label(code: str) -> str:
    """A language named in itself and in English ("简体中文 — Chinese (Simplified)"): whatever language
    the window is in, and whatever fonts it has, a user finds the one they read."""
    name, english = LANGUAGES[code], LANGUAGES_IN_ENGLISH.get(code, "")
    return name if not english or english == name else f"{name} — {english}"
