"""The service's own status words (issue 26, part 1): gateways' words read case-insensitively, a
canceled task ended free, a word nobody knows shown as written while polling slows down, and a 400 from
``/content`` after the status says the task ended is final."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path

import pytest

from tests.conftest import FAST_RETRY, fast_config, image_bytes
from tests.core.test_odd_answers import Waits
from tests.helpers.cli import cli_env, run_cli
from tests.helpers.tasks import REQUEST, client_for, image, manager_for
from veo_desktop.api import errors
from veo_desktop.api.client import make_http_client
from veo_desktop.api.rules import VideoRequest
from veo_desktop.api.wire import parse_task
from veo_desktop.core.clips.images import PreparedImage, prepare_image_bytes
from veo_desktop.core.tasks.describe import status_text
from veo_desktop.core.tasks.manager import PollSchedule
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.i18n import shown_text


def photo() -> PreparedImage:
    return prepare_image_bytes(image_bytes("PNG"), "harbour.png")


WORDS = {
    "completed": ["completed", "succeeded", "SUCCESS", "Success"],
    "failed": ["failed", "FAILURE", "error"],
    "canceled": ["canceled", "cancelled", "CANCELLED"],
    "expired": ["expired", "EXPIRED"],
    "queued": ["queued", "QUEUED", "pending", "PENDING", "NOT_START", "SUBMITTED"],
    "in_progress": ["in_progress", "IN_PROGRESS", "processing", "RUNNING"],
}


@pytest.mark.parametrize(
    ("word", "status"), [(word, status) for status, words in WORDS.items() for word in words]
)
def test_every_documented_and_gateway_word_is_read(word: str, status: str) -> None:
    found = parse_task(b'{"id": "task_a1", "status": "' + word.encode() + b'"}')
    assert found.status == status and found.word == word


def test_a_word_nobody_knows_is_kept_as_written_not_refused() -> None:
    found = parse_task(b'{"id": "task_a1", "status": "Rendering_On_Mars"}')
    assert (found.status, found.said, found.finished) == ("unrecognized", "Rendering_On_Mars", False)


async def test_a_gateway_that_says_success_gets_the_video_saved(app_home: Path) -> None:
    """Before: "an unknown task status 'SUCCESS'" on every poll, and the video never saved."""
    words = {"queued": "NOT_START", "in_progress": "IN_PROGRESS", "completed": "SUCCESS"}
    with EmulatorThread(fast_config(status_words=words), FaultPlan()) as emulator:
        async with manager_for(emulator, app_home) as manager:
            record = await manager.submit(REQUEST, photo())
            [done] = await asyncio.wait_for(manager.wait([record.id]), 30)
        assert done.state == "completed", done.last_error
        assert done.task_id is not None
        assert Path(done.output_path).read_bytes() == emulator.server.content_bytes(done.task_id)


async def test_a_canceled_task_ends_within_two_polls_free(app_home: Path) -> None:
    """Before: polled forever (every "cancelled" answer an unknown status)."""
    with EmulatorThread(fast_config(status_words={"canceled": "cancelled"}), FaultPlan()) as emulator:
        async with manager_for(emulator, app_home) as manager:
            spent = await manager.history.spend()
            record = await manager.submit(VideoRequest("pier #cancel", seconds="4"), photo())
            [done] = await asyncio.wait_for(manager.wait([record.id]), 30)
            assert await manager.history.spend() == spent
        [task] = emulator.server.tasks.values()
        canceled_from = task.created_mono + task.queue_seconds
        polls = [r for r in emulator.server.received if r.route == "status" and r.at >= canceled_from]
    assert done.state == "canceled" and done.cost_cents is None
    assert len(polls) <= 2
    assert "canceled" in status_text(done).lower() and "not charged" in status_text(done)


async def test_a_word_nobody_knows_is_shown_polls_slow_down_and_resume_continues(app_home: Path) -> None:
    config = fast_config(status_words={"queued": "RENDERING_ON_MARS"})
    with EmulatorThread(config, FaultPlan()) as emulator:
        waits = Waits()
        schedule = PollSchedule()
        async with manager_for(emulator, app_home, schedule=schedule, sleep=waits) as manager:
            record = await manager.submit(VideoRequest("pier #hold", seconds="4"), photo())
            async with asyncio.timeout(30):
                while len(waits.asked) < 10:
                    await asyncio.sleep(0.01)
            seen = manager.get(record.id)
        assert seen is not None and seen.task_id is not None
        assert seen.state == "queued"  # not failed, not dropped: the id is kept
        assert "RENDERING_ON_MARS" in shown_text(seen.last_error)
        assert "RENDERING_ON_MARS" in status_text(seen)
        backing_off = waits.asked[1:10]
        assert all(schedule.floor <= w <= schedule.wait_max for w in backing_off)
        assert all(b >= a for a, b in itertools.pairwise(backing_off))
        assert backing_off[-1] >= 8 * backing_off[0] and max(backing_off) <= schedule.unrecognized_max
        # The CLI shows the word as the service wrote it.
        env = cli_env(app_home, emulator)
        said = await asyncio.to_thread(run_cli, "status", seen.task_id, env=env)
        assert said.returncode == 0 and "RENDERING_ON_MARS" in said.stdout, said
        # The service finds its words again: resume follows the same task to its video.
        emulator.server.config.status_words = {}
        emulator.server.tasks[seen.task_id].queue_seconds = 0.0
        async with manager_for(emulator, app_home) as manager:
            await manager.resume()
            [done] = await asyncio.wait_for(manager.wait([record.id]), 30)
        assert done.state == "completed" and done.last_error == ""
        assert Path(done.output_path).read_bytes() == emulator.server.content_bytes(seen.task_id)


async def test_a_400_from_content_after_canceled_ends_the_download(tmp_path: Path) -> None:
    """Before: retried as "not ready yet" until the not-ready delays ran out."""
    with EmulatorThread(fast_config(), FaultPlan()) as emulator:
        async with make_http_client() as http:
            client = client_for(emulator, http, retry=FAST_RETRY)
            sent = await client.submit(VideoRequest("pier #cancel", seconds="4"), image())
            async with asyncio.timeout(10):
                while not (await client.status(sent.task_id)).finished:
                    await asyncio.sleep(0.05)
            with pytest.raises(errors.TaskEnded, match="canceled"):
                await client.download(sent.task_id, tmp_path / "v.mp4")
        contents = [r for r in emulator.server.received if r.route == "content"]
    assert len(contents) == 1 and not (tmp_path / "v.mp4").exists()
