"""The emulator behaves as the provider documents, quirks included, over raw HTTP (no app client)."""

from __future__ import annotations

import itertools
import time
from dataclasses import replace
from typing import Any

import httpx
import pytest

from tests.conftest import fast_config, image_bytes
from tests.helpers.frames import END, START, clip_ends, clip_shape, decoded, difference
from veo_desktop.api import rules
from veo_desktop.emulator.server import SAFETY_REASON, EmulatorServer, EmulatorThread
from veo_desktop.emulator.tasks import OFFICIAL_RENDER_SECONDS

PNG = image_bytes("PNG")


def auth(emulator: EmulatorThread) -> dict[str, str]:
    return {"Authorization": f"Bearer {emulator.api_key}"}


def post_form(
    emulator: EmulatorThread,
    fields: dict[str, str],
    files: list[tuple[str, tuple[str, bytes, str]]] | None = None,
) -> httpx.Response:
    files = files if files is not None else [("input_reference", ("a.png", PNG, "image/png"))]
    return httpx.post(f"{emulator.base_url}/videos", data=fields, files=files, headers=auth(emulator))


def wait_status(emulator: EmulatorThread, task_id: str, wanted: str, timeout: float = 20) -> list[int]:
    """Poll until ``wanted``; returns every progress value seen on the way."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = httpx.get(f"{emulator.base_url}/videos/{task_id}", headers=auth(emulator)).json()
        seen.append(body["progress"])
        if body["status"] == wanted:
            return seen
        time.sleep(0.02)
    raise AssertionError(f"{task_id} never became {wanted}; progress seen {seen}")


@pytest.mark.parametrize(
    ("seconds", "resolution", "aspect"),
    list(itertools.product(rules.SECONDS, rules.RESOLUTIONS, rules.ASPECT_RATIOS)),
)
def test_the_emulator_rejects_from_the_same_table(
    emulator: EmulatorThread, seconds: str, resolution: str, aspect: str
) -> None:
    fields = {
        "model": rules.DEFAULT_MODEL,
        "prompt": "pan left",
        "seconds": seconds,
        "resolution": resolution,
        "aspectRatio": aspect,
    }
    response = post_form(emulator, fields)
    expected = rules.problems(
        rules.VideoRequest("pan left", rules.DEFAULT_MODEL, seconds, resolution, aspect)
    )
    if expected:
        assert response.status_code == 400
        assert response.json()["error"]["message"] == "; ".join(expected)
        assert emulator.server.submissions == []
    else:
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["task_id"] == body["id"] and body["task_id"].startswith("task_")
        assert (body["object"], body["status"], body["progress"]) == ("video", "queued", 0)


def test_progress_is_coarse_and_the_content_is_a_real_video(emulator: EmulatorThread) -> None:
    emulator.server.config.content_not_ready_seconds = 0.5
    task_id = post_form(emulator, {"model": rules.DEFAULT_MODEL, "prompt": "p", "seconds": "4"}).json()[
        "task_id"
    ]
    seen = wait_status(emulator, task_id, "completed")
    assert set(seen) <= {0, 50, 100} and seen[-1] == 100
    content_url = f"{emulator.base_url}/videos/{task_id}/content"
    early = httpx.get(content_url, headers=auth(emulator))
    assert early.status_code == 400  # the documented moment after completion
    assert httpx.get(content_url).status_code == 401  # a browser URL without the key
    deadline = time.monotonic() + 5
    while (late := httpx.get(content_url, headers=auth(emulator))).status_code == 400:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert late.status_code == 200 and late.headers["content-type"] == "video/mp4"
    assert late.content[4:8] == b"ftyp"
    import av

    with av.open(__import__("io").BytesIO(late.content)) as container:
        kinds = sorted(s.type for s in container.streams)
        assert kinds == ["audio", "video"]
        video = container.streams.video[0]
        assert (video.codec_context.width, video.codec_context.height) == (170, 96)  # 16:9
        assert container.duration is not None and round(container.duration / 1e6) == 4


def test_wrong_or_missing_key_is_401(emulator: EmulatorThread) -> None:
    response = httpx.post(
        f"{emulator.base_url}/videos",
        json={"prompt": "x"},
        headers={"Authorization": "Bearer sk-wrong-key-123456"},
    )
    assert response.status_code == 401
    assert httpx.get(f"{emulator.base_url}/videos/task_x").status_code == 401


def test_json_numeric_seconds_fails_with_parse_error(emulator: EmulatorThread) -> None:
    response = httpx.post(
        f"{emulator.base_url}/videos",
        headers=auth(emulator),
        json={"model": rules.DEFAULT_MODEL, "prompt": "x", "seconds": 8},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_request_failed"


@pytest.mark.parametrize("where", ["top", "metadata"])
def test_generate_audio_is_refused(emulator: EmulatorThread, where: str) -> None:
    body: dict[str, object] = {"model": rules.DEFAULT_MODEL, "prompt": "x", "seconds": "8"}
    if where == "top":
        body["generateAudio"] = True
    else:
        body["metadata"] = {"generateAudio": True}
    response = httpx.post(f"{emulator.base_url}/videos", headers=auth(emulator), json=body)
    assert response.status_code == 400 and response.json()["error"]["code"] == "INVALID_ARGUMENT"


def test_duration_is_silently_ignored_and_falls_back_to_four(emulator: EmulatorThread) -> None:
    response = post_form(emulator, {"model": rules.DEFAULT_MODEL, "prompt": "x", "duration": "8"})
    assert response.status_code == 200
    assert emulator.server.tasks[response.json()["task_id"]].submission.request.seconds == "4"


def test_json_precedence_metadata_then_size_then_defaults(emulator: EmulatorThread) -> None:
    body = {
        "model": rules.DEFAULT_MODEL,
        "prompt": "x",
        "seconds": "8",
        "size": "1080x1920",
        "metadata": {"resolution": "720p"},
    }
    task_id = httpx.post(f"{emulator.base_url}/videos", headers=auth(emulator), json=body).json()["task_id"]
    request = emulator.server.tasks[task_id].submission.request
    assert (request.resolution, request.aspect_ratio, request.seconds) == ("720p", "9:16", "8")


def test_resolution_wins_over_size_in_multipart(emulator: EmulatorThread) -> None:
    response = post_form(
        emulator,
        {
            "model": rules.DEFAULT_MODEL,
            "prompt": "x",
            "seconds": "4",
            "size": "1920x1080",
            "resolution": "720p",
        },
    )
    assert response.status_code == 200
    assert emulator.server.tasks[response.json()["task_id"]].submission.request.resolution == "720p"


def test_only_the_first_reference_image_is_kept(emulator: EmulatorThread) -> None:
    first, second = image_bytes("PNG", (64, 64)), image_bytes("JPEG", (80, 80))
    response = post_form(
        emulator,
        {"model": rules.DEFAULT_MODEL, "prompt": "x", "seconds": "4"},
        [
            ("input_reference", ("1.png", first, "image/png")),
            ("input_reference", ("2.jpg", second, "image/jpeg")),
        ],
    )
    task = emulator.server.tasks[response.json()["task_id"]]
    assert task.submission.image == first and task.submission.reference_parts == 2


@pytest.mark.parametrize(
    ("declared", "data", "message"),
    [
        ("image/gif", image_bytes("GIF"), "unsupported image type image/gif"),
        ("image/jpeg", PNG, "not a valid image/jpeg image"),
        ("text/plain", b"hello", "unsupported image type text/plain"),
    ],
)
def test_reference_type_must_be_real(
    emulator: EmulatorThread, declared: str, data: bytes, message: str
) -> None:
    response = post_form(
        emulator,
        {"model": rules.DEFAULT_MODEL, "prompt": "x", "seconds": "4"},
        [("input_reference", ("a", data, declared))],
    )
    assert response.status_code == 400 and message in response.json()["error"]["message"]


def test_failing_prompts_end_failed_with_and_without_reason(emulator: EmulatorThread) -> None:
    loud = post_form(emulator, {"model": rules.DEFAULT_MODEL, "prompt": "x #fail", "seconds": "4"}).json()
    silent = post_form(
        emulator, {"model": rules.DEFAULT_MODEL, "prompt": "x #fail-silent", "seconds": "4"}
    ).json()
    wait_status(emulator, loud["task_id"], "failed")
    wait_status(emulator, silent["task_id"], "failed")
    loud_body = httpx.get(f"{emulator.base_url}/videos/{loud['task_id']}", headers=auth(emulator)).json()
    silent_body = httpx.get(f"{emulator.base_url}/videos/{silent['task_id']}", headers=auth(emulator)).json()
    assert "safety" in loud_body["error"]["message"]
    assert "error" not in silent_body


def test_range_requests_resume_where_asked(emulator: EmulatorThread) -> None:
    task_id = post_form(emulator, {"model": rules.DEFAULT_MODEL, "prompt": "p", "seconds": "4"}).json()[
        "task_id"
    ]
    wait_status(emulator, task_id, "completed")
    whole = emulator.server.content_bytes(task_id)
    url = f"{emulator.base_url}/videos/{task_id}/content"
    part = httpx.get(url, headers={**auth(emulator), "Range": "bytes=100-"})
    assert part.status_code == 206 and part.content == whole[100:]
    assert part.headers["content-range"] == f"bytes 100-{len(whole) - 1}/{len(whole)}"
    assert httpx.get(url, headers={**auth(emulator), "Range": f"bytes={len(whole)}-"}).status_code == 416


def test_unknown_task_is_404(server: EmulatorServer, emulator: EmulatorThread) -> None:
    response = httpx.get(f"{emulator.base_url}/videos/task_nope", headers=auth(emulator))
    assert response.status_code == 404


# ----- the Flow channel ----------------------------------------------------------------------------

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
        assert expected, "the table must say why"
        assert response.status_code == 400
        assert response.json()["error"]["message"] == "; ".join(expected)
        assert emulator.server.submissions == []
        return
    assert expected == [] and response.status_code == 200, response.text
    body = response.json()
    assert set(body) == FLOW_ANSWER  # no task_id, no progress, created and not created_at
    assert body["id"].startswith("video_") and (body["object"], body["status"]) == ("video", "queued")
    assert body["model"] == model and isinstance(body["created"], int)
    assert abs(body["created"] - time.time()) < 60
    submission = emulator.server.tasks[body["id"]].submission
    assert submission.request == flow_request(model)  # 8 s, 720p, the shape in the name
    assert submission.frames == (START, END)[:frames]  # in the order sent: start, then end


@pytest.mark.parametrize(
    ("model", "frames", "fields", "changes", "says"),
    [
        ("veo-3.1-fast", 0, {"prompt": " "}, {"prompt": " "}, "the prompt is empty"),
        ("veo-3.1-fast", 0, {"seconds": "4"}, {"seconds": "4"}, "makes 8-second clips only (got 4)"),
        ("veo-3.1-landscape-fl", 1, {"seconds": "5"}, {"seconds": "5"}, "must be one of 4, 6, 8"),
        (
            "veo-3.1-landscape",
            0,
            {"metadata": {"resolution": "1080p"}},
            {"resolution": "1080p"},
            "makes 720p clips only (got 1080p)",
        ),
        (
            "veo-3.1-fast-fl",
            1,
            {"resolution": "4k", "seconds": "4"},
            {"resolution": "4k", "seconds": "4"},
            "4k videos need 8 seconds, not 4",
        ),
        (
            "veo-3.1-fast",
            0,
            {"metadata": {"aspectRatio": "16:9"}},
            {"aspect_ratio": "16:9"},
            "for 16:9 use veo-3.1-landscape-fast",
        ),
        (
            "veo-3.1-landscape-fast-fl",
            2,
            {"size": "720x1280"},
            {"aspect_ratio": "9:16"},
            "for 9:16 use veo-3.1-fast-fl",
        ),
        ("veo-3.1", 0, {"metadata": {"aspectRatio": "1:1"}}, {"aspect_ratio": "1:1"}, "must be one of 16:9"),
        ("veo-3.1-fast-fl", 1, {"seed": "7"}, {"seed": 7}, "veo-3.1-fast-fl takes no seed"),
        ("veo-3.1", 0, {"metadata": {"seed": 2**32}}, {"seed": 2**32}, "a whole number from 0 to"),
        (
            "veo-3.1-landscape-fl",
            2,
            {"negativePrompt": "blur"},
            {"negative_prompt": "blur"},
            "takes no negative prompt",
        ),
    ],
)
def test_flow_refusals_come_from_the_same_table(
    emulator: EmulatorThread,
    model: str,
    frames: int,
    fields: dict[str, Any],
    changes: dict[str, Any],
    says: str,
) -> None:
    """What the Flow channel's name decides may be left out, never contradicted; the frame refusals are
    walked above. Two left: an end frame without a start frame cannot be said on this wire (one field
    name, in order), and an end frame on the official channel is dropped, not refused (see
    ``test_only_the_first_reference_image_is_kept``)."""
    response = flow_post(emulator, model, frames, **fields)
    expected = rules.problems(flow_request(model, **changes), start=frames > 0, end=frames > 1)
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "; ".join(expected)
    assert says in response.json()["error"]["message"]
    assert emulator.server.submissions == []


def test_an_unknown_model_is_refused_naming_both_channels_models(emulator: EmulatorThread) -> None:
    response = flow_post(emulator, "veo-3.1-turbo-fl", 1)
    message = response.json()["error"]["message"]
    assert response.status_code == 400 and message.startswith("The model must be one of")
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
