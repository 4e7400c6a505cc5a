"""The emulator behaves as the provider documents, quirks included, over raw HTTP (no app client)."""

from __future__ import annotations

import itertools
import time
from typing import Any

import httpx
import pytest

from tests.conftest import image_bytes
from veo_desktop.api import rules
from veo_desktop.emulator.server import EmulatorServer, EmulatorThread

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


REQUEST_FIELDS = ("prompt", "model", "seconds", "resolution", "aspectRatio", "seed", "negativePrompt")


def refused_fields(response: httpx.Response) -> set[str]:
    """The request fields a refusal's message names (each of its "; "-separated reasons names one)."""
    message = response.json()["error"]["message"]
    reasons = message.split("; ")
    named = {name for name in REQUEST_FIELDS if name in message}
    assert all(any(name in reason for name in (*REQUEST_FIELDS, "input_reference")) for reason in reasons), (
        f"a reason names no field: {message}"
    )
    return named


def settings_of(request: Any) -> tuple[object, ...]:
    """What a request asks for, whichever side's type it is (the emulator's or the client's)."""
    names = ("prompt", "model", "seconds", "resolution", "aspect_ratio", "negative_prompt", "seed")
    return tuple(getattr(request, name) for name in names)


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
def test_the_emulator_refuses_what_the_client_refuses(
    emulator: EmulatorThread, seconds: str, resolution: str, aspect: str
) -> None:
    """The same verdict from the emulator's own tables as from the client's, never the same words: a
    refusal is a 400 that names the field at fault (1080p and 4k need "8")."""
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
        assert refused_fields(response) == {"seconds"}
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
