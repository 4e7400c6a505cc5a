"""The service's words for a failure, in the window's language where they are known; unknown words as
written; the words themselves kept for the tooltip."""

from __future__ import annotations

import pytest

from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.describe import status_text
from veo_desktop.core.tasks.service_words import known_reason

SAFETY = "The prompt was blocked by the content safety system (emulated)."


@pytest.mark.parametrize(
    ("said", "meaning"),
    [
        (SAFETY, "safety filter"),
        ("Request violates our usage guidelines", "safety filter"),
        ("内容审核未通过", "safety filter"),
        ("insufficient_user_quota: 用户额度不足", "no balance left"),
        ("invalid image: cannot decode image", "could not use the picture"),
        ("upstream timeout after 600 s", "took too long"),
    ],
)
def test_known_words_are_said_in_the_window_s_words(said: str, meaning: str) -> None:
    assert meaning in known_reason(said, "failed")
    record = TaskRecord.for_request(VideoRequest("pier"), state="failed", last_error=said)
    assert meaning in status_text(record) and said not in status_text(record)


def test_unknown_words_and_tasks_still_running_are_shown_as_written() -> None:
    assert known_reason("the render node caught fire", "failed") == ""
    running = TaskRecord.for_request(VideoRequest("pier"), state="queued", last_error="upstream timeout")
    assert known_reason(running.last_error, running.state) == ""
    assert status_text(running).endswith("upstream timeout")
    odd = TaskRecord.for_request(
        VideoRequest("pier"), state="failed", last_error="the render node caught fire"
    )
    assert status_text(odd).endswith("the render node caught fire")


def test_the_command_line_says_both() -> None:
    record = TaskRecord.for_request(VideoRequest("pier"), state="failed", last_error=SAFETY)
    line = status_text(record, with_words=True)
    assert "safety filter" in line and f"The service said: {SAFETY}" in line
