"""A task's clock: it runs while the task does and stops where the task stopped (refused, failed, outcome
unknown, no longer followed), in the history, so a restart shows the same time."""

from __future__ import annotations

from pathlib import Path

import pytest

from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.history.store import HistoryStore, TaskRecord
from veo_desktop.core.tasks.describe import elapsed_text


@pytest.mark.parametrize("state", ["rejected", "failed", "unknown", "paused"])
def test_a_stopped_tasks_clock_stays_where_it_stopped(tmp_path: Path, state: str) -> None:
    now = [1_800_000_000.0]
    store = HistoryStore(tmp_path / "history.sqlite3", clock=lambda: now[0])
    record = store.add(TaskRecord.for_request(VideoRequest("pier at dusk"), state="submitting"))
    now[0] += 12
    running = store.update(record.id, state="queued")
    assert elapsed_text(running, now[0]) == "0:12"
    now[0] += 21
    store.update(record.id, state=state, last_error="it stopped")
    now[0] += 289
    again = store.update(record.id, state=state, last_error="it stopped, said again later")
    assert elapsed_text(again, now[0]) == "0:33"
    store.close()
    now[0] += 3600
    reopened = HistoryStore(tmp_path / "history.sqlite3", clock=lambda: now[0])
    try:
        after_restart = reopened.get(record.id)
        assert after_restart is not None and elapsed_text(after_restart, now[0]) == "0:33"
    finally:
        reopened.close()


def test_a_submission_cut_short_by_a_crash_shows_no_time_it_did_not_see(tmp_path: Path) -> None:
    now = [1_800_000_000.0]
    store = HistoryStore(tmp_path / "history.sqlite3", clock=lambda: now[0])
    try:
        record = store.add(TaskRecord.for_request(VideoRequest("pier at dusk"), state="submitting"))
        now[0] += 86_400  # the app is started again the next day
        [unknown] = store.mark_interrupted_submissions()
        assert unknown.id == record.id and unknown.state == "unknown"
        assert elapsed_text(unknown, now[0]) == "0:00"
    finally:
        store.close()
