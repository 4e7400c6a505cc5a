"""The rules table, over every combination of model, length, resolution and aspect ratio."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from veo_desktop.api import rules
from veo_desktop.api.rules import VideoRequest

ALL = list(itertools.product(rules.MODELS, rules.SECONDS, rules.RESOLUTIONS, rules.ASPECT_RATIOS))


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
            "The model must be one of veo-3.1-fast-generate-preview, veo-3.1-generate-preview (got 'veo-2')",
        ),
        (VideoRequest("x", resolution="8k"), "The resolution must be one of 720p, 1080p, 4k (got '8k')"),
        (VideoRequest("x", aspect_ratio="1:1"), "The aspect ratio must be one of 16:9, 9:16 (got '1:1')"),
        (VideoRequest("x", seed=-1), f"The seed must be a whole number from 0 to {rules.SEED_MAX}"),
    ],
)
def test_refusals_are_in_words(request_: VideoRequest, expected: str) -> None:
    assert rules.problems(request_) == [expected]


@pytest.mark.parametrize(
    ("text", "seed"), [("", None), (" 42 ", 42), ("0", 0), (str(rules.SEED_MAX), rules.SEED_MAX)]
)
def test_parse_seed_accepts(text: str, seed: int | None) -> None:
    assert rules.parse_seed(text) == seed


@pytest.mark.parametrize("text", ["-1", "1.5", "abc", str(rules.SEED_MAX + 1)])
def test_parse_seed_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="whole number from 0 to"):
        rules.parse_seed(text)
