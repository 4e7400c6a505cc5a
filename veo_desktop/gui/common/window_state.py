"""What the window remembers between runs (QSettings, INI file under the app's config folder):
geometry, splitter sizes, the last settings, the draft (the prompt and the frames' files) and the last
folder an image came from. The settings and the prompt are put back before the first paint
(:meth:`WindowState.restore_form`): the form never shows one thing while meaning another."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Final, get_args

from PySide6.QtCore import QByteArray, QObject, QSettings
from PySide6.QtGui import QTextCursor

from veo_desktop import paths
from veo_desktop.api import rules
from veo_desktop.api.rules import Field

if TYPE_CHECKING:
    from veo_desktop.gui.composer.generation_form import GenerationForm
    from veo_desktop.gui.shell.main_window import MainWindow

CHOICES: Final[tuple[Field, ...]] = get_args(Field)


class WindowState:
    def __init__(self, owner: QObject, path: Path | None = None) -> None:
        path = path or paths.config_dir() / "window.ini"
        path.parent.mkdir(parents=True, exist_ok=True)
        # Owned by the window: a QSettings left to the garbage collector can be destroyed on a worker
        # thread, and its sync timer cannot be stopped from there.
        self.settings = QSettings(str(path), QSettings.Format.IniFormat, owner)

    def restore_window(self, window: MainWindow) -> None:
        geometry = self.settings.value("window/geometry")
        sizes = self.settings.value("window/splitter")
        window.restore_layout(
            geometry if isinstance(geometry, QByteArray) else None,
            sizes if isinstance(sizes, QByteArray) else None,
        )

    def save_window(self, window: MainWindow) -> None:
        geometry, sizes = window.layout_state()
        self.settings.setValue("window/geometry", geometry)
        self.settings.setValue("window/splitter", sizes)
        self.settings.sync()

    def saved_choices(self) -> dict[Field, str]:
        """The settings chosen last time, as saved. Whether the service still offers each one is the
        rules' to say: the form offers only the rules' options and leaves a field alone for any other."""
        saved = {name: self.settings.value(f"choices/{name}") for name in CHOICES}
        return {name: value for name, value in saved.items() if isinstance(value, str)}

    def save_choices(self, choices: dict[Field, str]) -> None:
        for name, value in choices.items():
            self.settings.setValue(f"choices/{name}", value)
        self.settings.sync()

    def restore_form(self, form: GenerationForm) -> None:
        """Before the window is first painted: the settings chosen last time and the prompt as it was
        (the frames follow once images can be read), so that what the form shows from the start is what
        Generate would send. Typing goes after the prompt, never before it."""
        saved = self.saved_choices()
        if "model" in saved:  # an exact model (a release that offered them all) is shown as its choice
            saved["model"] = rules.choice_of(saved["model"])
        form.choose(saved)
        prompt = self.draft()[0]
        if prompt and not form.prompt_text():
            form.set_prompt(prompt)
            form.prompt.moveCursor(QTextCursor.MoveOperation.End)

    def draft(self) -> tuple[str, str, str]:
        """What was in the form when the window last closed: the prompt, the start frame's file and the
        end frame's ("" for none)."""
        values = [self.settings.value(f"draft/{name}", "") for name in ("prompt", "image", "end_frame")]
        prompt, image, end = (value if isinstance(value, str) else "" for value in values)
        return prompt, image, end

    def save_draft(self, prompt: str, image: str, end_frame: str) -> None:
        for name, value in (("prompt", prompt), ("image", image), ("end_frame", end_frame)):
            self.settings.setValue(f"draft/{name}", value)
        self.settings.sync()

    def demo_was_on(self) -> bool:
        """The window last ran the offline demo: with still no key, it opens in the demo again, so the
        demo's videos stay listed (marked as demo) rather than seeming lost."""
        return str(self.settings.value("session/demo", "false")).lower() == "true"

    def save_demo(self, demo: bool) -> None:
        self.settings.setValue("session/demo", "true" if demo else "false")
        self.settings.sync()

    def last_folder(self) -> str:
        value = self.settings.value("files/last_folder", "")
        return value if isinstance(value, str) and Path(value).is_dir() else str(Path.home())

    def set_last_folder(self, folder: str) -> None:
        self.settings.setValue("files/last_folder", folder)
