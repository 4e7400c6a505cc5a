"""The rules table, over every combination of model, length, resolution and aspect ratio."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from veo_desktop.api import rules
from veo_desktop.api.rules import VideoRequest

OFFICIAL = [m.id for m in rules.MODELS.values() if m.channel == "official"]
FLOW = [m.id for m in rules.MODELS.values() if m.channel == "flow"]
ALL = list(itertools.product(OFFICIAL, rules.SECONDS, rules.RESOLUTIONS, rules.ASPECT_RATIOS))


def make(model: str, seconds: str, resolution: str, aspect: str) -> VideoRequest:
    return VideoRequest("a slow push in", model, seconds, resolution, aspect)


@pytest.mark.parametrize(("model", "seconds", "resolution", "aspect"), ALL)
def test_every_combination_has_one_verdict(model: str, seconds: str, resolution: str, aspect: str) -> None:
    request = make(model, seconds, resolution, aspect)
    found = rules.problems(request)
    needs_eight = resolution in ("1080p", "4k")
    assert (found == []) == (not needs_eight or seconds == "8")
    if found:
        assert found == [f"{resolution} videos need 8 seconds, not {seconds}"]
    assert (
        request.size
        == {
            ("720p", "16:9"): "1280x720",
            ("720p", "9:16"): "720x1280",
            ("1080p", "16:9"): "1920x1080",
            ("1080p", "9:16"): "1080x1920",
            ("4k", "16:9"): "3840x2160",
            ("4k", "9:16"): "2160x3840",
        }[(resolution, aspect)]
    )


@pytest.mark.parametrize(("model", "seconds", "resolution", "aspect"), ALL)
def test_greyed_out_options_are_exactly_the_refused_ones(
    model: str, seconds: str, resolution: str, aspect: str
) -> None:
    """What the window greys out is what problems() would refuse, for every option of every setting."""
    request = make(model, seconds, resolution, aspect)
    states = rules.option_states(request)
    for value, verdict in states["seconds"].items():
        assert verdict.allowed == (rules.problems(replace(request, seconds=value)) == [])
        if not verdict.allowed:
            assert verdict.reason == f"{resolution} videos need 8 seconds"
    for field_name in ("model", "aspect_ratio", "resolution"):
        assert all(v.allowed for v in states[field_name].values())


@pytest.mark.parametrize("resolution", rules.RESOLUTIONS)
@pytest.mark.parametrize("seconds", rules.SECONDS)
def test_adjust_moves_the_length_and_says_so(resolution: str, seconds: str) -> None:
    adjusted = rules.adjust(make(rules.DEFAULT_MODEL, seconds, resolution, "16:9"))
    assert rules.problems(adjusted.request) == []
    if resolution != "720p" and seconds != "8":
        assert adjusted.request.seconds == "8"
        assert adjusted.notes == (f"Length set to 8 s: {resolution} videos need 8 seconds",)
    else:
        assert adjusted.request.seconds == seconds
        assert adjusted.notes == ()


def test_prices_are_per_model() -> None:
    assert make("veo-3.1-fast-generate-preview", "8", "720p", "16:9").price_cents == 30
    assert make("veo-3.1-generate-preview", "8", "720p", "16:9").price_cents == 120
    assert rules.MODELS["veo-3.1-generate-preview"].price_text == "$1.20"


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        (VideoRequest("   "), "Describe the motion you want: the prompt is empty"),
        (VideoRequest("x", seconds="5"), "The length in seconds must be one of 4, 6, 8 (got '5')"),
        (VideoRequest("x", seconds=8), "The length in seconds must be one of 4, 6, 8 (got 8)"),  # type: ignore[arg-type]
        (
            VideoRequest("x", model="veo-2"),
            "The model must be one of " + ", ".join(rules.MODELS) + " (got 'veo-2')",
        ),
        (VideoRequest("x", resolution="8k"), "The resolution must be one of 720p, 1080p, 4k (got '8k')"),
        (VideoRequest("x", aspect_ratio="1:1"), "The aspect ratio must be one of 16:9, 9:16 (got '1:1')"),
        (VideoRequest("x", seed=-1), f"The seed must be a whole number from 0 to {rules.SEED_MAX}"),
    ],
)
def test_refusals_are_in_words(request_: VideoRequest, expected: str) -> None:
    assert rules.problems(request_) == [expected]


# ----- the Flow channel -------------------------------------------------------------------------


def test_the_table_holds_both_channels_with_their_prices() -> None:
    """The provider's eight Flow models: the name says the shape, the tier and whether it takes frames."""
    flow = {
        m.id: (m.price_cents, m.aspect_ratios, m.frames) for m in rules.MODELS.values() if m.channel == "flow"
    }
    assert flow == {
        "veo-3.1": (25, ("9:16",), (0,)),
        "veo-3.1-fast": (15, ("9:16",), (0,)),
        "veo-3.1-landscape": (25, ("16:9",), (0,)),
        "veo-3.1-landscape-fast": (15, ("16:9",), (0,)),
        "veo-3.1-fl": (25, ("9:16",), (1, 2)),
        "veo-3.1-fast-fl": (15, ("9:16",), (1, 2)),
        "veo-3.1-landscape-fl": (25, ("16:9",), (1, 2)),
        "veo-3.1-landscape-fast-fl": (15, ("16:9",), (1, 2)),
    }
    assert all(rules.MODELS[m].seconds == ("8",) and rules.MODELS[m].resolutions == ("720p",) for m in flow)
    assert [rules.MODELS[m].choice_text for m in rules.CHOICES.values()] == [
        "Veo 3.1 Fast — $0.30",
        "Veo 3.1 — $1.20",
        "Veo 3.1 Fast · Flow — $0.15",
        "Veo 3.1 · Flow — $0.25",
    ]


@pytest.mark.parametrize("model", FLOW)
@pytest.mark.parametrize(("start", "end"), [(False, False), (True, False), (True, True), (False, True)])
def test_flow_models_take_the_frames_their_name_says(model: str, start: bool, end: bool) -> None:
    table = rules.MODELS[model]
    request = VideoRequest("a turn", model, "8", "720p", table.aspect_ratios[0])
    found = rules.problems(request, start=start, end=end)
    if end and not start:
        assert found == ["An end frame needs a start frame"]
    elif model.endswith("-fl"):
        assert found == (
            [] if start else [f"{model} needs a start frame; for a video from text only use {model[:-3]}"]
        )
    else:
        assert found == (
            [] if not start else [f"{model} makes videos from text only; for a start frame use {model}-fl"]
        )


@pytest.mark.parametrize(
    ("request_", "end", "expected"),
    [
        (
            VideoRequest("x", "veo-3.1-fast-generate-preview"),
            True,
            "veo-3.1-fast-generate-preview takes no end frame; "
            "the Flow channel's veo-3.1-landscape-fast-fl does",
        ),
        (
            VideoRequest("x", "veo-3.1-generate-preview", aspect_ratio="9:16"),
            True,
            "veo-3.1-generate-preview takes no end frame; the Flow channel's veo-3.1-fl does",
        ),
        (
            VideoRequest("x", "veo-3.1-fl", "4", "720p", "9:16"),
            False,
            "veo-3.1-fl makes 8-second clips only (got 4)",
        ),
        (
            VideoRequest("x", "veo-3.1-fl", "8", "4k", "9:16"),
            False,
            "veo-3.1-fl makes 720p clips only (got 4k)",
        ),
        (
            VideoRequest("x", "veo-3.1-fl", "8", "720p", "16:9"),
            False,
            "veo-3.1-fl makes portrait (9:16) videos; for 16:9 use veo-3.1-landscape-fl",
        ),
        (VideoRequest("x", "veo-3.1-fl", "8", "720p", "9:16", seed=1), False, "veo-3.1-fl takes no seed"),
        (
            VideoRequest("x", "veo-3.1-fl", "8", "720p", "9:16", negative_prompt="blur"),
            False,
            "veo-3.1-fl takes no negative prompt",
        ),
    ],
)
def test_flow_refusals_name_what_would_work(request_: VideoRequest, end: bool, expected: str) -> None:
    assert rules.problems(request_, start=True, end=end) == [expected]


@pytest.mark.parametrize("choice", list(rules.CHOICES.values()))
@pytest.mark.parametrize("aspect", rules.ASPECT_RATIOS)
@pytest.mark.parametrize(("start", "end"), [(False, False), (True, False), (True, True)])
def test_the_window_choice_becomes_a_model_the_service_takes(
    choice: str, aspect: str, start: bool, end: bool
) -> None:
    """Every choice, shape and set of frames: adjust() lands on a request problems() accepts, unless an
    end frame is set on a choice that takes none, which end_frame_verdict() then explains."""
    request = VideoRequest("a turn", choice, "4", "1080p", aspect, negative_prompt="blur", seed=3)
    adjusted = rules.adjust(request, start=start, end=end).request
    verdict = rules.end_frame_verdict(request)
    assert verdict.allowed == (rules.MODELS[choice].channel == "flow")
    found = rules.problems(adjusted, start=start, end=end)
    assert found == [] if verdict.allowed or not end else len(found) == 1
    assert adjusted.aspect_ratio == aspect
    if rules.MODELS[choice].channel == "flow":
        assert adjusted.model == rules.model_for(choice, aspect, rules.frame_count(start, end))
        assert (adjusted.seconds, adjusted.resolution, adjusted.seed, adjusted.negative_prompt) == (
            "8",
            "720p",
            None,
            "",
        )
        states = rules.option_states(adjusted, start=start, end=end)
        assert [s for s, v in states["seconds"].items() if v.allowed] == ["8"]
        assert [r for r, v in states["resolution"].items() if v.allowed] == ["720p"]
        assert states["seconds"]["4"].reason == f"{rules.MODELS[choice].label} makes 8-second clips only"
    else:
        assert not verdict.allowed and "Flow" in verdict.reason
        switch = rules.end_frame_model(choice, aspect)
        assert (
            rules.problems(
                replace(
                    adjusted, model=switch, seconds="8", resolution="720p", seed=None, negative_prompt=""
                ),
                start=True,
                end=True,
            )
            == []
        )


def test_settings_for_fills_what_the_name_fixes() -> None:
    assert rules.settings_for("veo-3.1-fl") == ("8", "720p", "9:16")
    assert rules.settings_for("veo-3.1-landscape-fast") == ("8", "720p", "16:9")
    assert rules.settings_for("veo-3.1-fl", aspect_ratio="16:9") == (
        "8",
        "720p",
        "16:9",
    )  # kept, to be refused
    assert rules.settings_for(rules.DEFAULT_MODEL, seconds="4") == ("4", "720p", "16:9")


@pytest.mark.parametrize(
    ("text", "seed"), [("", None), (" 42 ", 42), ("0", 0), (str(rules.SEED_MAX), rules.SEED_MAX)]
)
def test_parse_seed_accepts(text: str, seed: int | None) -> None:
    assert rules.parse_seed(text) == seed


@pytest.mark.parametrize("text", ["-1", "1.5", "abc", str(rules.SEED_MAX + 1)])
def test_parse_seed_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="whole number from 0 to"):
        rules.parse_seed(text)
