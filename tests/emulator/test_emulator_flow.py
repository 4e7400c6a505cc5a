"""The emulator's Flow channel behaves as the provider documents it, over raw HTTP (no app client): its
own answer shape, its models' fixed length, resolution and shape, and one or two frames."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import httpx
import pytest

from tests.conftest import fast_config, image_bytes
from tests.emulator.test_emulator import auth, post_form, refused_fields, settings_of
from tests.helpers.frames import END, START, clip_ends, clip_shape, decoded, difference
from veo_desktop.api import rules
from veo_desktop.emulator.server import SAFETY_REASON, EmulatorThread
from veo_desktop.emulator.tasks import OFFICIAL_RENDER_SECONDS

FLOW = [m for m in rules.MODELS.values() if m.channel == "flow"]
FLOW_ANSWER = {"id", "object", "created", "status", "model"}
PROMPT = "a day becomes night"


def flow_post(emulator: EmulatorThread, model: str, frames: int, **fields: Any) -> httpx.Response:
    """A Flow submission as the provider's page shows it: JSON ``{"model", "prompt"}`` without frames,
    multipart with ``input_reference`` once per frame (start, then end) with them. ``fields`` go beside
    (a JSON ``metadata`` object too)."""
    body = {"model": model, "prompt": PROMPT, **fields}
    if frames == 0:
        return httpx.post(f"{emulator.base_url}/videos", json=body, headers=auth(emulator))
    pictures = (START, END, image_bytes("PNG", (64, 64)))
    files = [("input_reference", (f"{n}.png", pictures[n], "image/png")) for n in range(frames)]
    return post_form(emulator, body, files)


def flow_request(model: str, **changes: Any) -> rules.VideoRequest:
    """The request a Flow submission makes: what the model's name fixes, with ``changes``."""
    return replace(rules.VideoRequest(PROMPT, model, *rules.settings_for(model)), **changes)


def flow_statuses(emulator: EmulatorThread, task_id: str, timeout: float = 20) -> list[dict[str, Any]]:
    """Every status answer until the task ends."""
    seen: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seen.append(httpx.get(f"{emulator.base_url}/videos/{task_id}", headers=auth(emulator)).json())
        if seen[-1]["status"] in ("completed", "failed"):
            return seen
        time.sleep(0.02)
    raise AssertionError(f"{task_id} never ended: {[s['status'] for s in seen]}")


@pytest.mark.parametrize("frames", [0, 1, 2])
@pytest.mark.parametrize("model", [m.id for m in FLOW])
def test_every_flow_model_takes_the_frames_the_table_says(
    emulator: EmulatorThread, model: str, frames: int
) -> None:
    response = flow_post(emulator, model, frames)
    expected = rules.problems(flow_request(model), start=frames > 0, end=frames > 1)
    if frames not in rules.MODELS[model].frames:
        assert expected, "the client's table must say why"
        assert response.status_code == 400
        assert response.json()["error"]["message"].startswith("input_reference")
        assert emulator.server.submissions == []
        return
    assert expected == [] and response.status_code == 200, response.text
    body = response.json()
    assert set(body) == FLOW_ANSWER  # no task_id, no progress, created and not created_at
    assert body["id"].startswith("video_") and (body["object"], body["status"]) == ("video", "queued")
    assert body["model"] == model and isinstance(body["created"], int)
    assert abs(body["created"] - time.time()) < 60
    submission = emulator.server.tasks[body["id"]].submission
    assert settings_of(submission.request) == settings_of(flow_request(model))  # 8 s, 720p, the named shape
    assert submission.frames == (START, END)[:frames]  # in the order sent: start, then end


@pytest.mark.parametrize(
    ("model", "frames", "fields", "changes", "named"),
    [
        ("veo-3.1-fast", 0, {"prompt": " "}, {"prompt": " "}, {"prompt"}),
        ("veo-3.1-fast", 0, {"seconds": "4"}, {"seconds": "4"}, {"seconds"}),
        ("veo-3.1-landscape-fl", 1, {"seconds": "5"}, {"seconds": "5"}, {"seconds"}),
        (
            "veo-3.1-landscape",
            0,
            {"metadata": {"resolution": "1080p"}},
            {"resolution": "1080p"},
            {"resolution"},
        ),
        (
            "veo-3.1-fast-fl",
            1,
            {"resolution": "4k", "seconds": "4"},
            {"resolution": "4k", "seconds": "4"},
            {"resolution", "seconds"},
        ),
        ("veo-3.1-fast", 0, {"metadata": {"aspectRatio": "16:9"}}, {"aspect_ratio": "16:9"}, {"aspectRatio"}),
        ("veo-3.1-landscape-fast-fl", 2, {"size": "720x1280"}, {"aspect_ratio": "9:16"}, {"aspectRatio"}),
        ("veo-3.1", 0, {"metadata": {"aspectRatio": "1:1"}}, {"aspect_ratio": "1:1"}, {"aspectRatio"}),
        ("veo-3.1-fast-fl", 1, {"seed": "7"}, {"seed": 7}, {"seed"}),
        ("veo-3.1", 0, {"metadata": {"seed": 2**32}}, {"seed": 2**32}, {"seed"}),
        (
            "veo-3.1-landscape-fl",
            2,
            {"negativePrompt": "blur"},
            {"negative_prompt": "blur"},
            {"negativePrompt"},
        ),
    ],
)
def test_flow_refusals_agree_with_the_client_and_name_the_field(
    emulator: EmulatorThread,
    model: str,
    frames: int,
    fields: dict[str, Any],
    changes: dict[str, Any],
    named: set[str],
) -> None:
    """What the Flow channel's name decides may be left out, never contradicted; the frame refusals are
    walked above. The emulator refuses in its own words, naming the fields at fault, what the client
    refuses too. Two left: an end frame without a start frame cannot be said on this wire (one field
    name, in order), and an end frame on the official channel is dropped, not refused (see
    ``test_only_the_first_reference_image_is_kept``)."""
    response = flow_post(emulator, model, frames, **fields)
    assert rules.problems(flow_request(model, **changes), start=frames > 0, end=frames > 1)
    assert response.status_code == 400
    assert refused_fields(response) == named
    assert emulator.server.submissions == []


def test_an_unknown_model_is_refused_naming_both_channels_models(emulator: EmulatorThread) -> None:
    response = flow_post(emulator, "veo-3.1-turbo-fl", 1)
    message = response.json()["error"]["message"]
    assert response.status_code == 400 and message.startswith("model must be one of")
    assert all(model in message for model in rules.MODELS)


@pytest.mark.parametrize(
    ("files", "says"),
    [
        (
            [("input_reference", (f"{n}.png", START, "image/png")) for n in range(3)],
            "at most 2 images (a start frame and an end frame), got 3",
        ),
        (
            [
                ("input_reference", ("start.png", START, "image/png")),
                ("input_reference", ("end.jpg", END, "image/jpeg")),
            ],
            "not a valid image/jpeg image",
        ),
    ],
)
def test_a_flow_frame_too_many_or_not_an_image_is_refused(
    emulator: EmulatorThread, files: list[tuple[str, tuple[str, bytes, str]]], says: str
) -> None:
    response = post_form(emulator, {"model": "veo-3.1-fast-fl", "prompt": PROMPT}, files)
    assert response.status_code == 400 and says in response.json()["error"]["message"]
    assert emulator.server.submissions == []


def test_a_flow_task_is_queued_then_processing_then_a_clip_from_start_to_end(
    emulator: EmulatorThread,
) -> None:
    created = flow_post(emulator, "veo-3.1-fast-fl", 2).json()
    answers = [created, *flow_statuses(emulator, created["id"])]
    statuses = [a["status"] for a in answers]
    assert [s for i, s in enumerate(statuses) if i == 0 or statuses[i - 1] != s] == [
        "queued",
        "processing",
        "completed",
    ]
    assert all(set(a) == FLOW_ANSWER and a["created"] == created["created"] for a in answers)
    url = f"{emulator.base_url}/videos/{created['id']}/content"
    clip = httpx.get(url, headers=auth(emulator))
    assert clip.status_code == 200 and clip.content == emulator.server.content_bytes(created["id"])
    assert clip_shape(clip.content) == (96, 170, 8)  # portrait, 8 s
    first, last, count = clip_ends(clip.content)
    assert count == 8 * emulator.server.config.fps
    start, end = decoded(START), decoded(END)
    assert difference(first, start) < 25 < 80 < difference(first, end)
    assert difference(last, end) < 25 < 80 < difference(last, start)


def test_a_flow_clip_from_text_or_one_frame_is_8_seconds_in_the_shape_of_the_name(
    emulator: EmulatorThread,
) -> None:
    text = flow_post(emulator, "veo-3.1-landscape", 0).json()["id"]
    one = flow_post(emulator, "veo-3.1-landscape-fl", 1).json()["id"]
    for task_id in (text, one):
        assert flow_statuses(emulator, task_id)[-1]["status"] == "completed"
        assert clip_shape(emulator.server.content_bytes(task_id)) == (170, 96, 8)
    first, last, _ = clip_ends(emulator.server.content_bytes(one))
    assert difference(first, decoded(START)) < 25 and difference(last, decoded(START)) < 40


def test_a_failed_flow_task_says_why_in_a_plain_string(emulator: EmulatorThread) -> None:
    loud = flow_post(emulator, "veo-3.1", 0, prompt="x #fail").json()["id"]
    silent = flow_post(emulator, "veo-3.1-fl", 1, prompt="x #fail-silent").json()["id"]
    told = flow_post(emulator, "veo-3.1-landscape-fast", 0).json()["id"]
    emulator.server.faults.add("fail", "status", reason="Upstream quota exhausted, please retry later")
    assert flow_statuses(emulator, told)[-1] == {
        "id": told,
        "object": "video",
        "created": pytest.approx(time.time(), abs=60),
        "status": "failed",
        "model": "veo-3.1-landscape-fast",
        "error": "Upstream quota exhausted, please retry later",
    }
    assert flow_statuses(emulator, loud)[-1]["error"] == SAFETY_REASON
    ended = flow_statuses(emulator, silent)[-1]
    assert ended["status"] == "failed" and "error" not in ended
    content = httpx.get(f"{emulator.base_url}/videos/{loud}/content", headers=auth(emulator))
    assert content.status_code == 400


@pytest.mark.parametrize("render_seconds", [OFFICIAL_RENDER_SECONDS, 0.15])
def test_flow_render_times_are_the_provider_s_on_the_emulator_s_scale(render_seconds: float) -> None:
    """Fast 30-60 s and standard 60-120 s where the official channel's 720p takes 75 s (its 60-90 s):
    ``render_seconds`` scales them all, the demo's and the tests' alike."""
    config = fast_config(queue_seconds=3600, render_seconds=render_seconds, seed=5)
    scale = render_seconds / OFFICIAL_RENDER_SECONDS
    with EmulatorThread(config) as emulator:
        drawn: dict[str, list[float]] = {"fast": [], "standard": [], "official": []}
        for model in ["veo-3.1-fast", "veo-3.1-landscape-fast-fl", "veo-3.1", "veo-3.1-fl"] * 5:
            task_id = flow_post(emulator, model, max(rules.MODELS[model].frames)).json()["id"]
            drawn["fast" if "fast" in model else "standard"].append(
                emulator.server.tasks[task_id].render_seconds
            )
        official = post_form(emulator, {"model": rules.DEFAULT_MODEL, "prompt": "p", "seconds": "4"}).json()
        drawn["official"].append(emulator.server.tasks[official["id"]].render_seconds)
    assert drawn["official"] == [render_seconds]
    assert all(30 * scale <= s <= 60 * scale for s in drawn["fast"])
    assert all(60 * scale <= s <= 120 * scale for s in drawn["standard"])
    assert len(set(drawn["fast"])) > 1  # drawn, not fixed
