"""The event loop (the window's thread) never waits for the history's thread while a task lives: sent,
followed, its video saved, or its following stopped by a failure; every read and write is awaited."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import image_bytes
from tests.helpers.history_waits import watch_waits
from tests.helpers.tasks import REQUEST, manager_for
from veo_desktop.core.clips.images import prepare_image_bytes
from veo_desktop.emulator.server import EmulatorThread


async def test_a_task_followed_to_its_video_never_makes_the_loop_wait(
    emulator: EmulatorThread, app_home: Path
) -> None:
    async with manager_for(emulator, app_home) as manager:
        waited = watch_waits(manager.store)
        record = await manager.submit(REQUEST, prepare_image_bytes(image_bytes("PNG"), "harbour.png"))
        [done] = await manager.wait([record.id])
        assert done.state == "completed" and done.output_path and done.task_id
        assert Path(done.output_path).read_bytes() == emulator.server.content_bytes(done.task_id)
    assert waited == []


async def test_a_follow_that_fails_says_so_on_its_row_without_the_loop_waiting(
    emulator: EmulatorThread, app_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with manager_for(emulator, app_home) as manager:

        async def broken(local_id: int) -> None:
            raise RuntimeError("the disk caught fire")

        monkeypatch.setattr(manager.saver, "download", broken)
        waited = watch_waits(manager.store)
        record = await manager.submit(REQUEST, prepare_image_bytes(image_bytes("PNG"), "harbour.png"))
        [ended] = await manager.wait([record.id])  # its reason written before it is read
        assert "Stopped following this task: the disk caught fire" in str(ended.last_error)
        row = await manager.history.get(record.id)
        assert row is not None and "the disk caught fire" in str(row.last_error)
    assert waited == []
