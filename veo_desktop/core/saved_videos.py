"""Whether the file at a task's ``output_path`` is still that task's video.

A name is only a name: the user may delete a video and a later task may be saved under the same name,
or another file may be copied over it. Acting on it as the task's video (continuing from its last frame,
calling it downloaded, deleting it to fetch it again) would spend money on, or destroy, the wrong video.
Blocking (hashes the file): call it in a worker thread.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

from veo_desktop.core.provenance import read_sidecar, sidecar_path
from veo_desktop.core.task_record import TaskRecord


def fingerprint(path: Path) -> str:
    """The file's SHA-256, read in pieces."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while piece := handle.read(1 << 20):
            digest.update(piece)
    return digest.hexdigest()


def is_its_video(record: TaskRecord) -> bool:
    """The file at ``output_path`` exists and is this task's video: its SHA-256 matches the one kept at
    saving; for a video an earlier release saved (no SHA-256 kept), its settings file, when there is
    one, names this task."""
    if not record.output_path:
        return False
    path = Path(record.output_path)
    try:
        if not path.is_file():
            return False
        if record.video_sha256:
            return fingerprint(path) == record.video_sha256
    except OSError:
        return False
    with contextlib.suppress(ValueError):
        named = read_sidecar(sidecar_path(path)).task_id
        return not named or named == record.task_id
    return True
