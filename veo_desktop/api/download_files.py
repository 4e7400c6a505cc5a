"""A download's files on disk: the task's own ``.part`` while it grows, and the finished video, made
durable and given its name (or the next free one) without ever replacing a file that is there.

Blocking file work: :func:`finish_file` fsyncs a big file, so it runs in a worker thread."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any, BinaryIO, Final

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
    """Remove a partial download (and what it was a part of); a failure to (a read-only folder) never
    hides the error at hand."""
    for path in (part, identity_path(part)):
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def identity_path(part: Path) -> Path:
    """Beside a ``.part``: which file it is a part of (its total size and the server's validator), so a
    resume never joins the head of one file to the tail of another."""
    return part.with_name(part.name + "-id")


def read_identity(part: Path) -> dict[str, Any]:
    try:
        found = json.loads(identity_path(part).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def write_identity(part: Path, total: int | None, validator: str) -> None:
    with contextlib.suppress(OSError):  # without it, a resume starts over
        identity_path(part).write_text(json.dumps({"total": total, "validator": validator}), encoding="utf-8")


def size_or_zero(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def mp4_problem(handle: BinaryIO, size: int) -> str:
    """What is wrong with an MP4's top-level boxes, read from their headers only ("" when nothing).

    The boxes must tile the file exactly and include the ``moov`` box (without it nothing plays): a file
    cut short, or a tail from another file, breaks the tiling."""
    at, seen = 0, set()
    while at < size:
        handle.seek(at)
        header = handle.read(16)
        if len(header) < 8:
            return f"{size - at} stray bytes at the end"
        length, kind = int.from_bytes(header[:4], "big"), header[4:8]
        if length == 1 and len(header) == 16:
            length = int.from_bytes(header[8:16], "big")
        elif length == 0:
            length = size - at  # the last box runs to the end of the file
        if length < 8 or at + length > size:
            return f"a {kind.decode('latin-1')!r} box of {length} bytes at {at} runs past the {size} bytes"
        seen.add(kind)
        at += length
    return "" if b"moov" in seen else "no moov box"


def finish_file(part: Path, dest: Path) -> tuple[Path, int]:
    """Make the finished ``.part`` durable, then give it ``dest``'s name, or the next free one
    (``clip-2.mp4``…) when that is taken: an existing file is never replaced. The name and size used."""
    with part.open("rb+") as handle:
        head = handle.read(8)
        if not looks_like_mp4(head):
            raise errors.NotAVideo("the saved bytes do not start like an MP4")
        size = os.fstat(handle.fileno()).st_size
        problem = mp4_problem(handle, size)
        if problem:  # a body cut short with a matching length, or two files joined: never "Ready"
            raise errors.DownloadFailed(f"the video is incomplete ({problem}); it is fetched again")
        os.fsync(handle.fileno())
    final = claim_free_name(part, dest)
    with contextlib.suppress(OSError):
        identity_path(part).unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        fd = os.open(final.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return final, size


def claim_free_name(part: Path, dest: Path) -> Path:
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
