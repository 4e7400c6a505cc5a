"""One log file per process in the app's log folder; anything shaped like a key is masked on the way in.

The window and the commands may run at once. Sharing one rotating file fails on Windows (a rollover
renames a file another process holds open, and logging hides the failure), so each process writes its
own, ``veo-desktop-<kind>-<date>-<time>-<pid>.log``; it rolls over only its own file, and each start
removes all but the newest :data:`KEEP_FILES` (a file another process still holds stays until later).
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import time
from pathlib import Path

from veo_desktop import paths
from veo_desktop.api.security import redact

LOG_PREFIX = "veo-desktop-"
KEEP_FILES = 20  # the newest log files kept, this process's included
MAX_BYTES = 2 * 1024 * 1024  # then this process's file rolls over once (``.log.1``)
_redactor: RedactingFilter | None = None


class RedactingFilter(logging.Filter):
    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        for secret in self.secrets:
            text = redact(text, secret)
        record.msg, record.args = redact(text), None
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class _QuietFileHandler(logging.handlers.RotatingFileHandler):
    def handleError(self, record: logging.LogRecord) -> None:
        """A line that cannot be written (a full disk) is lost; no traceback lands in the user's terminal
        in the middle of a command."""


def log_name(kind: str, *, pid: int | None = None, when: float | None = None) -> str:
    """``veo-desktop-window-20261204-101500-4242.log``: sorted by name within a kind, they are by start."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(time.time() if when is None else when))
    return f"{LOG_PREFIX}{kind}-{stamp}-{os.getpid() if pid is None else pid}.log"


def log_files(folder: Path) -> list[Path]:
    """Every log file of the app's in ``folder`` (rolled-over ones too), newest first."""
    found: list[tuple[float, Path]] = []
    for path in folder.glob(f"{LOG_PREFIX}*.log*"):
        with contextlib.suppress(OSError):  # removed meanwhile by another process's clean-up
            found.append((path.stat().st_mtime, path))
    return [path for _, path in sorted(found, key=lambda item: item[0], reverse=True)]


def remove_old_logs(folder: Path, keep: int = KEEP_FILES, *, mine: Path | None = None) -> None:
    """All but the newest ``keep`` files go; one another process holds open (Windows) stays for now."""
    for path in [p for p in log_files(folder) if p != mine][max(keep - 1, 0) :]:
        with contextlib.suppress(OSError):
            path.unlink()


def _log_file(folder: Path, kind: str) -> logging.Handler:
    """This process's own file, or nowhere when the folder cannot be written (a read-only disk): the
    command or the window then says what is wrong in its own words, which a crash here would hide."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / log_name(kind)
        handler = _QuietFileHandler(path, maxBytes=MAX_BYTES, backupCount=1, encoding="utf-8")
    except OSError:
        return logging.NullHandler()
    remove_old_logs(folder, mine=path)
    return handler


def current_log_file() -> Path | None:
    """The file this process logs to, if any."""
    for handler in logging.getLogger("veo_desktop").handlers:
        if isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None


def setup_logging(
    kind: str = "app", *, secrets: list[str] | None = None, folder: Path | None = None
) -> RedactingFilter:
    """Send the app's log to a file of this process's own in the log folder (:func:`paths.log_dir`) and
    nowhere else. ``kind`` names who writes it: ``window`` or ``cli``."""
    folder = folder or paths.log_dir()
    root = logging.getLogger("veo_desktop")
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    handler = _log_file(folder, kind)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    global _redactor
    redactor = RedactingFilter(list(secrets or []))
    handler.addFilter(redactor)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    root.propagate = False
    _redactor = redactor
    return redactor


def add_secret(secret: str) -> None:
    """Mask this value wherever it would appear in the log (the key in use, once it is known)."""
    if _redactor is not None and secret and secret not in _redactor.secrets:
        _redactor.secrets.append(secret)
