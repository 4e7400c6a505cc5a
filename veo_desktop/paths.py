"""Every folder and file the app owns, in one place.

``VEO_DESKTOP_HOME``, when set, holds all of the app's own data (history, settings, logs, reference
copies) and its default output folder is ``$VEO_DESKTOP_HOME/videos``, so tests and portable installs
never touch the user's real folders.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

HOME_ENV = "VEO_DESKTOP_HOME"
_APP_DIR_NAME = "Veo Desktop"
_XDG_APP_DIR_NAME = "veo-desktop"


def home_override() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """The app's own data: history database, reference image copies, logs."""
    override = home_override()
    if override is not None:
        return override
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / _APP_DIR_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / _APP_DIR_NAME
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / _XDG_APP_DIR_NAME


def config_dir() -> Path:
    override = home_override()
    if override is not None:
        return override / "config"
    if sys.platform in ("win32", "darwin"):
        return data_dir()
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / _XDG_APP_DIR_NAME


def history_db() -> Path:
    return data_dir() / "history.sqlite3"


def references_dir() -> Path:
    """Copies of the reference images, so a retry works after the original moved."""
    return data_dir() / "references"


def locks_dir() -> Path:
    """One lock file per task a running process follows (see core/task_locks.py)."""
    return data_dir() / "locks"


def posters_dir() -> Path:
    """Poster frames of saved videos, for the gallery."""
    return data_dir() / "posters"


def log_dir() -> Path:
    return data_dir() / "logs"


def settings_file() -> Path:
    return config_dir() / "settings.json"


def prompts_file() -> Path:
    return config_dir() / "prompts.json"


def _xdg_videos_dir() -> Path | None:
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    try:
        text = (config / "user-dirs.dirs").read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.search(r'^XDG_VIDEOS_DIR="([^"]+)"', text, re.MULTILINE)
    if not match:
        return None
    return Path(match.group(1).replace("$HOME", str(Path.home())))


def resources_dir() -> Path:
    """The app's own files (icons): inside the bundle when frozen, else the source tree's resources/."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def default_output_dir() -> Path:
    """Where videos go unless the user picked another folder."""
    override = home_override()
    if override is not None:
        return override / "videos"
    videos = _xdg_videos_dir() if sys.platform.startswith("linux") else None
    return (videos or Path.home() / "Videos") / _APP_DIR_NAME
