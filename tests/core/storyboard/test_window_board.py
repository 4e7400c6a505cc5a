"""The window's storyboard file: the Sequence tab kept between runs (its clips in order, its shots, the
storyboard being filmed), read back as written, and a damaged file read as an empty tab, never a crash;
the storyboard document the window films, with a copy of its start picture."""

from __future__ import annotations

import io
import json
from pathlib import Path

from PIL import Image

from veo_desktop.api import rules
from veo_desktop.core.storyboard import document, validation, window_board
from veo_desktop.core.storyboard.document import Shot
from veo_desktop.core.storyboard.window_board import KeptClip, WindowBoard


def test_the_tab_is_read_back_as_it_was_written(app_home: Path) -> None:
    board = WindowBoard(
        clips=(KeptClip(3, "task-c", "/videos/c.mp4"), KeptClip(1, "task-a", "/videos/a.mp4")),
        shots=("the door opens", "a cat walks in"),
        filming="/data/storyboard/film-1.json",
        stopped_at=2,
    )
    window_board.save(board)
    assert window_board.board_file() == app_home / "storyboard" / "window.json"
    assert window_board.load() == board
    assert not list(window_board.folder().glob("*.tmp"))  # written whole: no temporary file left


def test_no_file_a_damaged_one_or_another_format_is_an_empty_tab(tmp_path: Path) -> None:
    path = tmp_path / "window.json"
    assert window_board.load(path) == WindowBoard()
    for text in ("{not json", "[]", json.dumps({"format": "something else", "shots": ["x"]}), "\udcff"):
        path.write_text(text, encoding="utf-8", errors="surrogateescape")
        assert window_board.load(path) == WindowBoard()


def test_entries_that_cannot_be_read_are_left_out_and_the_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "window.json"
    data = {
        "format": window_board.FORMAT,
        "clips": [
            {"local_id": 2, "task_id": "t2"},
            {"local_id": "x"},
            7,
            {"local_id": True},
            {"local_id": 5},
        ],
        "shots": ["one", 3, "two"],
        "filming": 12,
        "stopped_at": "2",
    }
    path.write_text(json.dumps(data))
    assert window_board.load(path) == WindowBoard(
        clips=(KeptClip(2, "t2"), KeptClip(5)), shots=("one", "two")
    )


def test_one_shot_per_line_blank_lines_left_out() -> None:
    assert window_board.shot_prompts("  dawn \n\n   \nnoon\r\nnight") == ("dawn", "noon", "night")
    assert window_board.shot_prompts("") == ()


def test_a_new_storyboard_keeps_its_start_picture_and_the_forms_settings(app_home: Path) -> None:
    picture = io.BytesIO()
    Image.new("RGB", (320, 180), (200, 40, 40)).save(picture, format="PNG")
    request = rules.VideoRequest(prompt="", model=rules.DEFAULT_MODEL, seconds="8", aspect_ratio="16:9")
    film = app_home / "videos" / "the-film.mp4"
    film.parent.mkdir(parents=True)
    story = window_board.new_storyboard(picture.getvalue(), "png", ("one", "two"), request, film)
    assert story.start_path.read_bytes() == picture.getvalue()
    assert story.folder == window_board.folder() and story.film_path == film
    assert [s.prompt for s in story.shots] == ["one", "two"] and story.model == request.model
    assert validation.problems(story) == []
    document.save(story)
    again = document.load(story.path)
    assert again.shots == story.shots and again.start_path == story.start_path
    # Edited while stopped: the shots kept are the same shots, the new ones plain prompts.
    edited = window_board.with_shots(story, ("one", "three"))
    assert edited.shots == (story.shots[0], Shot(prompt="three")) and edited.path == story.path
