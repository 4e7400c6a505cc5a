"""A chain of continued clips, first to last, from any clip in it."""

from __future__ import annotations

from veo_desktop.core.task_record import State, TaskRecord
from veo_desktop.core.tasks.chains import chain_of


def clip(number: int, parent: str = "", state: State = "completed") -> TaskRecord:
    return TaskRecord(
        id=number,
        state=state,
        prompt=f"clip {number}",
        model="veo-3.1-landscape-fast-fl",
        seconds="8",
        resolution="720p",
        aspect_ratio="16:9",
        task_id=f"task_{number}",
        parent_task_id=parent,
    )


def test_the_chain_runs_from_the_first_clip_to_the_newest_continuation() -> None:
    first, second = clip(1), clip(2, "task_1")
    retake, third = clip(3, "task_1"), clip(4, "task_3")  # the second clip made again, then continued
    unfinished = clip(5, "task_4", state="in_progress")
    known = {r.task_id: r for r in (first, second, retake, third, unfinished)}
    newest_first = [unfinished, third, retake, second, first]
    for start in (first, retake, third):
        chain = chain_of(start, known.get, newest_first)
        assert [r.id for r in chain] == [1, 3, 4]
    assert [r.id for r in chain_of(second, known.get, newest_first)] == [1, 2]


def test_a_missing_parent_or_a_loop_ends_the_walk() -> None:
    orphan = clip(1, "task_gone")
    assert chain_of(orphan, lambda _id: None, [orphan]) == [orphan]
    a, b = clip(1, "task_2"), clip(2, "task_1")
    known = {r.task_id: r for r in (a, b)}
    assert [r.id for r in chain_of(a, known.get, [b, a])] == [2, 1]
