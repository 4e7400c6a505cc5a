"""Shots from clips that exist: "Add to storyboard as a shot" on a finished clip appends a shot with its
prompt, and the clip is that shot's result, so filming does not send it again. When the storyboard is
filmed, each such shot is written in its progress file as saved with that clip, where it can be: the
shot has no task of its own yet, and it is the first shot or the shot before it is saved (each shot
starts from the last frame of the one before, so a clip taken after a shot still to film cannot stand
in for it: the plan films it, and the confirmation counts it). No Qt.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from veo_desktop.core.storyboard.document import Storyboard
from veo_desktop.core.storyboard.progress import Progress, ShotProgress, fingerprint
from veo_desktop.core.task_record import TaskRecord

LIVE = frozenset({"saved", "sending", "submitting", "queued", "in_progress", "downloading", "paused"})


def adopt(story: Storyboard, kept: Progress, clips: Mapping[str, TaskRecord]) -> list[int]:
    """Write each shot whose prompt has a clip in ``clips`` (finished, saved) as saved with that clip,
    where it can be (see the module's text); the numbers of the shots written. Blocking (reads the
    pictures for the fingerprints, writes the progress file). A shot with a task of its own is never
    touched: what was sent for it is followed, never forgotten."""
    written: list[int] = []
    for number, shot in enumerate(story.shots, 1):
        record = clips.get(shot.prompt)
        entry = kept.shots.get(number)
        if record is None or record.state != "completed" or not record.output_path:
            continue
        if entry is not None and (entry.local_id == record.id or entry.state in LIVE):
            continue  # taken already, or it has a task of its own
        before = kept.shots.get(number - 1)
        if number > 1 and (before is None or before.state != "saved" or not before.task_id):
            continue  # it starts from a shot not made yet: filmed from that shot's last frame
        parent = before.task_id or "" if number > 1 and before is not None else ""
        taken = ShotProgress(
            number,
            fingerprint(story, number, shot),
            "saved",
            time.time(),
            parent_task_id=parent,
            local_id=record.id,
            task_id=record.task_id,
            video=record.output_path,
        )
        kept.put(kept.restart(taken) if entry is not None else taken)
        written.append(number)
    return written
