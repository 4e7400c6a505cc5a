"""Saved and recent prompts: keep the form's prompt (★ Save), and offer the saved and recently used ones
in the searchable picker ("Recent and saved…"), putting the chosen one in the form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from veo_desktop.core.prompts import PromptBook
from veo_desktop.core.tasks.describe import excerpt
from veo_desktop.core.tasks.manager import TaskManager
from veo_desktop.gui.common.background import BackgroundTasks
from veo_desktop.gui.composer.prompt_picker import PromptPicker
from veo_desktop.i18n import translate

if TYPE_CHECKING:
    from veo_desktop.gui.shell.main_window import MainWindow  # the window these controls live in


class PromptController(QObject):
    def __init__(self, window: MainWindow, prompts: PromptBook, background: BackgroundTasks) -> None:
        super().__init__(window)
        self.window = window
        self.background = background
        self.form = window.form
        self.prompts = prompts
        self.manager: TaskManager | None = None  # the history's recent prompts, while there is a session
        self.form.promptsRequested.connect(self.open_prompts)
        self.form.savePromptRequested.connect(self.save_prompt)

    def attach(self, manager: TaskManager) -> None:
        self.manager = manager

    def detach(self) -> None:
        self.manager = None

    def open_prompts(self) -> None:
        """The picker opens once the history (on its own thread) has said the recent prompts."""
        if self.manager is None:
            self._show_picker([])
        elif "recent-prompts" not in self.background.names:  # a second click while it reads: one picker
            self.background.spawn(self._open_prompts(self.manager), "recent-prompts", session=True)

    async def _open_prompts(self, manager: TaskManager) -> None:
        recent = await manager.history.recent_prompts()
        if manager is self.manager:
            self._show_picker(recent)

    def _show_picker(self, recent: list[str]) -> PromptPicker:
        picker = PromptPicker(self.prompts.saved(), recent, self.window)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.chosen.connect(self.form.set_prompt)
        picker.show()
        return picker

    def save_prompt(self) -> None:
        prompt = self.form.prompt_text().strip()
        if not prompt:
            self.window.show_message(translate("Controller", "Type a prompt first, then save it"))
            return
        try:
            self.prompts.save(prompt)
        except OSError as exc:
            self.window.show_message(
                translate("Controller", "Could not save the prompt: {reason}").format(
                    reason=exc.strerror or exc
                )
            )
            return
        self.window.show_message(
            translate("Controller", "Saved “{prompt}”").format(prompt=excerpt(prompt, 40))
        )
