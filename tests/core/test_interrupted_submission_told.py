"""A submission interrupted while its request is out (the window closed, Ctrl+C, a storyboard stopped)
is written down as "unknown" (the service may have the task, so it is never sent again) and everyone
listening is told so: the task list shows it, and a storyboard's progress file records what the history
holds. Before, the write was made without a word, and listeners kept the task as "submitting"."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from tests.conftest import until
from tests.helpers.tasks import manager_for
from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.tasks.events import TaskEvent
from veo_desktop.emulator.server import EmulatorThread


async def test_a_submission_interrupted_mid_request_is_told_as_unknown(
    emulator: EmulatorThread, app_home: Path
) -> None:
    emulator.server.faults.add("slow", "submit", slow_seconds=30)  # the answer never comes in time
    async with manager_for(emulator, app_home) as manager:
        told: list[TaskEvent] = []
        manager.subscribe(told.append)
        sending = asyncio.ensure_future(manager.submit(VideoRequest("interrupted", seconds="4"), None))
        await until(lambda: emulator.server.faults.injected.get("slow") == 1, "the request at the service")
        sending.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sending
        [record] = await manager.history.page(10)
        assert record.state == "unknown"
        last = [e.record for e in told if e.record.id == record.id][-1]
        assert last.state == "unknown" and last == record


async def test_a_shot_interrupted_mid_request_is_kept_as_the_history_has_it(
    emulator: EmulatorThread, app_home: Path, tmp_path: Path
) -> None:
    from tests.cli.test_story import storyboard
    from veo_desktop.core.storyboard import document, progress
    from veo_desktop.core.storyboard.filming import Filming

    story = document.load(storyboard(tmp_path, shots=[{"prompt": "the door opens"}]))
    emulator.server.faults.add("slow", "submit", slow_seconds=30)
    async with manager_for(emulator, app_home) as manager:
        kept = progress.load(story)
        filming = asyncio.ensure_future(Filming(manager, story, kept, lambda _text: None).run())
        await until(lambda: emulator.server.faults.injected.get("slow") == 1, "shot 1 at the service")
        filming.cancel()  # stopped while shot 1's request is out
        with contextlib.suppress(asyncio.CancelledError):
            await filming
        [record] = await manager.history.page(10)
    entry = progress.load(story).shots[1]
    assert record.state == "unknown" and (entry.local_id, entry.state) == (record.id, "unknown")
