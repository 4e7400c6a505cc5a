"""Where each shot stands and what the rest costs: the rule that never sends a shot twice, on the
progress file and the history's records."""

from __future__ import annotations

import time
from pathlib import Path

from tests.core.storyboard.test_document import ISSUE_FILE, write_story
from veo_desktop.core.storyboard import document, progress
from veo_desktop.core.storyboard.plan import Plan, survey
from veo_desktop.core.storyboard.progress import Progress, ShotProgress
from veo_desktop.core.task_record import State, TaskRecord

THREE = {
    **ISSUE_FILE,
    "shots": [
        {"prompt": "one"},
        {"prompt": "two", "end_frame": "end.png", "model": "veo-3.1-landscape-fast-fl"},
        {"prompt": "three", "model": "veo-3.1-generate-preview"},
    ],
}


class Records:
    def __init__(self, *records: TaskRecord) -> None:
        self.records = {r.id: r for r in records}

    def get(self, local_id: int) -> TaskRecord | None:
        return self.records.get(local_id)

    def by_task_id(self, task_id: str) -> TaskRecord | None:
        return next((r for r in self.records.values() if r.task_id == task_id), None)

    def recent(self) -> list[TaskRecord]:
        return list(self.records.values())


def task(local_id: int, state: State, prompt: str, model: str, parent: str = "") -> TaskRecord:
    return TaskRecord(
        id=local_id,
        state=state,
        prompt=prompt,
        model=model,
        seconds="8",
        resolution="720p",
        aspect_ratio="16:9",
        task_id=None if state in ("waiting", "submitting", "unknown") else f"task_{local_id}",
        parent_task_id=parent,
        created_at=time.time(),
    )


def plan_of(tmp_path: Path, records: Records, entries: list[ShotProgress]) -> Plan:
    story = document.load(write_story(tmp_path, THREE))
    kept = Progress(story.progress_path, {e.number: e for e in entries})
    prints = [progress.fingerprint(story, n, s) for n, s in enumerate(story.shots, 1)]
    return survey(story, kept, prints, records, records.recent)


def entry(tmp_path: Path, number: int, local_id: int | None, parent: str = "") -> ShotProgress:
    story = document.load(write_story(tmp_path, THREE))
    printed = progress.fingerprint(story, number, story.shots[number - 1])
    return ShotProgress(number, printed, "sending", time.time() - 1, parent, local_id)


def test_nothing_filmed_yet_every_shot_is_sent_and_the_cost_is_shots_times_price(tmp_path: Path) -> None:
    plan = plan_of(tmp_path, Records(), [])
    assert [s.standing for s in plan.shots] == ["to_send"] * 3
    assert [s.price_cents for s in plan.shots] == [30, 15, 120]
    assert plan.total_cents == plan.to_send_cents == 165


def test_saved_shots_are_kept_a_running_one_is_followed_and_only_the_rest_is_sent(tmp_path: Path) -> None:
    one = task(1, "completed", "one", "veo-3.1-fast-generate-preview")
    two = task(2, "in_progress", "two", "veo-3.1-landscape-fast-fl", parent="task_1")
    entries = [entry(tmp_path, 1, 1), entry(tmp_path, 2, 2, parent="task_1")]
    plan = plan_of(tmp_path, Records(one, two), entries)
    assert [s.standing for s in plan.shots] == ["saved", "running", "to_send"]
    assert plan.to_send_cents == 120 and plan.total_cents == 165


def test_an_outcome_unknown_shot_is_never_sent_again_and_nothing_after_it(tmp_path: Path) -> None:
    one = task(1, "completed", "one", "veo-3.1-fast-generate-preview")
    two = task(2, "unknown", "two", "veo-3.1-landscape-fast-fl", parent="task_1")
    plan = plan_of(
        tmp_path, Records(one, two), [entry(tmp_path, 1, 1), entry(tmp_path, 2, 2, parent="task_1")]
    )
    assert [s.standing for s in plan.shots] == ["saved", "unknown", "to_send"]
    assert plan.to_send == () and plan.unknown is not None and plan.unknown.number == 2


def test_an_intent_whose_local_id_was_never_written_is_found_in_the_history(tmp_path: Path) -> None:
    """Killed between recording the task and writing its id beside the storyboard: the history has it
    (recorded after the intent, same prompt, model and parent), so it is followed, not sent again."""
    one = task(1, "completed", "one", "veo-3.1-fast-generate-preview")
    two = task(2, "queued", "two", "veo-3.1-landscape-fast-fl", parent="task_1")
    entries = [entry(tmp_path, 1, 1), entry(tmp_path, 2, None, parent="task_1")]
    plan = plan_of(tmp_path, Records(one, two), entries)
    assert plan.shots[1].standing == "running" and plan.shots[1].record == two
    # Not in the history at all: it was never recorded, so never sent; it is sent now.
    alone = plan_of(tmp_path, Records(one), entries)
    assert alone.shots[1].standing == "to_send" and alone.shots[1].note == "never_sent"


def test_a_failed_shot_is_sent_again_and_a_changed_shot_makes_the_later_ones_stale(tmp_path: Path) -> None:
    one = task(1, "completed", "one", "veo-3.1-fast-generate-preview")
    two = task(2, "failed", "two", "veo-3.1-landscape-fast-fl", parent="task_1")
    plan = plan_of(
        tmp_path, Records(one, two), [entry(tmp_path, 1, 1), entry(tmp_path, 2, 2, parent="task_1")]
    )
    assert [s.standing for s in plan.shots] == ["saved", "to_send", "to_send"]
    assert plan.shots[1].note == "failed" and plan.to_send_cents == 135
    changed = [ShotProgress(1, "other", "saved", 0.0, "", 1, "task_1")]  # shot 1 was edited since
    three = task(3, "completed", "two", "veo-3.1-landscape-fast-fl", parent="task_1")
    plan = plan_of(tmp_path, Records(one, three), [changed[0], entry(tmp_path, 2, 3, parent="task_1")])
    assert [(s.standing, s.note) for s in plan.shots] == [
        ("to_send", "changed"),
        ("to_send", "stale"),
        ("to_send", ""),
    ]
