"""One look for a slot per process per interval (issue "the house, second pass"): submissions waiting for a
slot another process holds do not each take the history's write lock every few seconds; one plain read
every ``recheck`` serves them all, and they claim (each in its own ``BEGIN IMMEDIATE``, counted again
under the lock) only once it finds a slot free. Each is still sent once, one at a time."""

from __future__ import annotations

import itertools
import sqlite3
import time
from pathlib import Path

from tests.conftest import fast_config, image_bytes, until
from tests.helpers.tasks import submissions, two_on_one_history
from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.clips.images import prepare_image_bytes
from veo_desktop.core.history.store import HistoryStore
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread

REQUEST = VideoRequest(prompt="a slow pan", seconds="4")
QUICK = 0.05  # how often the waiting look again (2 s in the app)
WAITING = 6


def count_write_locks(store: HistoryStore) -> list[str]:
    """Every ``BEGIN IMMEDIATE`` (a write lock on the history, seen by every process) the store takes."""
    taken: list[str] = []
    for connection in [v for v in vars(store).values() if isinstance(v, sqlite3.Connection)]:
        connection.set_trace_callback(
            lambda sql: taken.append(sql) if sql.startswith("BEGIN IMMEDIATE") else None
        )
    return taken


async def test_many_waiting_submissions_take_one_look_per_interval_not_one_each(app_home: Path) -> None:
    with EmulatorThread(fast_config(queue_seconds=0.1, render_seconds=1.0), FaultPlan()) as emulator:
        async with two_on_one_history(emulator, app_home, recheck=QUICK) as (window, command):
            images = [
                prepare_image_bytes(image_bytes("PNG", (64 + i, 48)), f"s{i}.png") for i in range(WAITING + 1)
            ]
            first = await window.submit(REQUEST, images[0])
            waiting = [await command.submit(REQUEST, image) for image in images[1:]]
            assert first.state == "queued" and {r.state for r in waiting} == {"waiting"}
            taken = count_write_locks(command.store)
            began = time.monotonic()
            await until(lambda: command.slots.looks >= 10, "ten looks for a free slot")
            intervals = (time.monotonic() - began) / QUICK
            locks_taken = len(taken)
            assert emulator.server.tasks.keys() == {first.task_id}  # nothing sent while the first runs
            assert locks_taken <= 1, f"{locks_taken} write locks in {intervals:.0f} intervals"
            assert command.slots.looks <= intervals + 2  # one look per interval serves all six
            [done] = await window.wait()
            assert done.state == "completed"
            sent = await command.wait()
        assert [r.state for r in sent] == ["completed"] * WAITING
        assert len(submissions(emulator)) == WAITING + 1  # each sent once
        ordered = sorted(emulator.server.tasks.values(), key=lambda t: t.created_mono)
        for before, after in itertools.pairwise(ordered):  # one at a time, as the limit says
            assert before.finished_mono is not None and before.finished_mono <= after.created_mono
