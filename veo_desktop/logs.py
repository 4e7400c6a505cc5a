"""A rotating log file in the app's data folder; anything shaped like a key is masked on the way in."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from veo_desktop import paths
from veo_desktop.api.security import redact

LOG_NAME = "veo-desktop.log"
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


def _log_file(folder: Path) -> logging.Handler:
    """The rotating file, or nowhere when the folder cannot be written (a read-only disk): the command or
    the window then says what is wrong in its own words, which a crash here would hide."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return _QuietFileHandler(folder / LOG_NAME, maxBytes=2 * 1024 * 1024, backupCount=3, encoding="utf-8")
    except OSError:
        return logging.NullHandler()


def setup_logging(*, secrets: list[str] | None = None, folder: Path | None = None) -> RedactingFilter:
    """Send the app's log to ``<data>/logs/veo-desktop.log`` (rotating) and nowhere else."""
    folder = folder or paths.log_dir()
    root = logging.getLogger("veo_desktop")
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    handler = _log_file(folder)
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
