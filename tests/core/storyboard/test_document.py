"""The storyboard file: read as the issue writes it, paths relative to it, malformed files refused in
words, written whole; validation names the shot and the problem; the plan's cost."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from veo_desktop.core.storyboard import document, progress, validation
from veo_desktop.core.storyboard.document import StoryboardError

ISSUE_FILE: dict[str, Any] = {
    "version": 1,
    "start_image": "first.png",
    "model": "veo-3.1-fast-generate-preview",
    "seconds": "8",
    "resolution": "720p",
    "aspect_ratio": "16:9",
    "film": "film.mp4",
    "shots": [
        {"prompt": "the door opens"},
        {"prompt": "night falls", "end_frame": "end.png", "model": "veo-3.1-landscape-fast-fl"},
    ],
}


def write_story(folder: Path, data: object, *, pictures: bool = True) -> Path:
    if pictures:
        Image.new("RGB", (320, 180), (200, 40, 40)).save(folder / "first.png")
        Image.new("RGB", (320, 180), (40, 40, 200)).save(folder / "end.png")
    path = folder / "STORY.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return path


def test_the_issues_file_is_read_with_paths_relative_to_it(tmp_path: Path) -> None:
    story = document.load(write_story(tmp_path, ISSUE_FILE))
    assert story.start_path == tmp_path / "first.png"
    assert story.film_path == tmp_path / "film.mp4"
    assert story.progress_path == tmp_path / "STORY.progress.json"
    assert [s.prompt for s in story.shots] == ["the door opens", "night falls"]
    assert story.end_path(story.shots[1]) == tmp_path / "end.png"
    second = validation.shot_request(story, story.shots[1])
    assert (second.model, second.seconds, second.resolution, second.aspect_ratio) == (
        "veo-3.1-landscape-fast-fl",
        "8",
        "720p",
        "16:9",
    )
    assert validation.problems(story) == []


def test_written_whole_and_read_back_the_same(tmp_path: Path) -> None:
    story = document.load(write_story(tmp_path, {**ISSUE_FILE, "note": "kept"}))
    copy = tmp_path / "copy.json"
    document.save(story, copy)
    again = document.load(copy)
    assert again.shots == story.shots and again.extra == {"note": "kept"}
    assert json.loads(copy.read_text())["version"] == document.VERSION
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("{not json", "not valid JSON (line 1"),
        ([1, 2], "a storyboard is a JSON object"),
        ({**ISSUE_FILE, "version": None}, "“version” is missing"),
        ({**ISSUE_FILE, "version": 7}, "written by a newer release (version 7"),
        ({**ISSUE_FILE, "shots": []}, "“shots” must list at least one shot"),
        ({**ISSUE_FILE, "start_image": ""}, "“start_image” is missing"),
        (
            {**ISSUE_FILE, "shots": [{"prompt": "a"}, {"end_frame": "end.png"}]},
            "shot 2: the prompt is missing",
        ),
        ({**ISSUE_FILE, "shots": [{"prompt": "a"}, {"prompt": 5}]}, "shot 2: “prompt” must be text"),
        ({**ISSUE_FILE, "shots": [{"prompt": "a", "modle": "x"}]}, "shot 1: unknown field “modle”"),
    ],
)
def test_a_malformed_file_is_refused_in_words(tmp_path: Path, data: object, words: str) -> None:
    with pytest.raises(StoryboardError) as refused:
        document.load(write_story(tmp_path, data))
    assert words in str(refused.value)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoryboardError, match="no such file"):
        document.load(tmp_path / "nope.json")


def shots(*items: dict[str, str]) -> dict[str, Any]:
    return {**ISSUE_FILE, "shots": list(items)}


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (
            shots({"prompt": "a"}, {"prompt": "   "}),
            "Shot 2: Describe the motion you want: the prompt is empty",
        ),
        (shots({"prompt": "a"}, {"prompt": "b", "model": "veo-9"}), "Shot 2: The model must be one of"),
        (
            shots({"prompt": "a"}, {"prompt": "b", "end_frame": "end.png"}),
            "Shot 2: veo-3.1-fast-generate-preview takes no end frame; the Flow channel's "
            "veo-3.1-landscape-fast-fl does",
        ),
        (
            shots({"prompt": "a", "model": "veo-3.1-landscape-fast"}),
            "Shot 1: veo-3.1-landscape-fast makes videos",
        ),
        (
            shots({"prompt": "a", "resolution": "4k", "seconds": "4"}),
            "Shot 1: 4k videos need 8 seconds, not 4",
        ),
        (
            shots({"prompt": "a"}, {"prompt": "b", "end_frame": "gone.png", "model": "veo-3.1-landscape-fl"}),
            "Shot 2: the end frame",
        ),
        ({**ISSUE_FILE, "start_image": "gone.png"}, "The start picture"),
        ({**ISSUE_FILE, "film": "film.mov"}, "end the name with .mp4"),
    ],
)
def test_validation_names_the_shot_and_the_problem(tmp_path: Path, data: dict[str, Any], words: str) -> None:
    story = document.load(write_story(tmp_path, data))
    found = validation.problems(story)
    assert any(words in problem for problem in found), found


def test_a_flow_shot_takes_what_its_model_makes_not_the_storyboards_defaults(tmp_path: Path) -> None:
    data = {
        **ISSUE_FILE,
        "seconds": 6,
        "shots": [{"prompt": "a"}, {"prompt": "b", "model": "veo-3.1-landscape-fl"}],
    }
    story = document.load(write_story(tmp_path, data))
    assert validation.shot_request(story, story.shots[0]).seconds == "6"
    assert validation.shot_request(story, story.shots[1]).seconds == "8"
    assert validation.problems(story) == []


def test_a_damaged_progress_file_is_refused_never_ignored(tmp_path: Path) -> None:
    story = document.load(write_story(tmp_path, ISSUE_FILE))
    story.progress_path.write_text("{half")
    with pytest.raises(StoryboardError, match="what was already sent is not known"):
        progress.load(story)


def test_a_second_run_of_one_storyboard_is_refused_while_the_first_holds_it(tmp_path: Path) -> None:
    story = document.load(write_story(tmp_path, ISSUE_FILE))
    with progress.filming_lock(story), pytest.raises(progress.AlreadyFilming), progress.filming_lock(story):
        pass
    with progress.filming_lock(story):  # let go when the first ends
        pass
