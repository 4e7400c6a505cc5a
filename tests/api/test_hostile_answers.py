"""A hostile or broken server, over real loopback HTTP: every odd answer becomes a clear task error.

Never a crash, never a resent (billed) submission, never a file outside the output folder. The key
is never sent to another host:
``tests/api/test_client.py::test_redirect_to_another_host_does_not_carry_the_key``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import fast_config, image_bytes
from tests.helpers.cli import cli_env, run_cli
from tests.helpers.tasks import client_for, manager_for
from veo_desktop.api import errors
from veo_desktop.api.client import RequestRecord, make_http_client
from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.clips.images import prepare_image_bytes
from veo_desktop.core.tasks.manager import TaskEvent
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread

HUGE = b'{"id": "task_0123456789abcdef", "status": "queued", "pad": "' + b"x" * 3_000_000 + b'"}'
SUBMIT_ANSWERS = {
    "not JSON": (b"<html><body>Welcome to nginx!</body></html>", "text/html"),
    "no task id": (b'{"status": "queued", "progress": 0}', "application/json"),
    # A whole number is read as the id (tests/core/test_odd_answers.py); a fraction is no id.
    "a fraction for the id": (b'{"id": 12.5, "status": "queued"}', "application/json"),
    "a path for the id": (b'{"id": "../../../etc/passwd", "status": "queued"}', "application/json"),
    "a 500-character id": (json.dumps({"id": "t" * 500, "status": "queued"}).encode(), "application/json"),
    "two ids that disagree": (
        b'{"task_id": "task_0123456789abcdef", "id": "video_fedcba9876543210", "status": "queued"}',
        "application/json",
    ),
    "a 3 MB answer": (HUGE, "application/json"),
    "a list": (b"[1, 2, 3]", "application/json"),
}


def files_under(folder: Path) -> set[Path]:
    """Files other than the provenance sidecars (``.json`` beside each video)."""
    return {p for p in folder.rglob("*") if p.is_file() and p.suffix != ".json"} if folder.exists() else set()


@pytest.mark.parametrize("answer", SUBMIT_ANSWERS.values(), ids=SUBMIT_ANSWERS.keys())
async def test_an_unreadable_answer_to_a_submission_is_outcome_unknown_and_never_resent(
    app_home: Path, answer: tuple[bytes, str]
) -> None:
    body, content_type = answer
    faults = FaultPlan()
    faults.add("answer", "submit", body=body, content_type=content_type)
    image = prepare_image_bytes(image_bytes("PNG"), "pier.png")
    with EmulatorThread(fast_config(), faults) as emulator:
        async with manager_for(emulator, app_home) as manager:
            with pytest.raises(errors.OutcomeUnknown, match="could not be read") as caught:
                await manager.submit(VideoRequest("pier at dusk", seconds="4"), image)
            [record] = manager.store.records()
        posts = [r for r in emulator.server.received if r.route == "submit"]
    assert record.state == "unknown" and record.task_id is None
    assert "never billed twice" in record.last_error and str(caught.value) == record.last_error
    assert len(posts) == 1 and len(emulator.server.submissions) == 1  # the service took it once
    assert not files_under(app_home / "videos")
    assert len(record.last_error) < 600  # a 3 MB answer is not pasted into the message


async def test_a_submission_answered_with_an_id_and_an_unknown_status_word_keeps_the_id(
    app_home: Path,
) -> None:
    """The service took the task (its id is right there); a status word this release does not know
    must not lose it: the task is followed, and the polls say more."""
    faults = FaultPlan()
    faults.add("answer", "submit", body=b'{"id": "task_0123456789abcdef", "status": "pending"}')
    with EmulatorThread(fast_config(), faults) as emulator:
        async with manager_for(emulator, app_home) as manager:
            record = await manager.submit(VideoRequest("pier at dusk", seconds="4"), None)
            assert record.task_id == "task_0123456789abcdef" and record.state == "queued"
            assert manager.store.get(record.id).task_id == "task_0123456789abcdef"  # type: ignore[union-attr]
        posts = [r for r in emulator.server.received if r.route == "submit"]
    assert len(posts) == 1


STATUS_ANSWERS = {
    "not JSON": (200, b"Service temporarily overloaded", "text/plain"),
    "missing fields": (200, b"{}", "application/json"),
    "an unknown status": (200, b'{"id": "%(id)s", "status": "exploded", "progress": 7}', "application/json"),
    "wrong types": (200, b'{"id": "%(id)s", "status": ["queued"], "progress": "lots"}', "application/json"),
    "another task's id": (200, b'{"id": "task_ffffffffffffffff", "status": "completed"}', "application/json"),
    "a 3 MB answer": (200, HUGE, "application/json"),
    "an empty 200": (200, b"", "application/json"),
}


@pytest.mark.parametrize("answer", STATUS_ANSWERS.values(), ids=STATUS_ANSWERS.keys())
async def test_unusable_status_answers_show_an_error_and_following_goes_on(
    app_home: Path, answer: tuple[int, bytes, str]
) -> None:
    status, body, content_type = answer
    faults = FaultPlan()
    seen: list[str] = []

    def listen(event: TaskEvent) -> None:
        if event.record.last_error:
            seen.append(event.record.last_error)

    image = prepare_image_bytes(image_bytes("PNG"), "pier.png")
    with EmulatorThread(fast_config(), faults) as emulator:
        async with manager_for(emulator, app_home) as manager:
            manager.subscribe(listen)
            faults.add("answer", "status", times=3, status=status, body=body, content_type=content_type)
            record = await manager.submit(VideoRequest("pier at dusk", seconds="4"), image)
            [ended] = await manager.wait([record.id])
        assert ended.state == "completed" and ended.task_id is not None
        assert Path(ended.output_path).read_bytes() == emulator.server.content_bytes(ended.task_id)
    assert any("cannot use" in message and "Still following" in message for message in seen), seen
    assert all(len(message) < 600 for message in seen)
    assert files_under(app_home / "videos") == {Path(ended.output_path)}


@pytest.mark.parametrize(
    "answer",
    [
        (b'{"url": "https://cdn.example/video.mp4"}', "application/json"),
        (b"<!doctype html><title>Moved</title>", "text/html"),
        (b"\x00" * 5000, "video/mp4"),
    ],
    ids=["JSON", "HTML", "zeros labelled video"],
)
async def test_content_that_is_not_a_video_is_never_saved(app_home: Path, answer: tuple[bytes, str]) -> None:
    body, content_type = answer
    faults = FaultPlan()
    image = prepare_image_bytes(image_bytes("PNG"), "pier.png")
    with EmulatorThread(fast_config(), faults) as emulator:
        async with manager_for(emulator, app_home) as manager:
            faults.add("answer", "content", times=1000, body=body, content_type=content_type)
            record = await manager.submit(VideoRequest("pier at dusk", seconds="4"), image)
            [failed] = await manager.wait([record.id])
            assert failed.state == "download_failed" and "not a video" in failed.last_error
            assert not files_under(app_home / "videos")  # no .part, no error page kept as .mp4
            faults.clear()
            again = await manager.download_again(failed.id)
            [ended] = await manager.wait([again.id])
        assert ended.state == "completed" and ended.task_id is not None
        assert Path(ended.output_path).read_bytes() == emulator.server.content_bytes(ended.task_id)
    assert files_under(app_home / "videos") == {Path(ended.output_path)}


async def test_an_answer_cut_off_for_its_size_is_in_the_request_log(app_home: Path) -> None:
    faults = FaultPlan()
    faults.add("answer", "status", status=200, body=HUGE, content_type="application/json", times=1)
    seen: list[RequestRecord] = []
    with EmulatorThread(fast_config(), faults) as emulator:
        async with make_http_client() as http:
            client = client_for(emulator, http, on_request=seen.append)
            with pytest.raises(errors.BadResponse, match="more than 1024 KiB"):
                await client.status("task_0123456789abcdef")
    assert [(r.method, r.status, r.note) for r in seen] == [("GET", 200, "answer too large")]
    assert seen[0].path.endswith("/task_0123456789abcdef")


def test_an_answer_with_an_earlier_tasks_id_is_outcome_unknown_not_a_crash(app_home: Path) -> None:
    """A broken service answers a new submission with the id of a task already in the history: the new
    one becomes "outcome unknown" (it may have been taken), the earlier task and its video stay as they
    were, and the user reads one line, not a traceback."""
    with EmulatorThread(fast_config(), FaultPlan()) as emulator:
        env = cli_env(app_home, emulator)
        first = run_cli("generate", "--prompt", "first", "--poll-interval", "0.1", env=env)
        assert first.returncode == 0, first.stderr
        [earlier] = emulator.server.tasks
        body = json.dumps({"id": earlier, "task_id": earlier, "status": "queued", "progress": 0}).encode()
        emulator.server.faults.add("answer", "submit", body=body, accept=False)
        second = run_cli("generate", "--prompt", "second", "--poll-interval", "0.1", env=env)
        assert second.returncode == 3 and "Traceback" not in second.stderr
        assert (
            f"The service answered with the id {earlier}, which belongs to an earlier task" in second.stderr
        )
        listing = run_cli("tasks", env=env).stdout.strip().splitlines()
        states = sorted((line.split("\t")[0], line.split("\t")[1]) for line in listing)
        assert states == sorted([(earlier, "completed"), ("#2", "unknown")])
        assert Path(first.stdout.strip()).read_bytes() == emulator.server.content_bytes(earlier)
