"""The storyboard as confirmed, and what changed since: the shots (text, count, order), the form's start
picture and settings; Skip takes exactly the stopped shot away; the shots already made that a change
would send (and bill) again are named. The negative prompt and seed are the storyboard's, sent with
every shot whose model takes them."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from PIL import Image

from veo_desktop.api import rules
from veo_desktop.core.storyboard import confirmed, document
from veo_desktop.core.storyboard.confirmed import FormStart
from veo_desktop.core.storyboard.document import Shot, Storyboard
from veo_desktop.core.storyboard.plan import Plan, ShotStatus
from veo_desktop.core.storyboard.progress import ShotProgress, fingerprint
from veo_desktop.core.storyboard.validation import shot_request

FAST = "veo-3.1-fast-generate-preview"
SHOTS = ("the door opens", "a cat walks in", "the cat sits down")


def story(tmp_path: Path, **settings: object) -> Storyboard:
    start = tmp_path / "start.png"
    Image.new("RGB", (320, 180), (200, 40, 40)).save(start)
    made = Storyboard(
        path=tmp_path / "film.json",
        start_image=start.name,
        shots=tuple(Shot(p) for p in SHOTS),
        model=FAST,
        seconds="8",
        resolution="720p",
        aspect_ratio="16:9",
    )
    return replace(made, **settings)  # type: ignore[arg-type]


def form(story: Storyboard, **changes: object) -> FormStart:
    request = rules.VideoRequest(
        prompt=SHOTS[0],
        model=story.model,
        seconds=story.seconds,
        resolution=story.resolution,
        aspect_ratio=story.aspect_ratio,
        negative_prompt=story.negative_prompt,
        seed=story.seed,
    )
    picture = changes.pop("picture", story.start_path.read_bytes())
    assert picture is None or isinstance(picture, bytes)
    return FormStart(picture, "png", replace(request, **changes))  # type: ignore[arg-type]


def test_any_change_to_the_shots_text_count_or_order_is_a_change(tmp_path: Path) -> None:
    board = story(tmp_path)
    assert not confirmed.shots_changed(board, SHOTS)
    assert confirmed.shots_changed(board, (SHOTS[0] + "!", *SHOTS[1:]))
    assert confirmed.shots_changed(board, (*SHOTS, "e1"))
    assert confirmed.shots_changed(board, SHOTS[:2])
    assert confirmed.shots_changed(board, (SHOTS[1], SHOTS[0], SHOTS[2]))


def test_skip_takes_exactly_the_stopped_shot_away(tmp_path: Path) -> None:
    board = story(tmp_path)
    assert confirmed.prompts_of(confirmed.skipped(board, 2)) == (SHOTS[0], SHOTS[2])
    assert confirmed.prompts_of(confirmed.skipped(board, 1)) == SHOTS[1:]
    with_a_line_above = ("an establishing shot", *SHOTS)
    assert confirmed.without_shot(with_a_line_above, SHOTS[1]) == ("an establishing shot", SHOTS[0], SHOTS[2])
    assert confirmed.without_shot((SHOTS[0], SHOTS[1] + " slowly"), SHOTS[1]) is None  # changed: not known
    assert confirmed.without_shot((SHOTS[1], SHOTS[1]), SHOTS[1]) is None  # twice: which one is not known


def test_the_forms_start_picture_model_and_settings_are_compared(tmp_path: Path) -> None:
    board = story(tmp_path, negative_prompt="text", seed=7)
    assert confirmed.start_changes(board, form(board)) == ()
    assert confirmed.start_changes(board, form(board, picture=None)) == ()  # the form has none: not compared
    other = tmp_path / "blue.png"
    Image.new("RGB", (320, 180), (40, 40, 200)).save(other)
    assert confirmed.start_changes(board, form(board, picture=other.read_bytes())) == ("the start picture",)
    assert confirmed.start_changes(board, form(board, model="veo-3.1-generate-preview")) == ("the model",)
    assert confirmed.start_changes(board, form(board, aspect_ratio="9:16")) == (
        "the length, resolution or shape",
    )
    assert confirmed.start_changes(board, form(board, seed=8)) == ("the negative prompt or seed",)
    assert confirmed.start_changes(board, form(board, negative_prompt="")) == ("the negative prompt or seed",)
    said = confirmed.start_over_text(("the start picture", "the model"))
    assert "the start picture, the model changed" in said and "starts over from shot 1" in said


def test_shots_made_already_that_would_be_sent_again_are_named(tmp_path: Path) -> None:
    board = story(tmp_path)
    request = shot_request(board, board.shots[0])

    def status(number: int, standing: str, state: str | None) -> ShotStatus:
        entry = None if state is None else ShotProgress(number, "x", state, time.time())
        return ShotStatus(number, board.shots[number - 1], request, standing, entry=entry)  # type: ignore[arg-type]

    plan = Plan((status(1, "to_send", "saved"), status(2, "to_send", "failed"), status(3, "to_send", None)))
    assert confirmed.made_again(plan) == (1,)
    assert "shot 1" in confirmed.made_again_text((1,))
    assert confirmed.made_again(Plan((status(1, "saved", "saved"), status(2, "to_send", "failed")))) == ()


def test_the_negative_prompt_and_seed_are_kept_and_go_with_shots_whose_model_takes_them(
    tmp_path: Path,
) -> None:
    board = story(tmp_path, negative_prompt="text, watermark", seed=1234)
    board = replace(board, shots=(Shot("one"), Shot("two", model="veo-3.1-fast")))
    document.save(board)
    again = document.load(board.path)
    assert (again.negative_prompt, again.seed) == ("text, watermark", 1234)
    first, flow = (shot_request(again, shot) for shot in again.shots)
    assert (first.negative_prompt, first.seed) == ("text, watermark", 1234)
    assert (flow.negative_prompt, flow.seed) == ("", None)  # the Flow channel takes neither
    plain = story(tmp_path)
    assert fingerprint(plain, 1, plain.shots[0]) != fingerprint(again, 1, plain.shots[0])  # filmed anew
    assert "negative_prompt" not in plain.to_json() and "seed" not in plain.to_json()
