"""Every folder and file the app owns, in one place.

``VEO_DESKTOP_HOME``, when set, holds all of the app's own data (history, settings, logs, reference
copies) and its default output folder is ``$VEO_DESKTOP_HOME/videos``, so tests and portable installs
never touch the user's real folders. Otherwise the platform's own folders, as ``platformdirs`` finds them:
on Linux the XDG folders (``~/.local/share/veo-desktop``, ``~/.config/veo-desktop``, the videos folder of
``user-dirs.dirs``), on Windows ``%LOCALAPPDATA%\\Veo Desktop`` and the Videos known folder (wherever
OneDrive or the user moved it), on macOS ``~/Library/Application Support/Veo Desktop`` and ``~/Movies``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

HOME_ENV = "VEO_DESKTOP_HOME"
_APP_DIR_NAME = "Veo Desktop"
_XDG_APP_DIR_NAME = "veo-desktop"


def home_override() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def _app_name() -> str:
    """``veo-desktop`` in the XDG folders (as releases before platformdirs), ``Veo Desktop`` elsewhere."""
    return _APP_DIR_NAME if sys.platform in ("win32", "darwin") else _XDG_APP_DIR_NAME


def _dirs() -> platformdirs.PlatformDirs:
    # appauthor=False: no "Veo Desktop/Veo Desktop" on Windows; roaming=False: %LOCALAPPDATA%.
    return platformdirs.PlatformDirs(_app_name(), appauthor=False, roaming=False)


def data_dir() -> Path:
    """The app's own data: history database, reference image copies, posters, locks."""
    override = home_override()
    if override is not None:
        return override
    return _dirs().user_data_path


def config_dir() -> Path:
    override = home_override()
    if override is not None:
        return override / "config"
    return _dirs().user_config_path


def history_db() -> Path:
    return data_dir() / "history.sqlite3"


def references_dir() -> Path:
    """Copies of the reference images, so a retry works after the original moved."""
    return data_dir() / "references"


def locks_dir() -> Path:
    """One lock file per task a running process follows (see core/history/locks.py)."""
    return data_dir() / "locks"


def posters_dir() -> Path:
    """Poster frames of saved videos, for the gallery."""
    return data_dir() / "posters"


def log_dir() -> Path:
    """``$VEO_DESKTOP_HOME/logs``; else the platform's log folder: ``~/.local/state/veo-desktop/log``,
    ``%LOCALAPPDATA%\\Veo Desktop\\Logs``, ``~/Library/Logs/Veo Desktop``."""
    override = home_override()
    if override is not None:
        return override / "logs"
    return _dirs().user_log_path


def settings_file() -> Path:
    return config_dir() / "settings.json"


def prompts_file() -> Path:
    return config_dir() / "prompts.json"


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
    # Windows: the Videos known folder (moved by OneDrive or the user too); macOS: ~/Movies;
    # Linux: XDG_VIDEOS_DIR of user-dirs.dirs, else ~/Videos.
    return platformdirs.user_videos_path() / _APP_DIR_NAME
