"""Starting the app again (after a language change), as it was started: the same Python and module or
script with the same arguments, or the frozen bundle's own executable. Called once the window has
closed and the history is released, so the new process can open it."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QProcess

log = logging.getLogger(__name__)


def restart_command() -> tuple[str, list[str]]:
    """The program and arguments that started this process."""
    if getattr(sys, "frozen", False):  # a bundle: its executable is the app, argv[0] is that executable
        return sys.executable, sys.argv[1:]
    # ``python -m veo_desktop …``, the ``veo-desktop`` script, or a path: the interpreter's own command line.
    return sys.executable, list(sys.orig_argv[1:])


def start_again() -> bool:
    """Start a new instance, detached from this one (which is about to exit)."""
    program, arguments = restart_command()
    started, _pid = QProcess.startDetached(program, arguments, str(Path.cwd()))
    if not started:
        log.warning("could not start %s %s again", program, arguments)
    return bool(started)
