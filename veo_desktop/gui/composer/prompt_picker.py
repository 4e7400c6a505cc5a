"""Recent and saved prompts, in a small searchable list: type to filter, Enter or double click to use."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from veo_desktop.core.tasks.describe import excerpt
from veo_desktop.i18n import translate

SAVED_MARK = "★ "


class PromptPicker(QDialog):
    chosen = Signal(str)

    def __init__(self, saved: list[str], recent: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promptPicker")
        self.setWindowTitle(translate("PromptPicker", "Prompts"))
        self.resize(560, 380)
        self.search = QLineEdit(self)
        self.search.setObjectName("promptSearch")
        self.search.setPlaceholderText(translate("PromptPicker", "Search your saved (★) and recent prompts"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setObjectName("promptList")
        for prompt, mark in [*((p, SAVED_MARK) for p in saved), *((p, "") for p in recent if p not in saved)]:
            item = QListWidgetItem(mark + excerpt(prompt, 110), self.list)
            item.setData(Qt.ItemDataRole.UserRole, prompt)
            item.setToolTip(prompt)
        if self.list.count() == 0:
            self.list.addItem(
                translate("PromptPicker", "No prompts yet: the ones you generate with appear here")
            )
            self.list.setEnabled(False)
        self.search.textChanged.connect(self.filter)
        self.search.returnPressed.connect(self._use_current)
        self.list.itemActivated.connect(self._use)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list)

    def filter(self, text: str) -> None:
        words = text.casefold().split()
        first = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            prompt = str(item.data(Qt.ItemDataRole.UserRole) or "").casefold()
            hidden = not all(word in prompt for word in words)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        if first is not None:
            self.list.setCurrentItem(first)

    def visible_prompts(self) -> list[str]:
        items = (self.list.item(row) for row in range(self.list.count()))
        return [
            str(i.data(Qt.ItemDataRole.UserRole))
            for i in items
            if not i.isHidden() and i.data(Qt.ItemDataRole.UserRole)
        ]

    def _use_current(self) -> None:
        item = self.list.currentItem()
        if item is not None and not item.isHidden():
            self._use(item)

    def _use(self, item: QListWidgetItem) -> None:
        prompt = item.data(Qt.ItemDataRole.UserRole)
        if prompt:
            self.chosen.emit(str(prompt))
            self.accept()
