"""Files written whole or not at all (settings, saved prompts, provenance, posters, reference copies)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Put ``data`` in ``path`` so that a reader, or the next start after a crash, finds the old file or
    the new one, never a part of one: it is written to a temporary file of its own beside ``path`` (two
    writers of the same file at once never share one), flushed to the disk, then renamed over ``path``.
    Blocking: off the event loop for anything but a small file."""
    temp = path.with_name(f"{path.name}.{os.urandom(6).hex()}.tmp")
    handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        temp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
