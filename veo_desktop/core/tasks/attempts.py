"""Attempts at one video (issue 28): a task that ended without a video and was sent again (Retry, or the
same job sent anew) is an earlier attempt of the newer task, shown on its row rather than as a row of its
own. The history keeps every attempt and its task id: nothing the service gave is forgotten.

And a failure the service's safety filter gave: sent again unchanged, it will likely be refused again."""

from __future__ import annotations

from typing import Final

from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.describe import status_text
from veo_desktop.core.tasks.service_words import SAFETY_WORDS
from veo_desktop.i18n import translate

# Ended without a video, and not charged: a newer attempt at the same job stands for it. A task whose
# outcome is unknown may still be billed: it keeps its own row.
SUPERSEDABLE: Final = frozenset({"failed", "canceled", "rejected"})


def attempt_key(record: TaskRecord) -> tuple[object, ...]:
    """What makes two tasks attempts at the same video: the same request, frames, parent and mode."""
    return (
        record.prompt,
        record.negative_prompt,
        record.model,
        record.seconds,
        record.resolution,
        record.aspect_ratio,
        record.seed,
        record.image_sha256,
        record.end_image_sha256,
        record.parent_task_id,
        record.demo,
    )


def supersedes(newer: TaskRecord, older: TaskRecord) -> bool:
    """``newer`` is a later attempt at the video ``older`` did not make (so ``older`` needs no row)."""
    later = (newer.created_at, newer.id) > (older.created_at, older.id)
    return later and older.state in SUPERSEDABLE and attempt_key(newer) == attempt_key(older)


def refused_for_safety(record: TaskRecord) -> bool:
    """The service said the task failed (or refused it) because of its safety filter."""
    reason = record.last_error.lower()
    return record.state in SUPERSEDABLE and any(word in reason for word in SAFETY_WORDS)


def earlier_attempts_text(earlier: list[TaskRecord]) -> list[str]:
    """The earlier attempts, newest first, each with what became of it and its task id (kept)."""
    lines = []
    for number, record in enumerate(sorted(earlier, key=lambda r: (r.created_at, r.id)), start=1):
        said = status_text(record)
        line = translate("Attempts", "Attempt {number} — {status}").format(number=number, status=said)
        if record.task_id:
            line += " · " + translate("Attempts", "task id {task_id}").format(task_id=record.task_id)
        lines.append(line)
    return lines


def attempt_text(earlier: list[TaskRecord]) -> str:
    """On the row of a task with earlier attempts: which attempt it is ("" for a first one)."""
    if not earlier:
        return ""
    return translate("Attempts", "attempt {number}").format(number=len(earlier) + 1)
