"""A download's files on disk: the task's own ``.part`` while it grows, and the finished video, made
durable and given its name (or the next free one) without ever replacing a file that is there.

Blocking file work: :func:`finish_file` fsyncs a big file, so it runs in a worker thread."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
from pathlib import Path
from typing import Final

from veo_desktop.api import errors
from veo_desktop.api.wire import looks_like_mp4

MAX_NAME_TRIES: Final = 10_000  # clip.mp4, clip-2.mp4… before saving gives up
# How a file system without hard links (FAT, exFAT, some network shares) refuses one.
NO_HARD_LINKS: Final = frozenset(
    {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EINVAL, errno.EMLINK, errno.EXDEV}
)
_UNSAFE_IN_NAMES: Final = re.compile(r"[^A-Za-z0-9_-]")


def partial_path(folder: Path, task_id: str) -> Path:
    """Where the download of ``task_id`` into ``folder`` grows until it is complete.

    Named by the task, never by the video's final name: only this task ever continues it (another
    task saving to the same name starts its own), and it survives a change of final name. Short and
    safe on any file system (a task id may hold ':'); a digest of the exact id keeps ids that differ
    only in case or in an unsafe character apart.
    """
    safe = _UNSAFE_IN_NAMES.sub("_", task_id)[:40] or "task"
    digest = hashlib.sha256(task_id.encode()).hexdigest()[:10]
    return folder / f"{safe}-{digest}.part"


def discard(part: Path) -> None:
    """Remove a partial download; a failure to (a read-only folder) never hides the error at hand."""
    with contextlib.suppress(OSError):
        part.unlink(missing_ok=True)


def size_or_zero(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def finish_file(part: Path, dest: Path) -> tuple[Path, int]:
    """Make the finished ``.part`` durable, then give it ``dest``'s name, or the next free one
    (``clip-2.mp4``…) when that is taken: an existing file is never replaced. The name and size used."""
    with part.open("rb+") as handle:
        head = handle.read(8)
        if not looks_like_mp4(head):
            raise errors.NotAVideo("the saved bytes do not start like an MP4")
        os.fsync(handle.fileno())
        size = os.fstat(handle.fileno()).st_size
    final = _claim_free_name(part, dest)
    with contextlib.suppress(OSError):
        fd = os.open(final.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return final, size


def _claim_free_name(part: Path, dest: Path) -> Path:
    """Move ``part`` to the first free name of ``dest``, ``dest-2``… without ever replacing a file.

    A hard link claims a name atomically (it fails when the name exists). Where the file system has no
    hard links, an empty file created exclusively claims the name and the part replaces it.
    """
    earlier = _linked_before(part)
    if earlier is not None:  # a crash came between the link and the removal of the part
        discard(part)
        return earlier
    links = True
    for number in range(1, MAX_NAME_TRIES + 1):
        candidate = dest if number == 1 else dest.with_name(f"{dest.stem}-{number}{dest.suffix}")
        if links:
            try:
                os.link(part, candidate)
            except FileExistsError:
                continue
            except OSError as exc:
                if exc.errno not in NO_HARD_LINKS:
                    raise
                links = False
            else:
                discard(part)
                return candidate
        try:
            claim = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        os.close(claim)
        try:
            part.replace(candidate)
        except OSError:
            discard(candidate)
            raise
        return candidate
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(dest))


def _linked_before(part: Path) -> Path | None:
    """The video a finished ``part`` was already linked to, when that is so (it has a second name)."""
    info = part.stat()
    if info.st_nlink < 2:
        return None
    with os.scandir(part.parent) as entries:
        for entry in entries:
            if entry.name != part.name and entry.inode() == info.st_ino and part.samefile(entry.path):
                return Path(entry.path)
    return None
