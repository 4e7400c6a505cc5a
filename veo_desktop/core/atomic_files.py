"""Files written whole or not at all (settings, saved prompts, provenance, posters, reference copies,
saved frames and films)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
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


def write_new(dest: Path, fill: Callable[[Path], object], *, suffix: str = ".partial") -> Path:
    """A new file at ``dest``, or at the next free name (``dest-2``…) when it is taken: ``fill`` writes
    a hidden file of its own beside it, which is flushed to the disk and only then named, never
    replacing a file. Nothing is left behind when ``fill`` fails or is interrupted (a full disk, a
    cancel). The name used. Blocking."""
    import tempfile  # not for the settings read before the first paint

    from veo_desktop.api.download_files import claim_free_name

    fd, name = tempfile.mkstemp(prefix=f".{dest.stem}-", suffix=suffix, dir=dest.parent)
    os.close(fd)
    temp = Path(name)
    try:
        fill(temp)
        # mkstemp makes it private; a saved file is not. By path: os.fchmod is not on Windows before 3.13.
        temp.chmod(0o644)
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
        return claim_free_name(temp, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
