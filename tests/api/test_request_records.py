"""Every exchange with the service reaches the request log (Help → Request log), whatever its outcome:
the 400 while a finished video is published, a body that is not a video, a key refused, no connection.
Real loopback HTTP to the emulator; the service cut off through a TCP proxy."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.net import TcpProxy
from tests.helpers.tasks import REQUEST, client_for, finish
from veo_desktop.api import errors
from veo_desktop.api.client import RequestRecord, RetryPolicy, VeoClient, make_http_client
from veo_desktop.emulator.server import EmulatorThread


def statuses(seen: list[RequestRecord], path_end: str) -> list[tuple[int | None, str]]:
    return [(r.status, r.note) for r in seen if r.path.endswith(path_end)]


async def test_a_downloads_failed_requests_are_recorded_too(emulator: EmulatorThread, tmp_path: Path) -> None:
    seen: list[RequestRecord] = []
    async with make_http_client() as http:
        client = client_for(emulator, http, on_request=seen.append)
        task = await client.submit(REQUEST, None)
        await finish(client, task.task_id)
        emulator.server.faults.add("not_ready", "content", times=2)
        emulator.server.faults.add("html_content", "content")
        with pytest.raises(errors.NotAVideo):
            await client.download(task.task_id, tmp_path / "clip.mp4")
        result = await client.download(task.task_id, tmp_path / "clip.mp4")
    assert result.path.read_bytes() == emulator.server.content_bytes(task.task_id)
    assert statuses(seen, "/content") == [
        (400, "ContentNotReady"),
        (400, "ContentNotReady"),
        (200, "NotAVideo"),
        (200, ""),
    ]


async def test_a_key_refused_and_no_connection_are_recorded(emulator: EmulatorThread) -> None:
    seen: list[RequestRecord] = []
    async with make_http_client() as http:
        refused = VeoClient(
            http, base_url=emulator.base_url, api_key="sk-not-the-right-key-0000", on_request=seen.append
        )
        assert not await refused.check_key()
        with TcpProxy(emulator) as proxy:
            proxy.cut()
            cut_off = VeoClient(
                http,
                base_url=proxy.base_url,
                api_key=emulator.api_key,
                retry=RetryPolicy(get_attempts=2, backoff_base=0.01, backoff_max=0.01, min_retry_after=0.01),
                on_request=seen.append,
            )
            with pytest.raises(errors.NetworkError):
                await cut_off.status("task_0123456789abcdef")
            assert cut_off.reachability.unreachable is not None
    assert statuses(seen, "/task_veo_desktop_key_check_0000") == [(401, "")]
    assert statuses(seen, "/task_0123456789abcdef") == [(None, "ConnectError"), (None, "ConnectError")]
