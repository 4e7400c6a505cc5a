"""A submission is sent again only when the service itself said no; a gateway error proves nothing.

A 502 or 504, or an error page that is not the service's own JSON, may come from a proxy in front of a
service that took (and will bill) the task: the outcome is unknown and the submission is never resent.
Against the emulator over loopback; its ``answer`` fault creates the task, then answers as told.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import image_bytes
from tests.helpers.tasks import REQUEST, client_for, image, manager_for
from veo_desktop.api import errors
from veo_desktop.api.client import make_http_client
from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.clips.images import prepare_image_bytes
from veo_desktop.emulator.server import EmulatorThread

GATEWAY_PAGE = b"<html><head><title>504 Gateway Time-out</title></head><body>nginx</body></html>"
SERVICE_ERROR = json.dumps({"error": {"message": "upstream busy", "type": "server_error"}}).encode()


def posts(emulator: EmulatorThread) -> int:
    return len([r for r in emulator.server.received if r.route == "submit"])


async def test_an_html_502_on_submit_is_outcome_unknown_and_sent_once(emulator: EmulatorThread) -> None:
    emulator.server.faults.add("html502", "submit")
    async with make_http_client() as http:
        with pytest.raises(errors.OutcomeUnknown, match=r"HTTP 502.*502 Bad Gateway.*never billed twice"):
            await client_for(emulator, http).submit(REQUEST, image())
    assert posts(emulator) == 1


ACCEPTED_THEN = {
    "an HTML 502": (502, b"<html><head><title>502 Bad Gateway</title></head></html>", "text/html"),
    "a JSON 502": (502, SERVICE_ERROR, "application/json"),
    "an HTML 504": (504, GATEWAY_PAGE, "text/html"),
    "a JSON 504": (504, SERVICE_ERROR, "application/json"),
    "an HTML 500": (500, b"<html><title>500 Internal Server Error</title></html>", "text/html"),
    "a plain-text 503": (503, b"Service Unavailable", "text/plain"),
    "an empty 500": (500, b"", "application/json"),
    "a JSON 500 without the service's error": (500, b'{"ok": false}', "application/json"),
}


@pytest.mark.parametrize("answer", ACCEPTED_THEN.values(), ids=ACCEPTED_THEN.keys())
async def test_a_task_taken_then_answered_with_a_gateway_error_is_never_resent(
    emulator: EmulatorThread, answer: tuple[int, bytes, str]
) -> None:
    status, body, content_type = answer
    emulator.server.faults.add("answer", "submit", status=status, body=body, content_type=content_type)
    async with make_http_client() as http:
        with pytest.raises(errors.OutcomeUnknown, match=f"HTTP {status}"):
            await client_for(emulator, http).submit(REQUEST, image())
    assert posts(emulator) == 1
    assert len(emulator.server.submissions) == 1 and len(emulator.server.tasks) == 1


@pytest.mark.parametrize("status", [500, 503])
async def test_the_services_own_json_5xx_is_outcome_unknown_and_never_resent(
    emulator: EmulatorThread, status: int
) -> None:
    """A service that makes the task and then fails ("upstream timeout") answers with its own JSON 500:
    resending would make (and bill) a second task. The outcome is unknown; one POST, one task."""
    emulator.server.faults.add("answer", "submit", status=status, body=SERVICE_ERROR, accept=True)
    async with make_http_client() as http:
        with pytest.raises(errors.OutcomeUnknown, match=f"HTTP {status}"):
            await client_for(emulator, http).submit(REQUEST, image())
    assert posts(emulator) == 1 and len(emulator.server.tasks) == 1


async def test_a_429_is_not_tried_again_once_the_user_is_stopping(emulator: EmulatorThread) -> None:
    """Ctrl+C while the service's 429 is being waited out: the refused submission is not sent again."""
    emulator.server.faults.add("429", "submit", retry_after=0.3)
    async with make_http_client() as http:
        client = client_for(emulator, http)
        client.hold_submissions()
        with pytest.raises(errors.RateLimited):
            await client.submit(REQUEST, image())
    assert posts(emulator) == 1 and emulator.server.tasks == {}


async def test_an_html_page_refusing_a_too_large_upload_is_a_refusal(emulator: EmulatorThread) -> None:
    """A 4xx from a proxy (nginx's 413 page, say): it did not pass the request on. Refused, not unknown."""
    page = b"<html><head><title>413 Request Entity Too Large</title></head></html>"
    emulator.server.faults.add(
        "answer", "submit", status=413, body=page, content_type="text/html", accept=False
    )
    async with make_http_client() as http:
        with pytest.raises(errors.ImageTooLarge):
            await client_for(emulator, http).submit(REQUEST, image())
    assert posts(emulator) == 1


async def test_the_task_row_says_outcome_unknown_after_a_502(
    emulator: EmulatorThread, app_home: Path
) -> None:
    emulator.server.faults.add("html502", "submit")
    picture = prepare_image_bytes(image_bytes("PNG"), "pier.png")
    async with manager_for(emulator, app_home) as manager:
        with pytest.raises(errors.OutcomeUnknown):
            await manager.submit(VideoRequest("pier at dusk", seconds="4"), picture)
        [record] = manager.store.records()
    assert record.state == "unknown" and record.task_id is None
    assert "HTTP 502" in record.last_error and "never billed twice" in record.last_error
    assert posts(emulator) == 1


REDIRECTS_TO_A_SUBMISSION = {
    "a 303 to the task made (See Other, the usual answer after a POST)": (303, {"Location": "/v1/videos/x"}),
    "a 302 with a Location": (302, {"Location": "/v1/videos"}),
    "a 302 with nowhere to go": (302, {}),
    "a 307 with nowhere to go": (307, {}),
}


@pytest.mark.parametrize("answer", REDIRECTS_TO_A_SUBMISSION.values(), ids=REDIRECTS_TO_A_SUBMISSION.keys())
async def test_a_redirect_in_answer_to_a_submission_is_outcome_unknown_and_never_resent(
    emulator: EmulatorThread, answer: tuple[int, dict[str, str]]
) -> None:
    """A 3xx to the POST: the service (or a gateway) took the request, and a 303 is what a server sends
    after it made something. Never sent again, never called refused (not charged): outcome unknown."""
    status, headers = answer
    emulator.server.faults.add("answer", "submit", status=status, body=b"", headers=headers, accept=True)
    async with make_http_client() as http:
        with pytest.raises(errors.OutcomeUnknown):
            await client_for(emulator, http).submit(REQUEST, image())
    assert posts(emulator) == 1 and len(emulator.server.tasks) == 1


@pytest.mark.parametrize("status", [304, 399, 599, 600, 799, 999])
async def test_a_status_neither_success_nor_refusal_to_a_submission_is_outcome_unknown(
    emulator: EmulatorThread, status: int
) -> None:
    """Only a 4xx says the service did not take a submission. Any other answer that is not its task (an
    odd 3xx, a status past 599 that no document names) may follow a task made: never resent, never
    called refused."""
    emulator.server.faults.add("answer", "submit", status=status, body=b"", accept=True)
    async with make_http_client() as http:
        with pytest.raises(errors.OutcomeUnknown):
            await client_for(emulator, http).submit(REQUEST, image())
    assert posts(emulator) == 1 and len(emulator.server.tasks) == 1


ERRORS_NAMING_A_TASK = {
    "a 400 after the task was made": (
        400,
        b'{"id": "task_made_1", "status": "queued", "error": {"message": "x"}}',
    ),
    "a 409: the task already exists": (409, b'{"task_id": "task_made_1", "message": "task already exists"}'),
    "a 422 in a gateway's envelope": (
        422,
        b'{"code": 422, "data": {"task_id": "task_made_1", "status": "submitted"}}',
    ),
    "a 429 after the task was made": (429, b'{"task_id": "task_made_1", "status": "queued"}'),
    "a 502 naming the task": (502, b'{"task_id": "task_made_1", "error": "upstream timeout"}'),
}


@pytest.mark.parametrize("answer", ERRORS_NAMING_A_TASK.values(), ids=ERRORS_NAMING_A_TASK.keys())
async def test_an_error_answer_to_a_submission_that_names_a_task_is_that_task(
    emulator: EmulatorThread, answer: tuple[int, bytes]
) -> None:
    """Whatever the status, an answer to a submission that names one task says the service may have made
    (and may bill) it: its id is kept and followed, the request is never sent again, never called
    refused ("not charged")."""
    status, body = answer
    emulator.server.faults.add(
        "answer", "submit", status=status, body=body, headers={"Retry-After": "1"}, accept=True
    )
    async with make_http_client() as http:
        taken = await client_for(emulator, http).submit(REQUEST, image())
    assert taken.task_id == "task_made_1"
    assert posts(emulator) == 1


async def test_a_refusal_naming_a_task_is_followed_by_the_manager_not_shown_as_refused(
    emulator: EmulatorThread, app_home: Path
) -> None:
    emulator.server.faults.add(
        "answer",
        "submit",
        status=400,
        body=ERRORS_NAMING_A_TASK["a 400 after the task was made"][1],
        accept=True,
    )
    async with manager_for(emulator, app_home) as manager:
        record = await manager.submit(REQUEST, prepare_image_bytes(image_bytes("PNG"), "harbour.png"))
        assert record.task_id == "task_made_1" and record.state not in ("rejected", "failed", "unknown")
    assert posts(emulator) == 1


ERRORS_NAMING_NO_SINGLE_USABLE_ID = {
    "a 429 naming two ids": (429, b'{"error": {"task_id": "task_a_1"}, "data": {"id": "task_b_1"}}'),
    "a 429 naming an id no request could use": (429, b'{"task_id": "dGFzaz1+/w=="}'),
    "a 400 naming two ids": (400, b'{"error": {"task_id": "task_a_1"}, "data": {"id": "task_b_1"}}'),
    "a 400 naming a path for an id": (400, b'{"task_id": "../../task_x"}'),
}


@pytest.mark.parametrize(
    "answer", ERRORS_NAMING_NO_SINGLE_USABLE_ID.values(), ids=ERRORS_NAMING_NO_SINGLE_USABLE_ID.keys()
)
async def test_an_error_answer_naming_ids_but_no_usable_one_is_outcome_unknown_and_never_resent(
    emulator: EmulatorThread, answer: tuple[int, bytes]
) -> None:
    """Something may have been made (and billed): never sent again after the wait a 429 asks for, never
    shown as refused ("not charged")."""
    status, body = answer
    emulator.server.faults.add(
        "answer", "submit", status=status, body=body, headers={"Retry-After": "1"}, accept=True
    )
    async with make_http_client() as http:
        with pytest.raises(errors.OutcomeUnknown, match=f"HTTP {status}"):
            await client_for(emulator, http).submit(REQUEST, image())
    assert posts(emulator) == 1
