"""Stale shots: a saved shot whose start frame is no longer the last frame of the shot before it, decided
from the progress file's records; and "Film again from here" on a saved shot, which sends it and every
shot after it, never a shot whose task is still running or whose outcome is unknown."""

from __future__ import annotations

from pathlib import Path

from tests.core.storyboard.test_document import write_story
from tests.core.storyboard.test_plan import THREE, Records, task
from veo_desktop.core.storyboard import document, progress
from veo_desktop.core.storyboard.plan import survey
from veo_desktop.core.storyboard.progress import Progress, ShotProgress
from veo_desktop.core.storyboard.stale import can_move, saved_shots, stale_shots, stale_text, swap
from veo_desktop.core.task_record import State

MODELS = ("veo-3.1-fast-generate-preview", "veo-3.1-landscape-fast-fl", "veo-3.1-generate-preview")


def saved(number: int, task_id: str, parent: str = "") -> ShotProgress:
    return ShotProgress(number, "print", "saved", 1.0, parent, number, task_id, f"/v/{task_id}.mp4")


def kept(*entries: ShotProgress) -> Progress:
    return Progress(Path("story.progress.json"), {e.number: e for e in entries})


def test_a_chain_made_in_order_has_no_stale_shot() -> None:
    chain = kept(saved(1, "a"), saved(2, "b", "a"), saved(3, "c", "b"))
    assert stale_shots(chain, 3) == ()
    assert saved_shots(chain, 3) == (1, 2, 3)
    assert stale_text(()) == ""


def test_a_shot_after_one_made_again_is_stale_and_so_is_nothing_before_it() -> None:
    # shot 2 filmed again (task b2, from a): shot 3 still starts from b, the clip no longer saved for 2
    chain = kept(saved(1, "a"), saved(2, "b2", "a"), saved(3, "c", "b"))
    assert stale_shots(chain, 3) == (3,)
    assert stale_text((3,)) == "Shot 3 is stale: its start frame changed"


def test_shot_1_made_again_makes_shot_2_stale_and_shot_3_still_continues_shot_2() -> None:
    chain = kept(saved(1, "a2"), saved(2, "b", "a"), saved(3, "c", "b"))
    assert stale_shots(chain, 3) == (2,)


def test_the_shot_before_without_a_saved_clip_leaves_the_shot_after_it_stale() -> None:
    failed = ShotProgress(2, "print", "failed", 1.0, "a", 2, "b2")
    assert stale_shots(kept(saved(1, "a"), failed, saved(3, "c", "b")), 3) == (3,)
    assert stale_shots(kept(saved(1, "a"), saved(3, "c", "b")), 3) == (3,)  # shot 2 taken out


def test_shots_that_are_not_saved_are_never_stale() -> None:
    sending = ShotProgress(3, "print", "sending", 1.0, "b", 3)
    chain = kept(saved(1, "a"), saved(2, "b2", "a"), sending)
    assert stale_shots(chain, 3) == ()
    assert stale_text((3, 4)) == "Shots 3, 4 are stale: their start frames changed"


def test_only_the_shots_of_the_storyboard_are_looked_at() -> None:
    chain = kept(saved(1, "a"), saved(2, "b", "a"), saved(3, "c", "old"))
    assert stale_shots(chain, 2) == ()  # shot 3 was taken out of the storyboard


def test_the_stale_rule_reads_the_start_frame_each_shot_recorded_when_it_was_sent(tmp_path: Path) -> None:
    story = document.load(write_story(tmp_path, THREE))
    written = Progress(story.progress_path)
    for number, (task_id, parent) in enumerate((("a", ""), ("b2", "a"), ("c", "b")), 1):
        written.put(saved(number, task_id, parent))
    assert stale_shots(progress.load(story), 3) == (3,)  # from the file, as a restart reads it


def plan_again(tmp_path: Path, again: int, states: tuple[State, ...] = ("completed",) * 3) -> list[str]:
    story = document.load(write_story(tmp_path, THREE))
    prints = [progress.fingerprint(story, n, s) for n, s in enumerate(story.shots, 1)]
    records, entries = [], []
    for number, state in enumerate(states, 1):
        parent = f"task_{number - 1}" if number > 1 else ""
        record = task(number, state, ("one", "two", "three")[number - 1], MODELS[number - 1], parent)
        records.append(record)
        entries.append(ShotProgress(number, prints[number - 1], "saved", 1.0, parent, number, record.task_id))
    found = Records(*records)
    plan = survey(
        story,
        Progress(story.progress_path, {e.number: e for e in entries}),
        prints,
        found,
        found.recent,
        again=again,
    )
    return [f"{s.standing}:{s.note}" for s in plan.shots]


def test_film_again_from_here_sends_that_shot_and_every_later_one_and_keeps_the_earlier(
    tmp_path: Path,
) -> None:
    assert plan_again(tmp_path, 0) == ["saved:", "saved:", "saved:"]
    assert plan_again(tmp_path, 2) == ["saved:", "to_send:again", "to_send:stale"]
    assert plan_again(tmp_path, 3) == ["saved:", "saved:", "to_send:again"]


def test_film_again_never_sends_a_shot_whose_task_is_still_running(tmp_path: Path) -> None:
    states: tuple[State, ...] = ("completed", "in_progress", "completed")
    assert plan_again(tmp_path, 2, states)[1] == "running:"


def test_moving_a_saved_shot_up_makes_it_and_the_shot_after_it_stale_and_keeps_every_task(
    tmp_path: Path,
) -> None:
    chain = Progress(tmp_path / "story.progress.json")
    for entry in (saved(1, "a"), saved(2, "b", "a"), saved(3, "c", "b")):
        chain.shots[entry.number] = entry
    assert can_move(chain, 2, 3)
    swap(chain, 2, 3)  # shot 3 is now the second shot, shot 2 the third
    assert [(n, e.number, e.task_id) for n, e in sorted(chain.shots.items())] == [
        (1, 1, "a"),
        (2, 2, "c"),
        (3, 3, "b"),
    ]
    assert stale_shots(chain, 3) == (2, 3)  # c started from b, b from a: neither continues shot before
    again = Progress(chain.path)
    again.shots = {e.number: e for e in (saved(1, "a"), saved(2, "b", "a"), saved(3, "c", "b"))}
    swap(again, 1, 2)
    assert stale_shots(again, 3) == (1, 2, 3)  # shot 1 now starts from the start picture, not a


def test_a_shot_whose_task_may_still_be_made_is_never_moved() -> None:
    for state in ("sending", "queued", "in_progress", "downloading", "download_failed", "unknown"):
        busy = ShotProgress(2, "print", state, 1.0, "a", 2, "b")
        chain = kept(saved(1, "a"), busy, saved(3, "c", "b"))
        assert not can_move(chain, 2, 3) and not can_move(chain, 1, 2), state
    assert can_move(kept(saved(1, "a"), ShotProgress(2, "print", "failed", 1.0, "a", 2, "b")), 1, 2)
    assert can_move(kept(saved(1, "a")), 2, 3)  # shots never filmed move freely
