"""Whether the file at a task's ``output_path`` is still that task's video.

A name is only a name: the user may delete a video and a later task may be saved under the same name,
or another file may be copied over it. Acting on it as the task's video (continuing from its last frame,
calling it downloaded, deleting it to fetch it again) would spend money on, or destroy, the wrong video.
Blocking (reads a little of the file): call it in a worker thread.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path
from typing import Final

from veo_desktop.core.clips.provenance import read_sidecar, sidecar_path
from veo_desktop.core.task_record import TaskRecord

# How much of each end of the file the fingerprint reads: an MP4's index (its moov box, at one end)
# differs between any two videos, and reading 2 MiB instead of the whole file keeps saving fast.
_EDGE: Final = 1 << 20


def fingerprint(path: Path) -> str:
    """A SHA-256 of the file's size, its first MiB and its last MiB (``v1:`` and the hex digest)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        digest.update(str(size).encode() + b"\0")
        digest.update(handle.read(_EDGE))
        if size > 2 * _EDGE:
            handle.seek(size - _EDGE)
        digest.update(handle.read(_EDGE))
    return "v1:" + digest.hexdigest()


def is_its_video(record: TaskRecord) -> bool:
    """The file at ``output_path`` exists and is this task's video: its fingerprint matches the one kept
    at saving; for a video an earlier release saved (none kept), its settings file, when there is one,
    names this task."""
    if not record.output_path:
        return False
    path = Path(record.output_path)
    try:
        if not path.is_file():
            return False
        if record.video_fingerprint:
            return fingerprint(path) == record.video_fingerprint
    except OSError:
        return False
    with contextlib.suppress(ValueError):
        named = read_sidecar(sidecar_path(path)).task_id
        return not named or named == record.task_id
    return True
