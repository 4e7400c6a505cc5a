"""A client or a task manager wired to the emulator over loopback, as the tests use them."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import httpx

from tests.conftest import FAST_RETRY, image_bytes
from veo_desktop.api.client import RetryPolicy, VeoClient, make_http_client
from veo_desktop.api.rules import VideoRequest
from veo_desktop.api.wire import ReferenceImage
from veo_desktop.core.clips.images import prepare_image_bytes
from veo_desktop.core.history.locks import TaskLocks
from veo_desktop.core.history.store import HistoryStore
from veo_desktop.core.tasks.manager import PollSchedule, TaskManager
from veo_desktop.emulator.routes import Received
from veo_desktop.emulator.server import EmulatorThread

FAST_POLLS = PollSchedule(fixed=0.05)


@contextlib.asynccontextmanager
async def manager_for(
    emulator: EmulatorThread,
    home: Path,
    *,
    key: str | None = None,
    retry: RetryPolicy = FAST_RETRY,
    **options: object,
) -> AsyncIterator[TaskManager]:
    store = HistoryStore(home / "history.sqlite3")
    async with make_http_client() as http:
        client = VeoClient(http, base_url=emulator.base_url, api_key=key or emulator.api_key, retry=retry)
        settings: dict[str, object] = {
            "output_dir": home / "videos",
            "references_dir": home / "references",
            "schedule": FAST_POLLS,
        }
        settings.update(options)
        manager = TaskManager(client, store, **settings)  # type: ignore[arg-type]
        try:
            yield manager
        finally:
            await manager.aclose()
            store.close()


REQUEST = VideoRequest("slow push in over the harbour", seconds="4", seed=7, negative_prompt="blurry")


def image() -> ReferenceImage:
    return prepare_image_bytes(image_bytes("PNG"), "harbour.png").reference


def client_for(emulator: EmulatorThread, http: httpx.AsyncClient, **options: object) -> VeoClient:
    retry = options.pop("retry", FAST_RETRY)
    return VeoClient(http, base_url=emulator.base_url, api_key=emulator.api_key, retry=retry, **options)  # type: ignore[arg-type]


async def submit_and_finish(client: VeoClient) -> str:
    status = await client.submit(REQUEST, image())
    await finish(client, status.task_id)
    return status.task_id


async def finish(client: VeoClient, task_id: str) -> None:
    while not (await client.status(task_id)).finished:
        await asyncio.sleep(0.05)


def submissions(emulator: EmulatorThread) -> list[Received]:
    """The submissions (POST /videos) the emulator received, in order."""
    return [r for r in emulator.server.received if r.route == "submit"]


@contextlib.asynccontextmanager
async def two_on_one_history(
    emulator: EmulatorThread, home: Path, *, recheck: float
) -> AsyncIterator[tuple[TaskManager, TaskManager]]:
    """The window's manager and a command's, on one history with one running task at a time between
    them (as two processes are); the command's waiting submissions look for a slot every ``recheck``
    seconds."""
    async with (
        manager_for(emulator, home, max_running=1, locks=TaskLocks(home / "locks")) as window,
        manager_for(emulator, home, max_running=1, locks=TaskLocks(home / "locks")) as command,
    ):
        command.slots.recheck = recheck
        yield window, command
