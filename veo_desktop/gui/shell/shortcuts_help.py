"""Help → Keyboard shortcuts: every key the window answers, in a small table."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from veo_desktop.gui.player.player_keys import PLAYER_KEYS, described
from veo_desktop.i18n import QT_TRANSLATE_NOOP, translate

WINDOW_KEYS: tuple[tuple[str, str], ...] = (
    ("Ctrl+Return", QT_TRANSLATE_NOOP("ShortcutsHelp", "Generate")),
    ("Ctrl+Left", QT_TRANSLATE_NOOP("ShortcutsHelp", "Sequence: move the clip earlier")),
    ("Ctrl+Right", QT_TRANSLATE_NOOP("ShortcutsHelp", "Sequence: move the clip later")),
    ("Delete", QT_TRANSLATE_NOOP("ShortcutsHelp", "Sequence: remove the clip")),
)
STANDARD_KEYS: tuple[tuple[QKeySequence.StandardKey, str], ...] = (
    (QKeySequence.StandardKey.Open, QT_TRANSLATE_NOOP("ShortcutsHelp", "Open an image")),
    (QKeySequence.StandardKey.Paste, QT_TRANSLATE_NOOP("ShortcutsHelp", "Paste an image")),
    (QKeySequence.StandardKey.Preferences, QT_TRANSLATE_NOOP("ShortcutsHelp", "Settings")),
    (QKeySequence.StandardKey.Quit, QT_TRANSLATE_NOOP("ShortcutsHelp", "Quit")),
)


def shortcut_rows() -> list[tuple[str, str]]:
    """(keys, what they do), in the user's words: the player's first, then the window's."""
    rows = described("PlayerKeys", PLAYER_KEYS) + described("ShortcutsHelp", WINDOW_KEYS)
    for standard, text in STANDARD_KEYS:
        keys = QKeySequence(standard).toString(QKeySequence.SequenceFormat.NativeText)
        if keys:  # not every system has one for each (Preferences, Quit)
            rows.append((keys, translate("ShortcutsHelp", text)))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(translate("ShortcutsHelp", "Keyboard shortcuts"))
        rows = shortcut_rows()
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels(
            [translate("ShortcutsHelp", "Keys"), translate("ShortcutsHelp", "What they do")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        for row, (keys, text) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(520, 420)

    def rows(self) -> list[tuple[str, str]]:
        """What the table says, row by row."""
        return [(self._cell(row, 0), self._cell(row, 1)) for row in range(self.table.rowCount())]

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""


def add_shortcuts_help(menu: QMenu, window: QWidget) -> QAction:
    """Help → Keyboard shortcuts, which shows the dialog (one, brought forward if open)."""
    action = QAction(translate("ShortcutsHelp", "&Keyboard shortcuts"), window)
    action.setObjectName("shortcutsAction")

    def show() -> None:
        dialog = window.findChild(ShortcutsDialog)
        if dialog is None:
            dialog = ShortcutsDialog(window)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    action.triggered.connect(show)
    menu.addAction(action)
    return action
