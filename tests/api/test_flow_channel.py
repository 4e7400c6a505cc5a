"""The Flow channel end to end against the emulator over loopback: a start and an end frame reach an
``-fl`` model in that order, the clip moves from the one to the other, and the video, the history and the
provenance file say what was made, from which images, at which price."""

from __future__ import annotations

import asyncio
import hashlib
import json
from pathlib import Path

import pytest

from tests.conftest import fast_config
from tests.helpers.frames import END, START, clip_ends, clip_shape, decoded, difference
from tests.helpers.tasks import client_for, image, manager_for
from veo_desktop.api import errors, rules
from veo_desktop.api.client import VeoClient, make_http_client
from veo_desktop.api.wire import TaskStatus
from veo_desktop.core.clips.images import prepare_image_bytes
from veo_desktop.core.clips.provenance import Frame, read_sidecar, sidecar_path
from veo_desktop.core.history.store import HistoryStore, TaskRecord
from veo_desktop.emulator.server import SAFETY_REASON, EmulatorThread
from veo_desktop.emulator.tasks import OFFICIAL_RENDER_SECONDS

PROMPT = "the harbour from dawn to dusk"
START_SHA, END_SHA = (hashlib.sha256(data).hexdigest() for data in (START, END))


def flow_request(model: str, prompt: str = PROMPT) -> rules.VideoRequest:
    return rules.VideoRequest(prompt, model, *rules.settings_for(model))


async def make_two_frame_clip(emulator: EmulatorThread, home: Path, model: str) -> TaskRecord:
    """Submit a start and an end frame through the task manager and wait until it ends."""
    start, end = prepare_image_bytes(START, "dawn.png"), prepare_image_bytes(END, "dusk.png")
    async with manager_for(emulator, home) as manager:
        record = await manager.submit(flow_request(model), start, end=end)
        [ended] = await manager.wait([record.id])
    return ended


def stored(home: Path, task_id: str) -> TaskRecord:
    """The task as the history on disk has it, read by a store opened afresh."""
    store = HistoryStore(home / "history.sqlite3")
    try:
        found = store.by_task_id(task_id)
    finally:
        store.close()
    assert found is not None, f"{task_id} is not in the history"
    return found


async def status_until(client: VeoClient, task_id: str, wanted: str) -> TaskStatus:
    deadline = asyncio.get_running_loop().time() + 20
    while (status := await client.status(task_id)).status != wanted:
        assert not status.finished, f"{task_id} ended {status.status}, not {wanted}"
        assert asyncio.get_running_loop().time() < deadline, f"{task_id} never became {wanted}"
        await asyncio.sleep(0.02)
    return status


@pytest.mark.parametrize(
    ("model", "price"),
    [("veo-3.1-landscape-fast-fl", (15, "$0.15")), ("veo-3.1-fl", (25, "$0.25"))],
)
async def test_start_and_end_frames_reach_the_model_in_order_and_everything_is_kept(
    emulator: EmulatorThread, app_home: Path, model: str, price: tuple[int, str]
) -> None:
    ended = await make_two_frame_clip(emulator, app_home, model)
    assert ended.state == "completed" and ended.task_id is not None, ended.last_error
    assert ended.task_id.startswith("video_") and ended.cost_cents == price[0]

    # What the service received: two input_reference parts, the start frame first.
    [received] = emulator.server.submissions
    assert received.headers["content-type"].startswith("multipart/form-data")
    assert received.headers["authorization"] == f"Bearer {emulator.api_key}"
    submission = received.submission
    assert submission is not None and submission.reference_parts == 2
    assert submission.fields == {"model": model, "prompt": PROMPT}  # the name says the rest
    first, second = (decoded(data) for data in submission.frames)
    assert first.tobytes() == decoded(START).tobytes()
    assert second.tobytes() == decoded(END).tobytes()

    # The video, byte for byte as served.
    video = Path(ended.output_path)
    assert video.read_bytes() == emulator.server.content_bytes(ended.task_id)

    # The history, read back from the file.
    kept = stored(app_home, ended.task_id)
    assert (kept.state, kept.model, kept.cost_cents) == ("completed", model, price[0])
    assert (kept.image_name, kept.image_sha256) == ("dawn.png", START_SHA)
    assert (kept.end_image_name, kept.end_image_sha256) == ("dusk.png", END_SHA)
    assert Path(kept.image_copy).read_bytes() == START and Path(kept.end_image_copy).read_bytes() == END

    # The provenance file beside the video.
    saved = json.loads(sidecar_path(video).read_text(encoding="utf-8"))
    assert saved["reference_images"] == [
        {"role": "start", "name": "dawn.png", "sha256": START_SHA},
        {"role": "end", "name": "dusk.png", "sha256": END_SHA},
    ]
    assert saved["price"] == {"cents": price[0], "text": price[1]} == saved["cost"]
    assert (saved["model"], saved["channel"], saved["task_id"]) == (model, "flow", ended.task_id)
    assert read_sidecar(sidecar_path(video)).frames == (
        Frame("start", "dawn.png", START_SHA),
        Frame("end", "dusk.png", END_SHA),
    )


@pytest.mark.parametrize(
    ("model", "shape"), [("veo-3.1-fast-fl", (96, 170)), ("veo-3.1-landscape-fl", (170, 96))]
)
async def test_the_clip_begins_on_the_start_frame_and_ends_on_the_end_frame(
    emulator: EmulatorThread, app_home: Path, model: str, shape: tuple[int, int]
) -> None:
    ended = await make_two_frame_clip(emulator, app_home, model)
    data = Path(ended.output_path).read_bytes()
    assert clip_shape(data) == (*shape, 8)  # 8 s, in the model's shape
    first, last, _ = clip_ends(data)
    start, end = decoded(START), decoded(END)
    assert difference(first, start) < 25 and difference(first, end) > 80
    assert difference(last, end) < 25 and difference(last, start) > 80


async def test_a_flow_text_task_sends_only_the_model_and_the_prompt(
    emulator: EmulatorThread, app_home: Path
) -> None:
    request = flow_request("veo-3.1-landscape", "a lighthouse at dusk")
    async with manager_for(emulator, app_home) as manager:
        record = await manager.submit(request, None)
        [ended] = await manager.wait([record.id])
    assert ended.state == "completed" and ended.task_id is not None and ended.cost_cents == 25
    [received] = emulator.server.submissions
    assert received.headers["content-type"].startswith("application/json")
    assert received.submission is not None and received.submission.frames == ()
    assert received.submission.fields == {"model": "veo-3.1-landscape", "prompt": "a lighthouse at dusk"}
    assert Path(ended.output_path).read_bytes() == emulator.server.content_bytes(ended.task_id)
    saved = json.loads(sidecar_path(Path(ended.output_path)).read_text(encoding="utf-8"))
    assert saved["reference_images"] == [] and saved["price"] == {"cents": 25, "text": "$0.25"}


async def test_an_end_frame_on_the_official_channel_is_refused_before_sending(
    emulator: EmulatorThread, app_home: Path
) -> None:
    start, end = prepare_image_bytes(START, "dawn.png"), prepare_image_bytes(END, "dusk.png")
    async with manager_for(emulator, app_home) as manager:
        with pytest.raises(errors.InvalidRequest, match="takes no end frame"):
            await manager.submit(rules.VideoRequest(PROMPT), start, end=end)
    assert emulator.server.received == []


async def test_the_client_reads_created_and_processing() -> None:
    """The Flow channel's own words: ``id`` and no ``task_id``, ``created``, ``processing``."""
    slow = fast_config(render_seconds=OFFICIAL_RENDER_SECONDS * 100)  # processing for an hour or more
    with EmulatorThread(slow) as emulator:
        async with make_http_client() as http:
            client = client_for(emulator, http)
            queued = await client.submit(flow_request("veo-3.1-fast-fl"), image())
            task = emulator.server.tasks[queued.task_id]
            assert queued.task_id.startswith("video_") and queued.status == "queued"
            assert queued.created_at == int(task.created_at) and queued.model == "veo-3.1-fast-fl"
            running = await status_until(client, queued.task_id, "in_progress")
            said = (
                await http.get(f"{emulator.base_url}/videos/{queued.task_id}", headers=auth(emulator))
            ).json()
            assert said["status"] == "processing" and "progress" not in said
            assert running.created_at == queued.created_at and running.progress == 0
            task.render_seconds = 0  # the render ends now
            done = await status_until(client, queued.task_id, "completed")
            assert done.error == "" and done.completed_at is None  # the channel gives no time


async def test_the_client_reads_a_failure_s_plain_string(emulator: EmulatorThread) -> None:
    async with make_http_client() as http:
        client = client_for(emulator, http)
        blocked = await client.submit(flow_request("veo-3.1-fl", "storm #fail"), image())
        told = await client.submit(flow_request("veo-3.1-landscape-fast"), None)
        emulator.server.faults.add("fail", "status", reason="Upstream busy: please try again")
        said = (await http.get(f"{emulator.base_url}/videos/{told.task_id}", headers=auth(emulator))).json()
        assert said["error"] == "Upstream busy: please try again"  # a string, not an object
        assert (await client.status(told.task_id)).error == "Upstream busy: please try again"
        assert (await status_until(client, blocked.task_id, "failed")).error == SAFETY_REASON


def auth(emulator: EmulatorThread) -> dict[str, str]:
    return {"Authorization": f"Bearer {emulator.api_key}"}
