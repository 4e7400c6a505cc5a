"""A service (or a proxy in front of it) that echoes the API key back never gets it stored, logged or shown.

The key here does not look like ``sk-…`` (the emulator takes any key), so only knowing the key in use
can mask it. Each case runs the real CLI against the emulator, then reads every byte of every file under
the app's home (history and its -wal, logs, sidecars, videos) and everything the commands printed.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.conftest import fast_config
from tests.helpers.cli import cli_env, run_cli
from veo_desktop.api.security import mask_key, redact, scrub
from veo_desktop.api.wire import error_message
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread

KEY = "Zk9-live-4f3a9c2e71b84d06aa15"
WRONG_KEY = "Zk9-live-70c1d2e3f4a5b6978811"
MASKED = "…aa15"


def html_page(title: str) -> bytes:
    return f"<html><head><title>{title}</title></head><body>sorry</body></html>".encode()


def leaks(home: Path, key: str, outputs: list[str]) -> list[str]:
    """Where the key (or all but its last four characters) can be read."""
    return found_in(home, outputs, {key[:-4], quote(key[:-4], safe="")})


def found_in(home: Path, outputs: list[str], needles: set[str]) -> list[str]:
    """Which files under ``home`` and which ``outputs`` hold any of ``needles``."""
    found = [
        str(p) for p in home.rglob("*") if p.is_file() and any(n.encode() in p.read_bytes() for n in needles)
    ]
    found += [f"output {i}" for i, text in enumerate(outputs) if any(n in text for n in needles)]
    return found


def generate(env: dict[str, str], prompt: str = "harbour at dusk") -> list[str]:
    done = run_cli("generate", "--prompt", prompt, "--seconds", "4", "--poll-interval", "0.05", env=env)
    listing = run_cli("tasks", env=env)
    return [done.stdout, done.stderr, listing.stdout, listing.stderr]


def a_failed_tasks_reason(faults: FaultPlan) -> str:
    faults.add("fail", "status", reason=f"Blocked: the key {KEY} may not use this model")
    return "may not use this model"


def an_unusable_task_id(faults: FaultPlan) -> str:
    body = json.dumps({"id": f"{KEY}/../video", "status": "queued"}).encode()
    faults.add("answer", "submit", body=body)
    return "task id this app will not use"


def an_html_title_on_a_status_answer(faults: FaultPlan) -> str:
    faults.add("answer", "status", times=2, body=html_page(f"Welcome {KEY}"), content_type="text/html")
    return ""


def an_html_title_instead_of_the_video(faults: FaultPlan) -> str:
    page = html_page(f"Download denied for {KEY}")
    faults.add("answer", "content", times=1000, body=page, content_type="text/html")
    return "Download denied for"


def an_html_502_title_on_submit(faults: FaultPlan) -> str:
    faults.add(
        "answer", "submit", status=502, body=html_page(f"502 upstream {KEY}"), content_type="text/html"
    )
    return "502 upstream"


def the_key_url_encoded_and_json_escaped_in_a_reason(faults: FaultPlan) -> str:
    reason = f"see https://example.com/keys?k={quote(KEY, safe='')} and {json.dumps(KEY)[1:-1]}"
    faults.add("fail", "status", reason=reason)
    return "see https://example.com/keys?k="


CASES: dict[str, Callable[[FaultPlan], str]] = {
    "a failed task's reason": a_failed_tasks_reason,
    "an unusable task id": an_unusable_task_id,
    "an HTML title on a status answer": an_html_title_on_a_status_answer,
    "an HTML title instead of the video": an_html_title_instead_of_the_video,
    "an HTML 502 title on submit": an_html_502_title_on_submit,
    "the key URL-encoded and JSON-escaped": the_key_url_encoded_and_json_escaped_in_a_reason,
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_an_echoed_key_is_in_no_file_and_no_output(app_home: Path, case: Callable[[FaultPlan], str]) -> None:
    faults = FaultPlan()
    shown_words = case(faults)
    with EmulatorThread(fast_config(api_key=KEY), faults) as emulator:
        env = cli_env(app_home, emulator)
        outputs = generate(env)
        for task_id in emulator.server.tasks:
            status = run_cli("status", task_id, env=env)
            outputs += [status.stdout, status.stderr]
    assert leaks(app_home, KEY, outputs) == []
    everything = "\n".join(outputs)
    if shown_words:  # the service's other words are still shown, with the key masked
        assert shown_words in everything and MASKED in everything, everything


def test_a_401_that_repeats_a_wrong_key_is_in_no_file_and_no_output(app_home: Path) -> None:
    config = fast_config(api_key=KEY, echo_rejected_key=True)
    with EmulatorThread(config, FaultPlan()) as emulator:
        env = cli_env(app_home, emulator, APIYI_API_KEY=WRONG_KEY)
        outputs = generate(env)
        status = run_cli("status", "task_0123456789abcdef", env=env)
        outputs += [status.stdout, status.stderr]
        [refusal] = [r for r in emulator.server.received if r.route == "submit"]
        assert refusal.status == 401
    assert status.returncode == 3 and "refused the API key" in status.stderr
    assert leaks(app_home, WRONG_KEY, outputs) == []


ODD_KEY = 'Zk9/live+"4f3a9c2e71b84d06aa15'  # characters that URL, JSON and HTML encodings change
SPELLINGS = {
    "as is": (f"key {ODD_KEY} refused", "text/plain"),
    "URL-encoded": (f"key {quote(ODD_KEY, safe='')} refused", "text/plain"),
    "URL-encoded, lower-case hex": (
        "key " + re.sub("%[0-9A-F]{2}", lambda m: m.group(0).lower(), quote(ODD_KEY, safe="")) + " refused",
        "text/plain",
    ),
    "JSON-escaped": (json.dumps({"error": {"message": f"key {ODD_KEY} refused"}}), "application/json"),
    "JSON-escaped with slashes": (
        json.dumps({"error": {"message": f"key {ODD_KEY} refused"}}).replace("/", "\\/"),
        "application/json",
    ),
    "JSON unicode escapes": (
        '{"error": {"message": "key ' + "".join(f"\\u{ord(c):04x}" for c in ODD_KEY) + ' refused"}}',
        "application/json",
    ),
    "HTML-escaped": (f"<html><title>key {html.escape(ODD_KEY)} refused</title></html>", "text/html"),
    "HTML character references": (
        "<html><title>key " + "".join(f"&#{ord(c)};" for c in ODD_KEY) + " refused</title></html>",
        "text/html",
    ),
}


@pytest.mark.parametrize("answer", SPELLINGS.values(), ids=SPELLINGS.keys())
def test_scrub_masks_every_spelling_of_the_key(answer: tuple[str, str]) -> None:
    body, content_type = answer
    cleaned = scrub(body.encode(), ODD_KEY)
    assert error_message(cleaned, content_type) == f"key {MASKED} refused"
    assert "4f3a9c2e71b84d06" not in cleaned.decode()


DISGUISES: dict[str, Callable[[str], str]] = {
    "without its sk- prefix": lambda k: k.removeprefix("sk-"),
    "upper case": str.upper,
    "base64": lambda k: base64.b64encode(k.encode()).decode(),
    "base64 of the header": lambda k: base64.b64encode(b"Bearer " + k.encode()).decode(),
    "every character %-encoded": lambda k: "".join(f"%{ord(c):02X}" for c in k),
    "hyphens as %2D": lambda k: k.replace("-", "%2D"),
    "HTML numeric entities": lambda k: "".join(f"&#{ord(c)};" for c in k),
    "a zero-width space between": "\u200b".join,
}


@pytest.mark.parametrize("key", ["sk-probeKEY7f3a9c2e71b84d06ZZQW", "Zk9-live-4f3a9c2e71b84d06aa15"])
@pytest.mark.parametrize("disguise", DISGUISES.values(), ids=DISGUISES.keys())
def test_a_key_echoed_in_disguise_is_masked_too(key: str, disguise: Callable[[str], str]) -> None:
    body = json.dumps({"error": {"message": f"slow down {disguise(key)} please"}}).encode()
    shown = scrub(body, key).decode()
    core = key.removeprefix("sk-")
    assert disguise(key) not in shown and core.lower() not in shown.lower()
    assert "slow down" in shown and "please" in shown  # the rest of the words stay readable


# ----- a key echoed in part ----------------------------------------------------------------------

PART_DISGUISES: dict[str, Callable[[str], str]] = {
    "as is": lambda part: part,
    "upper case": str.upper,
    "URL-encoded": lambda part: quote(part, safe=""),
    "every character %-encoded": lambda part: "".join(f"%{ord(c):02X}" for c in part),
    "HTML numeric entities": lambda part: "".join(f"&#{ord(c)};" for c in part),
    "JSON unicode escapes": lambda part: "".join(f"\\u{ord(c):04x}" for c in part),
    "a zero-width space between": "\u200b".join,
}
PARTS: dict[str, Callable[[str], str]] = {
    "its first 20 characters": lambda key: key[:20],
    "its last 16 characters": lambda key: key[-16:],
    "12 characters from its middle": lambda key: key[9:21],
}


@pytest.mark.parametrize("key", ["sk-probeKEY7f3a9c2e71b84d06ZZQW", KEY])
@pytest.mark.parametrize("part", PARTS.values(), ids=PARTS.keys())
@pytest.mark.parametrize("disguise", PART_DISGUISES.values(), ids=PART_DISGUISES.keys())
def test_a_key_echoed_in_part_is_masked_too(
    key: str, part: Callable[[str], str], disguise: Callable[[str], str]
) -> None:
    """Any 12 or more characters of the key in a row (after its ``sk-``), however spelled, are masked:
    in an answer (``scrub``) and in free text given the key (``redact``, the log)."""
    echoed = part(key)
    body = f'{{"error": {{"message": "slow down {disguise(echoed)} please"}}}}'
    for shown in (scrub(body.encode(), key).decode(), redact(body, key)):
        assert disguise(echoed) not in shown, shown
        assert echoed.removeprefix("sk-")[:12].lower() not in shown.lower(), shown
        assert "slow down" in shown and "please" in shown and mask_key(key) in shown, shown


def test_fewer_than_12_characters_of_the_key_and_task_ids_stay_readable() -> None:
    """A run shorter than 12 is too common to be taken for the key: a task id that shares 11 characters
    with it, or one that reads ``…sk-0123…`` (``task-0123…``), is shown as the service wrote it; one
    that shares 12 or more is an echo of the key, and masked."""
    key = "sk-0123456789aXk4Zq7Lw2Vr9Tn5"
    text = 'task-0123456789abcdef and task_0123456789a failed; "id": "video_0123456789aXk4"'
    assert scrub(text.encode(), key).decode() == text.replace("video_0123456789aXk4", "video_sk-…9Tn5")
    assert redact(text, key) == text.replace("video_0123456789aXk4", "video_sk-…9Tn5")
    assert redact(text) == text  # without the key: only "sk-" at a word's start looks like one


def test_a_key_echoed_in_part_is_in_no_file_and_no_output(app_home: Path) -> None:
    faults = FaultPlan()
    faults.add("fail", "status", reason=f"Quota for {KEY[:20]} (ending {KEY[-16:]}) is used up")
    with EmulatorThread(fast_config(api_key=KEY), faults) as emulator:
        outputs = generate(cli_env(app_home, emulator))
    assert found_in(app_home, outputs, {KEY[:12], KEY[-16:-4], quote(KEY[:12], safe="")}) == []
    everything = "\n".join(outputs)
    assert "Quota for" in everything and "is used up" in everything and MASKED in everything, everything
