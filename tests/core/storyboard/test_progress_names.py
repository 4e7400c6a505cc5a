"""One storyboard, one progress file and one lock, however it is reached (a symbolic link, a hard link,
or the name an earlier release wrote its progress beside); and the demo's shots kept apart from the
real service's, so a demo run never displaces what was paid for."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.core.storyboard.test_document import ISSUE_FILE, write_story
from veo_desktop.core.storyboard import document, progress
from veo_desktop.core.storyboard.progress import Progress, ShotProgress


def paid(number: int, task: str) -> ShotProgress:
    return ShotProgress(number, f"print{number}", "saved", 1.0, local_id=number, task_id=task, video="v.mp4")


def test_a_symbolic_link_to_a_storyboard_reads_and_writes_the_same_progress(tmp_path: Path) -> None:
    path = write_story(tmp_path, ISSUE_FILE)
    (tmp_path / "current.json").symlink_to(path.name)
    story = document.load(path)
    kept = progress.load(story)
    kept.put(paid(1, "task_real"))
    through_link = document.load(tmp_path / "current.json")
    assert through_link.progress_path == story.progress_path == tmp_path / "STORY.progress.json"
    assert progress.load(through_link).shots[1].task_id == "task_real"
    assert not (tmp_path / "current.progress.json").exists()


def test_two_names_of_one_storyboard_share_one_lock(tmp_path: Path) -> None:
    path = write_story(tmp_path, ISSUE_FILE)
    (tmp_path / "current.json").symlink_to(path.name)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.link(path, elsewhere / "copy.json")  # a hard link, in another folder
    story = document.load(path)
    for other in (tmp_path / "current.json", elsewhere / "copy.json"):
        second = document.load(other)
        with (
            progress.filming_lock(story),
            pytest.raises(progress.AlreadyFilming),
            progress.filming_lock(second),
        ):
            pass
        with progress.filming_lock(document.load(other)):  # let go when the first ends
            pass


def test_a_hard_link_in_the_same_folder_finds_the_progress_written_for_its_other_name(
    tmp_path: Path,
) -> None:
    path = write_story(tmp_path, ISSUE_FILE)
    progress.load(document.load(path)).put(paid(1, "task_real"))
    os.link(path, tmp_path / "take2.json")
    other = document.load(tmp_path / "take2.json")
    kept = progress.load(other)
    assert kept.shots[1].task_id == "task_real"
    kept.put(paid(2, "task_two"))  # written where both names find it
    assert progress.load(document.load(path)).shots[2].task_id == "task_two"
    assert not (tmp_path / "take2.progress.json").exists()


def test_progress_written_beside_the_link_before_this_release_is_found_and_moved(tmp_path: Path) -> None:
    path = write_story(tmp_path, ISSUE_FILE)
    (tmp_path / "current.json").symlink_to(path.name)
    story = document.load(tmp_path / "current.json")
    older = tmp_path / "current.progress.json"  # where earlier releases wrote it: beside the link
    Progress(older, {1: paid(1, "task_real")}).save()
    assert progress.load(story).shots[1].task_id == "task_real"
    assert (tmp_path / "STORY.progress.json").is_file()  # moved beside the file itself
    assert progress.load(document.load(path)).shots[1].task_id == "task_real"  # by either name


def test_a_demo_run_keeps_the_real_runs_paid_shots(tmp_path: Path) -> None:
    story = document.load(write_story(tmp_path, ISSUE_FILE))
    progress.load(story).put(paid(1, "task_real"))
    demo = progress.load(story, demo=True)
    assert demo.shots == {}  # the demo's own shots: none yet
    demo.put(demo.restart(paid(1, "task_demo")))
    real = progress.load(story)
    assert real.shots[1].task_id == "task_real"
    assert real.shots[1].earlier == ()
    assert progress.load(story, demo=True).shots[1].task_id == "task_demo"
    data = json.loads(story.progress_path.read_text())
    assert [s["task_id"] for s in data["shots"]] == ["task_real"]  # where earlier releases read them


def test_switching_mode_keeps_each_modes_shots_and_film(tmp_path: Path) -> None:
    story = document.load(write_story(tmp_path, ISSUE_FILE))
    kept = progress.load(story)
    kept.film = "real.mp4"
    kept.put(paid(1, "task_real"))
    kept.use(True)
    assert (kept.shots, kept.film) == ({}, "")
    kept.film = "demo.mp4"
    kept.put(paid(1, "task_demo"))
    kept.use(False)
    assert (kept.shots[1].task_id, kept.film) == ("task_real", "real.mp4")
    again = progress.load(story, demo=True)
    assert (again.shots[1].task_id, again.film) == ("task_demo", "demo.mp4")


def test_a_file_written_before_the_modes_were_apart_serves_both(tmp_path: Path) -> None:
    story = document.load(write_story(tmp_path, ISSUE_FILE))
    entry = {**paid(1, "task_real").__dict__, "earlier": []}
    older = {"format": progress.FORMAT, "shots": [entry], "film": "film.mp4"}
    story.progress_path.write_text(json.dumps(older))
    for demo in (False, True):
        kept = progress.load(story, demo=demo)
        assert (kept.shots[1].task_id, kept.film) == ("task_real", "film.mp4")


def test_a_shot_made_again_lets_go_of_the_film_cut_from_its_earlier_attempt(tmp_path: Path) -> None:
    """The film on record was cut from the shots as they were: once one is made again, handing that film
    back as "made by an earlier run" would show the user a film without the new shot."""
    story = document.load(write_story(tmp_path, ISSUE_FILE))
    kept = progress.load(story)
    kept.put(paid(1, "task_first"))
    kept.film = "film.mp4"
    kept.save()
    again = progress.load(story)
    again.put(again.restart(paid(1, "task_again")))
    assert progress.load(story).film == ""
    assert progress.load(story).shots[1].earlier[0]["task_id"] == "task_first"
