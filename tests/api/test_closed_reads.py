"""A read cut short closes the body's async generator there and then. Left open (a status answer over
1 MiB, a download that is not a video), the garbage collector finalized it later as a task of its own on
whatever loop ran then, and the suite's leftover-task check failed whichever test that was (issue 27)."""

from __future__ import annotations

import asyncio
import gc
import types
from pathlib import Path

import pytest

from tests.conftest import fast_config
from tests.helpers.tasks import client_for, finish
from veo_desktop.api import errors
from veo_desktop.api.client import make_http_client
from veo_desktop.api.rules import VideoRequest
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread

TOO_LARGE = b'{"id": "{task_id}", "pad": "' + b"x" * 3_000_000 + b'"}'  # cut at 1 MiB
NOT_A_VIDEO = b"<html>" + b"x" * 3_000_000  # refused at its first bytes, the rest never read


def suspended_body_readers() -> list[str]:
    """httpx's and httpcore's async generators still suspended mid-body: each one is finalized later by
    the garbage collector, on whatever loop runs then (a closed one raises "Event loop is closed")."""
    found = []
    for thing in gc.get_objects():
        if isinstance(thing, types.AsyncGeneratorType) and thing.ag_frame is not None:
            where = thing.ag_code.co_filename
            if "httpx" in where or "httpcore" in where:
                found.append(f"{thing.ag_code.co_qualname} ({where})")
    return found


@pytest.mark.parametrize("route", ["status", "content"])
async def test_a_read_cut_short_leaves_no_generator_for_the_collector(route: str, tmp_path: Path) -> None:
    faults = FaultPlan()
    with EmulatorThread(fast_config(), faults) as emulator:
        async with make_http_client() as http:
            client = client_for(emulator, http)
            task_id = (await client.submit(VideoRequest("pier", seconds="4"), None)).task_id
            await finish(client, task_id)
            for _ in range(3):
                if route == "status":
                    faults.add("answer", "status", body=TOO_LARGE)
                    with pytest.raises(errors.BadResponse):
                        await client.status(task_id)
                else:
                    faults.add("answer", "content", body=NOT_A_VIDEO, content_type="text/html")
                    with pytest.raises(errors.NotAVideo):
                        await client.download(task_id, tmp_path / "clip.mp4")
            for _ in range(10):  # the loop finishes what closing them asked (httpx's inner readers)
                await asyncio.sleep(0)
            assert suspended_body_readers() == []
