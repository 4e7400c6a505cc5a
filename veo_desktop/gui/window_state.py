"""What the window remembers between runs (QSettings, INI file under the app's config folder):
geometry, splitter sizes, the last settings and the last folder an image came from."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

from veo_desktop import paths
from veo_desktop.api import rules
from veo_desktop.gui.generation_form import GenerationForm

CHOICES = ("model", "seconds", "resolution", "aspect_ratio")


class WindowState:
    def __init__(self, owner: QObject, path: Path | None = None) -> None:
        path = path or paths.config_dir() / "window.ini"
        path.parent.mkdir(parents=True, exist_ok=True)
        # Owned by the window: a QSettings left to the garbage collector can be destroyed on a worker
        # thread, and its sync timer cannot be stopped from there.
        self.settings = QSettings(str(path), QSettings.Format.IniFormat, owner)

    def restore_window(self, window: QMainWindow, splitter: QSplitter) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            window.restoreGeometry(geometry)
        sizes = self.settings.value("window/splitter")
        if isinstance(sizes, QByteArray):
            splitter.restoreState(sizes)

    def save_window(self, window: QMainWindow, splitter: QSplitter) -> None:
        self.settings.setValue("window/geometry", window.saveGeometry())
        self.settings.setValue("window/splitter", splitter.saveState())
        self.settings.sync()

    def restore_choices(self, form: GenerationForm) -> None:
        allowed = {
            "model": tuple(rules.MODELS),
            "seconds": rules.SECONDS,
            "resolution": rules.RESOLUTIONS,
            "aspect_ratio": rules.ASPECT_RATIOS,
        }
        for name in CHOICES:
            value = self.settings.value(f"choices/{name}")
            if isinstance(value, str) and value in allowed[name]:
                form.select(name, value)  # type: ignore[arg-type]

    def save_choices(self, form: GenerationForm) -> None:
        for name in CHOICES:
            self.settings.setValue(f"choices/{name}", form.value(name))  # type: ignore[arg-type]
        self.settings.sync()

    def last_folder(self) -> str:
        value = self.settings.value("files/last_folder", "")
        return value if isinstance(value, str) and Path(value).is_dir() else str(Path.home())

    def set_last_folder(self, folder: str) -> None:
        self.settings.setValue("files/last_folder", folder)
