"""The API client against the emulator over real loopback HTTP: wire format, each quirk, each fault."""

from __future__ import annotations

import importlib.abc
import socket
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import FAST_RETRY, image_bytes, until
from tests.helpers.tasks import REQUEST, client_for, image, submit_and_finish
from veo_desktop.api import errors
from veo_desktop.api.client import RequestRecord, RetryPolicy, VeoClient, make_http_client
from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.clips.images import prepare_image_bytes
from veo_desktop.emulator.server import EmulatorConfig, EmulatorThread

# ----- the wire format ---------------------------------------------------------------------------


async def test_image_to_video_is_multipart_with_string_seconds(emulator: EmulatorThread) -> None:
    async with make_http_client() as http:
        status = await client_for(emulator, http).submit(REQUEST, image())
    assert status.status == "queued" and status.progress == 0
    received = emulator.server.submissions[0]
    assert received.headers["content-type"].startswith("multipart/form-data")
    assert received.headers["authorization"] == f"Bearer {emulator.api_key}"
    submission = received.submission
    assert submission is not None
    assert submission.fields == {
        "model": "veo-3.1-fast-generate-preview",
        "prompt": "slow push in over the harbour",
        "seconds": "4",
        "size": "1280x720",
        "resolution": "720p",
        "aspectRatio": "16:9",
        "seed": "7",
        "negativePrompt": "blurry",
    }
    assert submission.image_type == "image/png" and submission.reference_parts == 1


async def test_reference_is_typed_by_content_not_extension(emulator: EmulatorThread, tmp_path: Path) -> None:
    mislabelled = prepare_image_bytes(image_bytes("PNG"), "holiday.jpg")
    async with make_http_client() as http:
        await client_for(emulator, http).submit(REQUEST, mislabelled.reference)
    submission = emulator.server.submissions[0].submission
    assert submission is not None and submission.image_type == "image/png"


async def test_text_to_video_is_json_with_metadata(emulator: EmulatorThread) -> None:
    request = VideoRequest("a lighthouse at dusk", resolution="1080p", aspect_ratio="9:16", seed=3)
    async with make_http_client() as http:
        await client_for(emulator, http).submit(request, None)
    submission = emulator.server.submissions[0].submission
    assert submission is not None
    assert submission.fields == {
        "model": "veo-3.1-fast-generate-preview",
        "prompt": "a lighthouse at dusk",
        "seconds": "8",
        "size": "1080x1920",
        "metadata": {"resolution": "1080p", "aspectRatio": "9:16", "seed": 3},
    }
    assert "duration" not in str(submission.fields) and "generateAudio" not in str(submission.fields)


async def test_invalid_request_is_refused_before_sending(emulator: EmulatorThread) -> None:
    async with make_http_client() as http:
        with pytest.raises(errors.InvalidRequest, match="4k videos need 8 seconds, not 4"):
            await client_for(emulator, http).submit(VideoRequest("x", seconds="4", resolution="4k"), image())
    assert emulator.server.received == []


# ----- the service's answers ---------------------------------------------------------------------


async def test_bad_key_is_an_auth_error(emulator: EmulatorThread) -> None:
    async with make_http_client() as http:
        client = VeoClient(http, base_url=emulator.base_url, api_key="sk-not-the-right-key", retry=FAST_RETRY)
        with pytest.raises(errors.AuthError, match="refused the API key"):
            await client.status("task_abc")
        assert await client.check_key() is False
        assert await client_for(emulator, http).check_key() is True


async def test_unknown_task_is_not_found(emulator: EmulatorThread) -> None:
    async with make_http_client() as http:
        with pytest.raises(errors.TaskNotFound, match="task_missing"):
            await client_for(emulator, http).status("task_missing")


async def test_429_waits_for_retry_after(emulator: EmulatorThread) -> None:
    emulator.server.faults.add("429", "status", retry_after=1)
    async with make_http_client() as http:
        client = client_for(emulator, http)
        task_id = (await client.submit(REQUEST, image())).task_id
        started = time.monotonic()
        await client.status(task_id)
        assert time.monotonic() - started >= 1.0
    statuses = [r.status for r in emulator.server.received if r.route == "status"]
    assert statuses == [429, 200]


async def test_insufficient_balance_says_so_in_the_services_words(emulator: EmulatorThread) -> None:
    emulator.server.faults.add("balance", "submit", times=5)
    async with make_http_client() as http:
        with pytest.raises(errors.RateLimited) as caught:
            await client_for(emulator, http).submit(REQUEST, image())
    assert caught.value.insufficient_balance
    assert "Insufficient account balance, please top up" in str(caught.value)
    assert emulator.server.submissions == []


@pytest.mark.parametrize("kind", ["500", "html502", "reset", "slow"])
async def test_status_retries_transient_faults(emulator: EmulatorThread, kind: str) -> None:
    emulator.server.faults.add(kind, "status", times=2, slow_seconds=1.5)  # type: ignore[arg-type]
    async with make_http_client(timeout=httpx.Timeout(5, read=0.5)) as http:
        client = client_for(emulator, http)
        task_id = (await client.submit(REQUEST, image())).task_id
        status = await client.status(task_id)
    assert status.task_id == task_id
    assert [r.fault for r in emulator.server.received if r.route == "status"] == [kind, kind, ""]


async def test_html_error_page_becomes_a_readable_error(emulator: EmulatorThread) -> None:
    emulator.server.faults.add("html502", "status", times=10)
    async with make_http_client() as http:
        retry = RetryPolicy(get_attempts=2, backoff_base=0.01, min_retry_after=0.01)
        client = client_for(emulator, http, retry=retry)
        with pytest.raises(errors.ServiceUnavailable) as caught:
            await client.status("task_abc")
    assert str(caught.value) == (
        "The service is having trouble (HTTP 502): 502 Bad Gateway. Try again in a few minutes."
    )


# Any 5xx to a submission is "outcome unknown", never resent: tests/api/test_submit_retries.py.
async def test_submission_is_retried_only_when_the_service_did_not_take_it(emulator: EmulatorThread) -> None:
    emulator.server.faults.add("429", "submit", retry_after=0.1)
    async with make_http_client() as http:
        status = await client_for(emulator, http).submit(REQUEST, image())
    assert [s.submission is not None for s in emulator.server.received if s.route == "submit"] == [
        False,
        True,
    ]
    assert len(emulator.server.submissions) == 1
    assert status.task_id in emulator.server.tasks


@pytest.mark.parametrize("kind", ["reset", "reset_after_accept", "slow"])
async def test_a_lost_answer_to_a_submission_is_never_resent(emulator: EmulatorThread, kind: str) -> None:
    emulator.server.faults.add(kind, "submit", slow_seconds=1.5)  # type: ignore[arg-type]
    async with make_http_client(timeout=httpx.Timeout(5, read=0.5)) as http:
        with pytest.raises(errors.OutcomeUnknown, match="never billed twice"):
            await client_for(emulator, http).submit(REQUEST, image())
    if kind == "slow":  # the answer the client stopped waiting for lands: the task is made then
        await until(lambda: len(emulator.server.tasks) == 1, "the slow answer landing server-side")
    assert len([r for r in emulator.server.received if r.route == "submit"]) == 1


async def test_a_connection_that_never_opened_is_retried_then_reported() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    records: list[RequestRecord] = []
    async with make_http_client() as http:
        client = VeoClient(
            http,
            base_url=f"http://127.0.0.1:{port}/v1",
            api_key="sk-whatever-1234",
            retry=FAST_RETRY,
            on_request=records.append,
        )
        with pytest.raises(errors.NetworkError, match="Could not reach the service"):
            await client.submit(REQUEST, image())
    assert [r.note for r in records] == ["ConnectError"] * FAST_RETRY.post_attempts


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>oops</html>", "not JSON"),
        (b"[1, 2]", "not an object"),
        (b'{"status": "queued"}', "no task id"),
        (b'{"task_id": "task_ok", "status": 7}', "without a task status"),
        (b'{"task_id": "task_ok"}', "without a task status"),
        (b'{"task_id": "../../etc/passwd", "status": "queued"}', "task id this app will not use"),
        (b'{"task_id": "' + b"a" * 500 + b'", "status": "queued"}', "task id this app will not use"),
    ],
)
def test_hostile_answers_are_bad_responses(body: bytes, message: str) -> None:
    from veo_desktop.api.wire import parse_task

    with pytest.raises(errors.BadResponse, match=message):
        parse_task(body)


def test_plain_http_to_another_host_is_refused() -> None:
    http = httpx.AsyncClient()
    with pytest.raises(errors.InsecureConnection, match="plain http://"):
        VeoClient(http, base_url="http://api.example.com/v1", api_key="sk-whatever-1234")
    VeoClient(http, base_url="http://[::1]:9/v1", api_key="sk-whatever-1234")  # loopback is fine


# ----- downloads ---------------------------------------------------------------------------------


async def test_download_waits_out_the_400_after_completion(emulator: EmulatorThread, tmp_path: Path) -> None:
    emulator.server.config.content_not_ready_seconds = 0.5
    async with make_http_client() as http:
        client = client_for(emulator, http)
        task_id = await submit_and_finish(client)
        result = await client.download(task_id, tmp_path / "v.mp4")
    assert (tmp_path / "v.mp4").read_bytes() == emulator.server.content_bytes(task_id)
    assert result.size == len(emulator.server.content_bytes(task_id))
    statuses = [r.status for r in emulator.server.received if r.route == "content"]
    assert statuses[0] == 400 and statuses[-1] == 200
    assert list(tmp_path.iterdir()) == [tmp_path / "v.mp4"]


async def test_the_400_after_completion_is_tried_again_after_about_a_second(
    emulator: EmulatorThread, tmp_path: Path
) -> None:
    """The provider's page says to wait 4 s; the CDN is most often ready a second later, and each second
    waited is a second before the video is there (docs/PERFORMANCE.md, completion to disk)."""
    emulator.server.faults.add("not_ready", "content")
    async with make_http_client() as http:
        client = client_for(emulator, http, retry=RetryPolicy())
        task_id = await submit_and_finish(client)
        await client.download(task_id, tmp_path / "v.mp4")
    refused, fetched = (r for r in emulator.server.received if r.route == "content")
    assert (refused.status, fetched.status) == (400, 200)
    assert 0.9 <= fetched.at - refused.at < 1.5


async def test_not_ready_forever_gives_up_and_saves_nothing(emulator: EmulatorThread, tmp_path: Path) -> None:
    emulator.server.faults.add("not_ready", "content", times=100)
    async with make_http_client() as http:
        client = client_for(emulator, http, retry=RetryPolicy(content_not_ready_delays=(0.05, 0.05)))
        task_id = await submit_and_finish(client)
        with pytest.raises(errors.ContentNotReady):
            await client.download(task_id, tmp_path / "v.mp4")
    assert list(tmp_path.iterdir()) == []
    assert len([r for r in emulator.server.received if r.route == "content"]) == 3


async def test_a_dropped_download_resumes_with_range(emulator: EmulatorThread, tmp_path: Path) -> None:
    emulator.server.faults.add("truncate", "content")
    async with make_http_client() as http:
        client = client_for(emulator, http)
        task_id = await submit_and_finish(client)
        result = await client.download(task_id, tmp_path / "v.mp4")
    whole = emulator.server.content_bytes(task_id)
    assert (tmp_path / "v.mp4").read_bytes() == whole
    content = [r for r in emulator.server.received if r.route == "content"]
    assert "range" not in content[0].headers
    assert content[1].headers["range"] == f"bytes={len(whole) // 2}-"
    assert result.resumed_from == [len(whole) // 2]


async def test_without_ranges_a_dropped_download_starts_over(
    emulator: EmulatorThread, tmp_path: Path
) -> None:
    emulator.server.config.accept_ranges = False
    emulator.server.faults.add("truncate", "content")
    async with make_http_client() as http:
        client = client_for(emulator, http)
        task_id = await submit_and_finish(client)
        await client.download(task_id, tmp_path / "v.mp4")
    assert (tmp_path / "v.mp4").read_bytes() == emulator.server.content_bytes(task_id)
    assert all("range" not in r.headers for r in emulator.server.received if r.route == "content")


async def test_an_error_page_is_never_saved_as_a_video(emulator: EmulatorThread, tmp_path: Path) -> None:
    emulator.server.faults.add("html_content", "content")
    async with make_http_client() as http:
        client = client_for(emulator, http)
        task_id = await submit_and_finish(client)
        with pytest.raises(errors.NotAVideo, match="text/html: Video unavailable"):
            await client.download(task_id, tmp_path / "v.mp4")
    assert list(tmp_path.iterdir()) == []


async def test_redirect_to_another_host_does_not_carry_the_key(
    emulator: EmulatorThread, tmp_path: Path
) -> None:
    with EmulatorThread(EmulatorConfig(api_key="sk-other-host-key")) as other:
        emulator.server.faults.add("redirect", "content", location=f"{other.base_url}/videos/task_x/content")
        async with make_http_client() as http:
            client = client_for(emulator, http)
            task_id = await submit_and_finish(client)
            with pytest.raises(errors.AuthError):
                await client.download(task_id, tmp_path / "v.mp4")
        assert other.server.received and all("authorization" not in r.headers for r in other.server.received)
    assert list(tmp_path.iterdir()) == []


async def test_redirect_on_the_same_host_keeps_working(emulator: EmulatorThread, tmp_path: Path) -> None:
    async with make_http_client() as http:
        client = client_for(emulator, http)
        task_id = await submit_and_finish(client)
        emulator.server.faults.add("redirect", "content", location=f"/v1/videos/{task_id}/content")
        await client.download(task_id, tmp_path / "v.mp4")
    assert (tmp_path / "v.mp4").read_bytes() == emulator.server.content_bytes(task_id)


async def test_redirect_to_plain_http_elsewhere_is_refused(emulator: EmulatorThread, tmp_path: Path) -> None:
    emulator.server.faults.add("redirect", "content", location="http://cdn.example.com/v.mp4")
    async with make_http_client() as http:
        client = client_for(emulator, http)
        task_id = await submit_and_finish(client)
        with pytest.raises(errors.InsecureConnection):
            await client.download(task_id, tmp_path / "v.mp4")


async def test_a_missing_folder_is_a_clear_save_error(emulator: EmulatorThread, tmp_path: Path) -> None:
    async with make_http_client() as http:
        client = client_for(emulator, http)
        task_id = await submit_and_finish(client)
        with pytest.raises(errors.SaveFailed, match="can be downloaded again later"):
            await client.download(task_id, tmp_path / "gone" / "v.mp4")


class _ImportWatcher(importlib.abc.MetaPathFinder):
    def __init__(self) -> None:
        self.searched: list[str] = []

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        self.searched.append(name)


async def test_requests_do_not_search_for_modules(emulator: EmulatorThread) -> None:
    """A module httpcore imports per request must be installed: a failed import searches sys.path
    every time, on the event loop (it was most of the window's longest stalls)."""
    async with make_http_client() as http:
        client = VeoClient(http, base_url=emulator.base_url, api_key=emulator.api_key, retry=FAST_RETRY)
        task = await client.submit(VideoRequest("warm up", seconds="4"), None)
        watcher = _ImportWatcher()
        sys.meta_path.insert(0, watcher)
        try:
            for _ in range(20):
                await client.status(task.task_id)
        finally:
            sys.meta_path.remove(watcher)
    assert watcher.searched == []
