"""Settings shared by the window and the CLI: a small JSON file under the config folder.

They live in plain JSON, not QSettings, because the CLI (which never loads Qt) reads the same base URL
and output folder. The window's own state (geometry, last choices) is in QSettings.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal

from veo_desktop import paths
from veo_desktop.api.errors import InsecureConnection
from veo_desktop.api.security import DEFAULT_BASE_URL, check_base_url
from veo_desktop.core.atomic_files import write_atomically
from veo_desktop.i18n import translate

BASE_URL_ENV = "APIYI_BASE_URL"
# The languages the window speaks (a translation under resources/translations for each but English).
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}
# Each language's name in English too, beside its own (Settings lists both): never translated.
LANGUAGES_IN_ENGLISH: dict[str, str] = {"en": "English", "zh_CN": "Chinese (Simplified)"}
MAX_RUNNING_RANGE = range(1, 11)
DEFAULT_MAX_RUNNING = 4
BaseUrlSource = Literal["flag", "environment", "settings", "default"]


class InvalidSetting(ValueError):
    """``str()`` says which setting and why, for the user."""


@dataclass(frozen=True)
class Settings:
    base_url: str = ""
    output_dir: str = ""
    notifications: bool = True
    max_running: int = DEFAULT_MAX_RUNNING  # tasks at the service at once; more wait their turn
    language: str = "en"

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or paths.settings_file()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        defaults = cls()
        values: dict[str, Any] = {}
        for field in fields(cls):
            value = data.get(field.name)
            if type(value) is type(getattr(defaults, field.name)):  # bool is not taken for an int
                values[field.name] = value
        if values.get("max_running") not in MAX_RUNNING_RANGE:
            values.pop("max_running", None)
        if values.get("language") not in LANGUAGES:
            values.pop("language", None)
        return cls(**values)

    def save(self, path: Path | None = None) -> None:
        path = path or paths.settings_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, json.dumps(asdict(self), indent=2).encode("utf-8"))

    def checked(
        self, *, base_url: str, output_dir: str, notifications: bool, max_running: int, language: str
    ) -> Settings:
        """New settings from what the user typed; InvalidSetting (with the reason) if any is wrong."""
        if max_running not in MAX_RUNNING_RANGE:
            raise InvalidSetting(
                translate("Settings", "Tasks at once: {value} is not between 1 and {most}").format(
                    value=max_running, most=MAX_RUNNING_RANGE[-1]
                )
            )
        if language not in LANGUAGES:
            raise InvalidSetting(
                translate("Settings", "Language: {value} is not one of {options}").format(
                    value=repr(language), options=", ".join(LANGUAGES)
                )
            )
        base_url = base_url.strip()
        if base_url:
            try:
                base_url = check_base_url(base_url)
            except InsecureConnection as exc:
                raise InvalidSetting(
                    translate("Settings", "API address: {reason}").format(reason=exc)
                ) from None
        output_dir = output_dir.strip()
        if output_dir:
            folder = Path(output_dir).expanduser()
            if not folder.is_dir():
                raise InvalidSetting(
                    translate("Settings", "Output folder: {folder} does not exist").format(folder=folder)
                )
            if not os.access(folder, os.W_OK):
                raise InvalidSetting(
                    translate("Settings", "Output folder: {folder} cannot be written to").format(
                        folder=folder
                    )
                )
            output_dir = str(folder)
        return replace(
            self,
            base_url=base_url,
            output_dir=output_dir,
            notifications=notifications,
            max_running=max_running,
            language=language,
        )

    def resolved_base_url(self, flag: str | None = None) -> str:
        """``--base-url``, else ``APIYI_BASE_URL``, else this setting, else the provider's main host."""
        return self.base_url_in_use(flag)[0]

    def base_url_in_use(self, flag: str | None = None) -> tuple[str, BaseUrlSource]:
        """The API address the app uses and where it comes from: ``--base-url`` ("flag"), else
        ``APIYI_BASE_URL`` ("environment"), else this setting ("settings"), else the default."""
        if flag:
            return flag, "flag"
        from_environment = os.environ.get(BASE_URL_ENV, "").strip()
        if from_environment:
            return from_environment, "environment"
        if self.base_url:
            return self.base_url, "settings"
        return DEFAULT_BASE_URL, "default"

    def resolved_output_dir(self) -> Path:
        return Path(self.output_dir).expanduser() if self.output_dir else paths.default_output_dir()

    @property
    def creates_output_dir(self) -> bool:
        """The default folder is made when missing; a folder the user chose must exist (a missing one
        may be an unplugged drive, and videos must not silently land on another disk)."""
        return not self.output_dir
