"""Everything one CLI run needs, built from its arguments and closed in order on the way out."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

from veo_desktop.cli import interrupts
from veo_desktop.core.keystore import KeyStore
from veo_desktop.core.settings import Settings
from veo_desktop.core.tasks.manager import TaskManager
from veo_desktop.core.tasks.saving import MAX_NAME_BYTES
from veo_desktop.session import MissingKey, Session, resolve_connection


class CliError(Exception):
    """One clear line for the terminal, and the exit code."""

    def __init__(self, message: str, code: int = 2) -> None:
        self.code = code
        super().__init__(message)


@contextlib.asynccontextmanager
async def open_session(
    args: argparse.Namespace, *, keys: KeyStore | None = None
) -> AsyncIterator[TaskManager]:
    """The session for one command: the demo emulator with ``--demo``, else the user's key and address."""
    settings = Settings.load()
    connection = None
    if not getattr(args, "demo", False):
        try:
            connection = resolve_connection(settings, keys or KeyStore(), getattr(args, "base_url", None))
        except MissingKey as exc:
            raise CliError(str(exc)) from None
    session = Session.open(connection, settings=settings, poll_interval=getattr(args, "poll_interval", None))
    interrupts.watch(session.manager)
    try:
        yield session.manager
    finally:
        interrupts.closing(session.manager)  # what Ctrl+C left behind, read while the history is open
        await session.aclose()


def output_target(text: str | None) -> Path | None:
    """``-o``: a folder, or a ``.mp4`` path in an existing folder; refused before any request. A folder
    that does not exist yet (``-o NEW_FOLDER/``, or a name without an extension) is made."""
    if not text:
        return None
    path = Path(text).expanduser()
    if len(path.name.encode()) > MAX_NAME_BYTES:
        raise CliError(f"-o: the file name is too long (at most {MAX_NAME_BYTES} bytes)")
    if path.is_dir():
        return path
    if (text.endswith(("/", os.sep)) or not path.suffix) and not path.exists():
        try:
            path.mkdir(parents=True)
        except OSError as exc:
            raise CliError(f"-o {text}: cannot make the folder: {exc.strerror or exc}") from None
        print(f"Made the folder {path}", file=sys.stderr)
        return path
    if path.suffix.lower() != ".mp4":
        raise CliError(f"-o {text}: not an existing folder, nor a path ending in .mp4")
    if path.exists():
        raise CliError(f"-o {text}: the file already exists; choose another name")
    if not path.parent.is_dir():
        raise CliError(f"-o {text}: the folder {path.parent} does not exist")
    return path
