"""Shots taken from finished clips: written as saved with their clip, so the plan never sends them, and
the next shot starts from that clip; never over a shot that has a task of its own, and never where the
shot before is still to film (it could not start from a clip not made yet)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tests.core.storyboard.test_document import write_story
from tests.core.storyboard.test_plan import THREE, Records, task
from veo_desktop.core.storyboard import document, progress, window_board
from veo_desktop.core.storyboard.adopting import adopt
from veo_desktop.core.storyboard.plan import Plan, survey
from veo_desktop.core.storyboard.progress import Progress
from veo_desktop.core.storyboard.window_board import (
    KeptClip,
    KeptFilm,
    ShotClip,
    WindowBoard,
    adopt_clip,
    film_title,
    films_on_disk,
    remember_film,
    shot_line,
)
from veo_desktop.core.task_record import TaskRecord

FAST = "veo-3.1-fast-generate-preview"


def clip(local_id: int, prompt: str) -> TaskRecord:
    return replace(task(local_id, "completed", prompt, FAST), output_path=f"/videos/{prompt}.mp4")


def planned(
    tmp_path: Path, clips: dict[str, TaskRecord], kept: Progress | None = None
) -> tuple[Plan, list[int]]:
    story = document.load(write_story(tmp_path, THREE))
    kept = kept or Progress(story.progress_path)
    taken = adopt(story, kept, clips)
    again = progress.load(story)  # what was written is on disk
    assert again.shots == kept.shots
    prints = [progress.fingerprint(story, n, s) for n, s in enumerate(story.shots, 1)]
    records = Records(*clips.values())
    return survey(story, again, prints, records, records.recent), taken


def test_clips_taken_as_the_first_shots_are_saved_and_the_rest_starts_from_the_last_of_them(
    tmp_path: Path,
) -> None:
    one, two = clip(11, "one"), clip(12, "two")
    plan, taken = planned(tmp_path, {"one": one, "two": two})
    assert taken == [1, 2]
    assert [s.standing for s in plan.shots] == ["saved", "saved", "to_send"]
    assert plan.shots[1].entry is not None and plan.shots[1].entry.parent_task_id == one.task_id
    assert [s.number for s in plan.to_send] == [3]


def test_a_clip_after_a_shot_still_to_film_is_filmed_from_it_not_taken(tmp_path: Path) -> None:
    plan, taken = planned(tmp_path, {"two": clip(12, "two")})
    assert taken == []
    assert [s.standing for s in plan.shots] == ["to_send", "to_send", "to_send"]


def test_a_shot_with_a_task_of_its_own_is_never_replaced(tmp_path: Path) -> None:
    story = document.load(write_story(tmp_path, THREE))
    kept = Progress(story.progress_path)
    printed = progress.fingerprint(story, 1, story.shots[0])
    kept.put(progress.ShotProgress(1, printed, "in_progress", 1.0, "", 5, "task_5"))
    assert adopt(story, kept, {"one": clip(11, "one")}) == []
    assert kept.shots[1].local_id == 5


def test_the_board_keeps_one_clip_per_shot_line_and_lets_go_of_shots_taken_out() -> None:
    first = adopt_clip((), ("dawn",), "dawn", KeptClip(1, "t1"))
    assert first == (ShotClip("dawn", KeptClip(1, "t1")),)
    again = adopt_clip(first, ("dawn", "noon"), "dawn", KeptClip(2, "t2"))
    assert again == (ShotClip("dawn", KeptClip(2, "t2")),)
    gone = adopt_clip(again, ("noon",), "noon", KeptClip(3, "t3"))
    assert gone == (ShotClip("noon", KeptClip(3, "t3")),)
    assert shot_line("a door\n opens\tslowly ") == "a door opens slowly"


def test_the_films_made_and_the_shots_taken_are_kept_with_the_tab(tmp_path: Path) -> None:
    film = tmp_path / "film.mp4"
    film.write_bytes(b"a film")
    made = KeptFilm(str(film), 3, 24.0, str(tmp_path / "gone.jpg"))
    older = KeptFilm(str(tmp_path / "moved.mp4"), 2, 16.0)
    board = WindowBoard(films=remember_film((older,), made), adopted=(ShotClip("dawn", KeptClip(1, "t1")),))
    assert board.films == (made, older)  # newest first
    window_board.save(board, tmp_path / "window.json")
    assert window_board.load(tmp_path / "window.json") == board
    assert films_on_disk(board.films) == (replace(made, poster=""),)  # the moved film is not listed
    assert film_title(made) == "Film · 3 shots" and film_title(replace(made, shots=1)) == "Film · 1 shot"
    data = {
        "format": window_board.FORMAT,
        "films": [{"path": "x", "shots": 2, "seconds": "NaN"}, {"shots": 1}],
    }
    assert window_board.parse(data).films == (KeptFilm("x", 2),)
