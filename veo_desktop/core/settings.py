"""Settings shared by the window and the CLI: a small JSON file under the config folder."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from veo_desktop import paths
from veo_desktop.api.security import DEFAULT_BASE_URL

BASE_URL_ENV = "APIYI_BASE_URL"


@dataclass
class Settings:
    base_url: str = ""
    output_dir: str = ""

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or paths.settings_file()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: str(v) for k, v in data.items() if k in known and isinstance(v, str)})

    def save(self, path: Path | None = None) -> None:
        path = path or paths.settings_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(path.name + ".tmp")
        temp.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        temp.replace(path)

    def resolved_base_url(self, flag: str | None = None) -> str:
        """``--base-url``, else ``APIYI_BASE_URL``, else this setting, else the provider's main host."""
        return flag or os.environ.get(BASE_URL_ENV, "").strip() or self.base_url or DEFAULT_BASE_URL

    def resolved_output_dir(self) -> Path:
        return Path(self.output_dir).expanduser() if self.output_dir else paths.default_output_dir()
