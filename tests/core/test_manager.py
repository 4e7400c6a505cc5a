"""The task manager against the emulator: many tasks with faults, retry, import, stop tracking, files."""

from __future__ import annotations

import asyncio
import collections
import io
import json
import random
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import FAST_RETRY, fast_config, image_bytes, until
from tests.helpers.tasks import manager_for
from veo_desktop.api import errors
from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.clips.images import prepare_image_bytes
from veo_desktop.core.clips.provenance import read_sidecar
from veo_desktop.core.tasks.manager import PollSchedule, TaskEvent
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread


def picture(seed: int) -> bytes:
    return image_bytes("PNG", (64 + seed % 50, 48))


async def test_a_hundred_tasks_with_faults_all_complete(app_home: Path) -> None:
    rates = {
        # A 5xx on a submission is "outcome unknown", never resent (tests/api/test_submit_retries.py).
        "500@status": 0.04,
        "500@content": 0.04,
        "html502@status": 0.04,
        "html502@content": 0.04,
        "429": 0.04,
        "slow@status": 0.01,
        "reset@status": 0.04,
        "reset@content": 0.04,
        "truncate": 0.15,
        "not_ready": 0.15,
    }
    faults = FaultPlan(seed=20261125, rates=rates, slow_seconds=0.3)
    with EmulatorThread(fast_config(), faults) as emulator:
        # A submission refused by a 429 is retried; six in a row would fail it for real.
        patient = replace(FAST_RETRY, post_attempts=6)
        async with manager_for(
            emulator, app_home, retry=patient, max_downloads=4, max_running=100
        ) as manager:
            images = [prepare_image_bytes(picture(i), f"shot-{i}.png") for i in range(100)]
            records = await asyncio.gather(
                *(manager.submit(VideoRequest(f"scene {i}", seconds="4"), images[i]) for i in range(100))
            )
            ended = await manager.wait([r.id for r in records])
        assert collections.Counter(r.state for r in ended) == {"completed": 100}
        for record in ended:
            assert record.task_id is not None
            assert Path(record.output_path).read_bytes() == emulator.server.content_bytes(record.task_id)
        assert len(emulator.server.submissions) == 100
        assert not list((app_home / "videos").glob("*.part"))
        routes = collections.Counter(r.route for r in emulator.server.received)
        print(f"\nrequests by route: {dict(routes)}; faults: {faults.injected}; polls: {manager.poll_count}")
        assert sum(faults.injected.values()) >= 50


async def test_a_failed_task_keeps_the_reason_and_retry_resubmits_the_same_inputs(
    emulator: EmulatorThread, app_home: Path
) -> None:
    image = prepare_image_bytes(image_bytes("JPEG"), "pier.jpg")
    async with manager_for(emulator, app_home) as manager:
        first = await manager.submit(VideoRequest("pier #fail", seconds="6", seed=11), image)
        [failed] = await manager.wait([first.id])
        assert failed.state == "failed" and "content safety" in failed.last_error
        assert failed.cost_cents is None
        again = await manager.retry(failed.id)
        [ended] = await manager.wait([again.id])
    assert ended.id != failed.id and ended.state == "failed"  # same prompt, same outcome
    first_sent, second_sent = (r.submission for r in emulator.server.submissions)
    assert first_sent is not None and second_sent is not None
    assert (
        first_sent.fields == second_sent.fields
        and first_sent.image == second_sent.image == image.reference.data
    )


async def test_events_follow_the_task_through_each_state(emulator: EmulatorThread, app_home: Path) -> None:
    seen: list[str] = []
    async with manager_for(emulator, app_home) as manager:
        manager.subscribe(lambda e: seen.append(e.record.state) if e.kind != "download" else None)
        record = await manager.submit(VideoRequest("x", seconds="4"), None)
        [ended] = await manager.wait([record.id])
    compact = [s for i, s in enumerate(seen) if i == 0 or seen[i - 1] != s]
    assert compact[0] == "submitting" and compact[-1] == "completed"
    assert "downloading" in compact
    assert ended.cost_cents == 30 and ended.completed_at and ended.saved_at


async def test_stop_tracking_stops_polling_but_keeps_the_task_id(
    emulator: EmulatorThread, app_home: Path
) -> None:
    """The service has no cancel: a task it took is still billed if it completes, so its id is never
    forgotten. Stopping only stops the polling; "follow again" picks the task up; a second stop
    (now that nobody follows it) removes the row."""
    emulator.server.config.queue_seconds = 30
    async with manager_for(emulator, app_home) as manager:
        record = await manager.submit(VideoRequest("x", seconds="4"), None)
        await until(lambda: any(r.route == "status" for r in emulator.server.received), "polling")
        await manager.stop_tracking(record.id)
        polls = len([r for r in emulator.server.received if r.route == "status"])
        paused = manager.store.get(record.id)
        assert paused is not None and paused.state == "paused" and paused.task_id == record.task_id
        assert "You stopped waiting for this task" in paused.last_error and manager.following == []
        assert await manager.resume() == []  # not picked up behind the user's back
        assert len([r for r in emulator.server.received if r.route == "status"]) == polls
        emulator.server.config.queue_seconds = 0
        assert record.task_id is not None
        again = await manager.import_task(record.task_id)  # what `veo-desktop import` does
        assert again.id == record.id
        [ended] = await manager.wait([record.id])
        assert ended.state == "completed"
        await manager.stop_tracking(record.id)
        assert manager.store.get(record.id) is None


async def test_import_an_existing_task(emulator: EmulatorThread, app_home: Path, tmp_path: Path) -> None:
    async with manager_for(emulator, tmp_path / "elsewhere") as other:
        made = await other.submit(VideoRequest("made elsewhere", seconds="4"), None)
    assert made.task_id is not None
    async with manager_for(emulator, app_home) as manager:
        imported = await manager.import_task(made.task_id)
        assert (await manager.import_task(made.task_id)).id == imported.id  # not twice
        [ended] = await manager.wait([imported.id])
        with pytest.raises(errors.TaskNotFound):
            await manager.import_task("task_unknown")
        with pytest.raises(ValueError, match="is not a task id"):
            await manager.import_task("../../x")
        assert len(manager.store.records()) == 1
    assert ended.state == "completed" and ended.imported
    assert Path(ended.output_path).read_bytes() == emulator.server.content_bytes(made.task_id)


async def test_a_folder_gone_after_sending_fails_the_download_which_stays_possible(
    emulator: EmulatorThread, app_home: Path, tmp_path: Path
) -> None:
    """(A folder unusable *before* sending is refused: tests/cli/test_output_folder.py.)"""
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    emulator.server.config.queue_seconds = 30
    async with manager_for(emulator, app_home, output_dir=blocked, create_output_dir=False) as manager:
        record = await manager.submit(VideoRequest("x", seconds="4"), None)
        blocked.rmdir()
        blocked.write_text("a file where the folder was")
        emulator.server.config.queue_seconds = 0  # tasks made from now on; this one is still queued
        assert record.task_id is not None
        emulator.server.tasks[record.task_id].queue_seconds = 0
        [ended] = await manager.wait([record.id])
    assert ended.state == "download_failed"
    assert "Could not save the video" in ended.last_error and "downloaded again later" in ended.last_error
    blocked.unlink()
    blocked.mkdir()
    async with manager_for(emulator, app_home) as manager:
        resumed = await manager.resume()
        assert [r.id for r in resumed] == [record.id]
        [done] = await manager.wait([record.id])
    assert done.state == "completed" and Path(done.output_path).parent == blocked
    assert len(emulator.server.submissions) == 1


async def test_a_revoked_key_pauses_following_without_losing_the_task(
    emulator: EmulatorThread, app_home: Path
) -> None:
    emulator.server.config.queue_seconds = 0.5
    old_key = emulator.api_key
    async with manager_for(emulator, app_home) as manager:
        record = await manager.submit(VideoRequest("x", seconds="4"), None)
    emulator.server.config.api_key = "sk-rotated-key-0000"
    async with manager_for(emulator, app_home, key=old_key) as manager:
        await manager.resume()
        [paused] = await manager.wait([record.id])
    assert paused.active and "refused the API key" in paused.last_error
    async with manager_for(emulator, app_home, key="sk-rotated-key-0000") as manager:
        await manager.resume()
        [done] = await manager.wait([record.id])
    assert done.state == "completed"


async def test_demo_tasks_do_not_resume_against_a_real_service(
    emulator: EmulatorThread, app_home: Path
) -> None:
    emulator.server.config.queue_seconds = 30
    async with manager_for(emulator, app_home, demo=True) as manager:
        record = await manager.submit(VideoRequest("x", seconds="4"), None)
    async with manager_for(emulator, app_home) as manager:
        assert await manager.resume() == []
        ended = manager.store.get(record.id)
    assert ended is not None and ended.state == "failed" and "demo ended" in ended.last_error


def test_the_poll_schedule_backs_off_while_queued_with_jitter() -> None:
    random.seed(3)
    schedule = PollSchedule()
    queued = [schedule.delay("queued", n) for n in range(10)]
    assert 4.0 <= queued[0] <= 6.0 and all(d <= 36 for d in queued)
    assert sum(queued[5:]) > sum(queued[:5])
    running = [schedule.delay("in_progress", n) for n in range(50)]
    assert all(6.4 <= d <= 9.6 for d in running) and len(set(running)) > 40  # not in lockstep
    assert 1.6 <= schedule.first_delay() <= 2.4
    assert PollSchedule(fixed=0.5).delay("queued", 7) == 0.5


async def test_a_listener_that_fails_does_not_stop_the_task(emulator: EmulatorThread, app_home: Path) -> None:
    def broken(event: TaskEvent) -> None:
        raise RuntimeError("listener bug")

    async with manager_for(emulator, app_home) as manager:
        manager.subscribe(broken)
        record = await manager.submit(VideoRequest("x", seconds="4"), None)
        [ended] = await manager.wait([record.id])
    assert ended.state == "completed"


async def test_an_oversized_reference_is_sent_scaled_to_the_resolution(
    emulator: EmulatorThread, app_home: Path
) -> None:
    image = prepare_image_bytes(image_bytes("JPEG", (4000, 3000)), "wide.jpg")
    async with manager_for(emulator, app_home) as manager:
        record = await manager.submit(VideoRequest("scaled #fail", seconds="4", resolution="720p"), image)
        [ended] = await manager.wait([record.id])
        again = await manager.retry(ended.id)
        await manager.wait([again.id])
    first, second = (r.submission for r in emulator.server.submissions)
    assert first is not None and second is not None and first.image == second.image  # retry: same bytes
    assert first.image is not None
    with Image.open(io.BytesIO(first.image)) as sent:
        assert sent.size == (1280, 960)
    assert ended.image_sha256 == image.sha256  # the history keeps the source file's identity


async def test_every_saved_video_has_its_provenance_beside_it(
    emulator: EmulatorThread, app_home: Path
) -> None:
    image = prepare_image_bytes(image_bytes("JPEG"), "pier at dusk.jpg")
    request = VideoRequest("pier, slow dolly", negative_prompt="people", seconds="6", seed=77)
    async with manager_for(emulator, app_home) as manager:
        record = await manager.submit(request, image)
        [ended] = await manager.wait([record.id])
    video = Path(ended.output_path)
    sidecar = video.with_suffix(".json")
    saved = json.loads(sidecar.read_text(encoding="utf-8"))
    assert saved["prompt"] == "pier, slow dolly" and saved["negative_prompt"] == "people"
    assert (saved["seconds"], saved["resolution"], saved["aspect_ratio"], saved["seed"]) == (
        "6",
        "720p",
        "16:9",
        77,
    )
    assert saved["task_id"] == ended.task_id and saved["model"] == request.model
    assert saved["reference_image"] == {"name": "pier at dusk.jpg", "sha256": image.sha256}
    assert saved["cost"] == {"cents": 30, "text": "$0.30"} and saved["times"]["completed"].endswith("+00:00")
    assert emulator.api_key not in sidecar.read_text()
    reused = read_sidecar(sidecar)
    assert reused.request == replace(request, seed=None) and reused.seed == 77
    assert reused.image_name == "pier at dusk.jpg"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG not json", "unreadable JSON"),
        (b'{"prompt": "x"}', "not a Veo Desktop settings file"),
        (b'{"format": "veo-desktop/provenance-1", "prompt": 5}', "missing or odd values"),
    ],
)
def test_a_bad_settings_file_is_refused_with_a_reason(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "clip.json"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message):
        read_sidecar(path)


async def test_a_users_own_json_beside_the_chosen_file_is_never_overwritten(
    emulator: EmulatorThread, app_home: Path, tmp_path: Path
) -> None:
    mine = tmp_path / "clip.json"
    mine.write_text('{"my": "notes"}')
    async with manager_for(emulator, app_home) as manager:
        record = await manager.submit(
            VideoRequest("text only", seconds="4"), None, output=tmp_path / "clip.mp4"
        )
        [ended] = await manager.wait([record.id])
    assert ended.state == "completed" and Path(ended.output_path) == tmp_path / "clip.mp4"
    assert mine.read_text() == '{"my": "notes"}'
