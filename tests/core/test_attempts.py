"""Attempts at one video (issue 28): which earlier task a retry stands for, and which failures the
service's safety filter gave."""

from __future__ import annotations

from dataclasses import replace

from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.attempts import (
    attempt_text,
    earlier_attempts_text,
    refused_for_safety,
    supersedes,
)
from veo_desktop.emulator.server import SAFETY_REASON

FAILED = TaskRecord(
    id=1,
    state="failed",
    prompt="storm",
    model="veo-3.1-fast-generate-preview",
    seconds="8",
    resolution="720p",
    aspect_ratio="16:9",
    image_sha256="ab" * 32,
    task_id="task_1",
    created_at=100.0,
    last_error="Internal error",
)
RETRY = replace(FAILED, id=2, state="queued", task_id="task_2", created_at=200.0, last_error="")


def test_a_retry_supersedes_the_attempt_that_failed() -> None:
    assert supersedes(RETRY, FAILED)
    assert not supersedes(FAILED, RETRY)  # never the newer one
    for state in ("canceled", "rejected"):
        assert supersedes(RETRY, replace(FAILED, state=state))


def test_a_video_made_or_maybe_billed_is_never_superseded() -> None:
    for state in ("completed", "unknown", "queued", "in_progress", "download_failed", "paused"):
        assert not supersedes(RETRY, replace(FAILED, state=state))


def test_another_job_is_not_an_attempt_at_this_one() -> None:
    for change in (
        {"prompt": "calm"},
        {"image_sha256": "cd" * 32},
        {"aspect_ratio": "9:16"},
        {"seed": 7},
        {"demo": True},
        {"parent_task_id": "task_0"},
    ):
        assert not supersedes(replace(RETRY, **change), FAILED), change


def test_the_earlier_attempts_keep_their_task_ids() -> None:
    second = replace(FAILED, id=3, created_at=150.0, task_id="task_3", last_error="Expired")
    assert earlier_attempts_text([second, FAILED]) == [
        "Attempt 1 — Failed: Internal error · task id task_1",
        "Attempt 2 — Failed: Expired · task id task_3",
    ]
    assert attempt_text([second, FAILED]) == "attempt 3" and attempt_text([]) == ""


def test_a_safety_refusal_is_recognized() -> None:
    assert refused_for_safety(replace(FAILED, last_error=SAFETY_REASON))
    for reason in (
        "Video generation failed: content policy violation",
        "This prompt contains words that violate Vertex AI's usage guidelines",
        "内容违规",
    ):
        assert refused_for_safety(replace(FAILED, last_error=reason)), reason
    assert not refused_for_safety(FAILED)
    assert not refused_for_safety(replace(FAILED, last_error=""))
    assert not refused_for_safety(replace(FAILED, state="completed", last_error=SAFETY_REASON))
