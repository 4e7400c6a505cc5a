"""Did the service end a two-frame clip on the end frame it was given? Against the emulator over
loopback, through the task manager: its own two-frame clip is recorded as ending there (history and
provenance file); a server that drops the second image (``ignore_end_frame``) is recorded as not, and the
task's row says so in plain words."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import fast_config
from tests.helpers.frames import END, START
from tests.helpers.tasks import image, manager_for
from veo_desktop.api import rules
from veo_desktop.core.clips.images import prepare_image_bytes
from veo_desktop.core.clips.provenance import sidecar_path
from veo_desktop.core.history.store import HistoryStore, TaskRecord
from veo_desktop.core.tasks.describe import status_text
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread

MODEL = "veo-3.1-landscape-fast-fl"
NOT_ON_THE_END_FRAME = "The service did not end this clip on your end frame"


@pytest.fixture
def drops_the_end_frame() -> Iterator[EmulatorThread]:
    """A service that keeps only the first image: its clips never reach the end frame."""
    thread = EmulatorThread(fast_config(ignore_end_frame=True), FaultPlan(seed=1))
    thread.start()
    try:
        yield thread
    finally:
        thread.stop()


async def two_frame_clip(emulator: EmulatorThread, home: Path) -> TaskRecord:
    start, end = prepare_image_bytes(START, "dawn.png"), prepare_image_bytes(END, "dusk.png")
    request = rules.VideoRequest("dawn to dusk", MODEL, *rules.settings_for(MODEL))
    async with manager_for(emulator, home) as manager:
        record = await manager.submit(request, start, end=end)
        [ended] = await manager.wait([record.id])
    assert ended.state == "completed" and ended.task_id is not None, ended.last_error
    return ended


def stored(home: Path, task_id: str) -> TaskRecord:
    store = HistoryStore(home / "history.sqlite3")
    try:
        found = store.by_task_id(task_id)
    finally:
        store.close()
    assert found is not None
    return found


def end_frame_check(record: TaskRecord) -> object:
    saved = json.loads(sidecar_path(Path(record.output_path)).read_text(encoding="utf-8"))
    return saved.get("end_frame_check", "absent")


async def test_the_emulator_s_own_two_frame_clip_is_recorded_as_ending_on_its_end_frame(
    emulator: EmulatorThread, app_home: Path
) -> None:
    ended = await two_frame_clip(emulator, app_home)
    assert ended.task_id is not None
    kept = stored(app_home, ended.task_id)
    assert kept.end_frame_match is True
    assert kept.end_frame_distance is not None and 0 <= kept.end_frame_distance < 20
    assert end_frame_check(kept) == {"ended_on_end_frame": True, "distance": kept.end_frame_distance}
    assert NOT_ON_THE_END_FRAME not in status_text(kept)


async def test_a_service_that_drops_the_end_frame_is_recorded_and_said_on_the_row(
    drops_the_end_frame: EmulatorThread, app_home: Path
) -> None:
    ended = await two_frame_clip(drops_the_end_frame, app_home)
    assert ended.task_id is not None
    kept = stored(app_home, ended.task_id)
    assert kept.end_frame_match is False
    assert kept.end_frame_distance is not None and kept.end_frame_distance > 50
    assert end_frame_check(kept) == {"ended_on_end_frame": False, "distance": kept.end_frame_distance}
    assert NOT_ON_THE_END_FRAME in status_text(kept)
    assert status_text(kept).startswith("Ready")  # the video is there: it is the clip that is wrong


async def test_a_one_frame_task_is_not_checked(emulator: EmulatorThread, app_home: Path) -> None:
    request = rules.VideoRequest("a harbour", "veo-3.1-fast-generate-preview", "4")
    async with manager_for(emulator, app_home) as manager:
        record = await manager.submit(request, prepare_image_bytes(image().data, "harbour.png"))
        [ended] = await manager.wait([record.id])
    assert ended.state == "completed" and ended.task_id is not None, ended.last_error
    kept = stored(app_home, ended.task_id)
    assert (kept.end_frame_match, kept.end_frame_distance) == (None, None)
    assert end_frame_check(kept) == "absent"
