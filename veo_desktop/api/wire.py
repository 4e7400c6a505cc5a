"""What travels on the wire: the service's answers read defensively, and what a reference image is."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, Final, Literal

from veo_desktop.api.answer_values import load_json, percent, timestamp
from veo_desktop.api.errors import BadResponse

log = logging.getLogger(__name__)

# "unrecognized": the service said a word this app does not know (kept in TaskStatus.word); the task
# is kept and asked about again, less often (core/tasks/polling.py).
Status = Literal["queued", "in_progress", "completed", "failed", "canceled", "expired", "unrecognized"]
STATUSES: Final[tuple[Status, ...]] = ("queued", "in_progress", "completed", "failed", "canceled", "expired")
FINISHED: Final = frozenset({"completed", "failed", "canceled", "expired"})
# Ended at the service without a video (and so not charged): a /content 400 after one of these is final.
ENDED_WITHOUT_VIDEO: Final = frozenset({"failed", "canceled", "expired"})
# The words documented APIs and common gateways (new-api and its forks) use for each state, read
# case-insensitively (``docs/api-notes.md``, "Status words seen in the wild"). The Flow channel says
# "processing" where the official one says "in_progress".
STATUS_WORDS: Final[dict[Status, tuple[str, ...]]] = {
    "completed": ("completed", "succeeded", "success"),
    "failed": ("failed", "failure", "error"),
    "canceled": ("canceled", "cancelled"),
    "expired": ("expired",),
    "queued": ("queued", "pending", "not_start", "submitted"),
    "in_progress": ("in_progress", "processing", "running"),
}
STATUS_ALIASES: Final[dict[str, Status]] = {
    word: status for status, words in STATUS_WORDS.items() for word in words
}

# The form field of a reference image. The Flow channel's ``-fl`` models take a start frame and an
# optional end frame; the provider's page shows no two-image example, and relays of that channel send
# this field twice, start frame first, then end frame (``docs/api-notes.md``, "The second channel"). If
# the service turns out to want other names, this is the one place to change.
FRAME_FIELDS: Final = ("input_reference", "input_reference")

# A task id goes into a URL path and (shortened) into a file name: only a plain token is trusted.
_TASK_ID: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:\-]{0,127}")
# An id named in an answer's text: a quoted token, or a whole number that JSON ends there (not 12.5).
_ID_KEY: Final = r'"(?:task_id|id)"\s*:\s*'  # an id's key in an answer's text, at any depth
_ID_IN_TEXT: Final = re.compile(_ID_KEY + r'(?:"(' + _TASK_ID.pattern + r')"|([0-9]{1,30})(?=\s*[,}\]]))')
# Where a task's id is (``task_id`` on the official channel, ``id`` on Flow), and the envelopes gateways
# wrap the service's object in (``{"code": 0, "data": {…}}``).
ID_KEYS: Final = ("task_id", "id")
ENVELOPES: Final = ("data", "result")
MP4_BRANDS_AT: Final = slice(4, 8)


@dataclass(frozen=True)
class ReferenceImage:
    """An image ready to upload: bytes in one of the service's three formats, typed by content."""

    data: bytes
    mime: str
    filename: str


@dataclass(frozen=True)
class TaskStatus:
    task_id: str
    status: Status
    progress: int
    model: str = ""
    created_at: float | None = None  # seconds since the epoch, as the service said (None: not said)
    completed_at: float | None = None
    error: str = ""
    # Seconds the service asked us to wait before asking again (a status answer's openai-poll-after-ms
    # or Retry-After header), as sent: the poll schedule bounds it.
    poll_after: float | None = None
    word: str = ""  # the status word as the service wrote it (shown as is when unrecognized)

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def said(self) -> str:
        """The state in the service's own words when this app does not know them, else its own."""
        return self.word if self.status == "unrecognized" else self.status.replace("_", " ")


FilePart = tuple[str, tuple[str, bytes, str]]


def frame_parts(frames: tuple[ReferenceImage, ...]) -> list[FilePart]:
    """The multipart file parts for the images of one task, in order (start frame, then end frame)."""
    if len(frames) > len(FRAME_FIELDS):
        raise ValueError(f"{len(frames)} images for one task; the service takes at most {len(FRAME_FIELDS)}")
    return [
        (name, (image.filename, image.data, image.mime))
        for name, image in zip(FRAME_FIELDS[: len(frames)], frames, strict=True)
    ]


def is_valid_task_id(task_id: str) -> bool:
    return bool(_TASK_ID.fullmatch(task_id))


def check_task_id(task_id: str) -> str:
    """A task id typed by the user; refused (ValueError, with the reason) unless it is a plain token."""
    task_id = task_id.strip()
    if not is_valid_task_id(task_id):
        shown = task_id if len(task_id) <= 40 else task_id[:40] + "…"
        raise ValueError(
            f"{shown!r} is not a task id (expected letters, digits, '_' or '-', like task_abc123)"
        )
    return task_id


def looks_like_mp4(head: bytes) -> bool:
    """An MP4 (ISO base media file) starts with a box whose type is ``ftyp``."""
    return len(head) >= 8 and head[MP4_BRANDS_AT] == b"ftyp"


class _TitleParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def _clip(text: str, limit: int = 300) -> str:
    """``text`` on one line of printable characters, at most ``limit``; a binary body (bytes that are
    not text: more than one in ten undecodable or control characters) is no message: ""."""
    odd = sum(1 for c in text if c == "\ufffd" or (not c.isprintable() and c not in "\n\r\t"))
    if text and odd * 10 > len(text):
        return ""
    text = " ".join("".join(c if c.isprintable() and c != "\ufffd" else " " for c in text).split())
    return text if len(text) <= limit else text[:limit] + "…"


def error_message(body: bytes, content_type: str = "") -> str:
    """The service's own words from an error body: JSON error fields, an HTML page's title, or text."""
    text = body[:65536].decode("utf-8", "replace")
    try:
        data = load_json(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        found = _message_from(data)
        if found:
            return _clip(found)
    if "html" in content_type.lower() or text.lstrip().lower().startswith(("<!doctype", "<html")):
        parser = _TitleParser()
        parser.feed(text)
        return _clip(parser.title) or "an HTML error page"
    return _clip(text)


def _message_from(data: dict[str, Any]) -> str:
    error = data.get("error")
    if isinstance(error, dict):
        for key in ("message", "msg", "code", "type"):
            if isinstance(error.get(key), str) and error[key]:
                return str(error[key])
    if isinstance(error, str) and error:
        return error
    for key in ("message", "msg", "detail", "fail_reason", "failure_reason", "reason"):
        value = data.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


def _unwrapped(data: dict[str, Any]) -> dict[str, Any]:
    """The task object itself: gateways may wrap it (``{"code": 0, "data": {"id": …}}``). An id outside
    the envelope and another inside are never guessed between: the error names both."""
    own = _ids(data)
    for key in ENVELOPES:
        inner = data.get(key)
        found = _ids(inner) if isinstance(inner, dict) else []
        if not found or not isinstance(inner, dict):
            continue
        if own and set(own) != set(found):
            first, second = (_clip(", ".join(ids), 60) for ids in (own, found))
            raise BadResponse(f"an answer naming two task ids: {first} and, inside {key!r}, {second}")
        return {**data, **inner}
    return data


def _ids(data: dict[str, Any]) -> list[str]:
    """The ids an object names under ``task_id`` and ``id``, each once: text, or a whole number."""
    found: list[str] = []
    for key in ID_KEYS:
        value = data.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            value = str(value)
        if isinstance(value, str) and value and value not in found:
            found.append(value)
    return found


def _task_id(data: dict[str, Any]) -> str:
    """The task's id: ``task_id`` (the official channel, where it equals ``id``) or ``id`` (the Flow
    channel). Two that disagree are never guessed between: the error names both, so neither is lost."""
    found = _ids(data)
    if not found:
        raise BadResponse("no task id in the answer")
    if len(found) > 1:
        first, second = (_clip(value, 60) for value in found)
        raise BadResponse(f"an answer naming two task ids: task_id {first} and id {second}")
    return found[0]


def id_in_text(body: bytes) -> str | None:
    """The one task id an answer's text names (``"id": "…"``, ``"task_id": "…"`` or a whole number, at
    any depth), when the answer cannot be read as a whole; None when it names none, or more than one."""
    text = body[: 1 << 20].decode("utf-8", "replace")
    found = {match.group(1) or match.group(2) for match in _ID_IN_TEXT.finditer(text)}
    return found.pop() if len(found) == 1 else None


# An id key with a value, whatever the value: an answer that says it made something.
_NAMES_AN_ID: Final = re.compile(_ID_KEY + r'(?:"[^"]+"|-?[0-9])')


def names_an_id(body: bytes) -> bool:
    """Whether an answer's text gives any task or object an id (usable or not, one or several)."""
    return _NAMES_AN_ID.search(body[: 1 << 20].decode("utf-8", "replace")) is not None


def parse_submission(body: bytes) -> TaskStatus:
    """The answer to a submission. A readable id means the service took the task (and bills it if it
    completes), so whatever else the answer holds, the id is kept and followed: an answer that cannot be
    read as a whole but names one id is read as that task, queued. :class:`BadResponse` only when no
    single id can be found."""
    try:
        return parse_task(body, submitted=True)
    except BadResponse as exc:
        found = id_in_text(body)
        if found is None:
            raise
        log.warning("an answer to a submission read only for its task id %s: %s", found, exc.detail)
        return TaskStatus(task_id=found, status="queued", progress=0)


def parse_task(body: bytes, expected_id: str | None = None, *, submitted: bool = False) -> TaskStatus:
    """Read a submit or status answer; anything unusable is a :class:`BadResponse`, never a crash.
    Odd values (NaN, 1e400, a number as text, deep nesting, times in milliseconds) read as "not said"
    (:mod:`~veo_desktop.api.answer_values`); only an answer without a usable id or status is refused.

    ``submitted``: the answer to a submission. A readable id means the service took the task, so
    a status word this app does not know (the Flow channel already says "processing" for
    "in_progress") is read as "queued" rather than losing the id: the polls then say more."""
    if len(body) > 1 << 20:
        raise BadResponse(f"an answer of {len(body)} bytes where a small JSON object was expected")
    try:
        data = load_json(body)
    except ValueError:
        raise BadResponse(f"not JSON: {_clip(body[:200].decode('utf-8', 'replace'), 120)!r}") from None
    if not isinstance(data, dict):
        raise BadResponse("a JSON value that is not an object")
    data = _unwrapped(data)
    task_id = _task_id(data)
    if not is_valid_task_id(task_id):
        raise BadResponse(f"a task id this app will not use ({_clip(task_id, 60)!r})")
    if expected_id is not None and task_id != expected_id:
        raise BadResponse(f"an answer about task {task_id} when {expected_id} was asked for")
    word = data.get("status")
    status: Status
    if isinstance(word, str) and word.strip().lower() in STATUS_ALIASES:
        status = STATUS_ALIASES[word.strip().lower()]
    elif submitted:
        status = "queued"
    elif isinstance(word, str) and word.strip():
        # A word nobody here knows: not a broken answer. The task is kept; the word is shown as said.
        status = "unrecognized"
    else:
        raise BadResponse(f"an answer without a task status ({_clip(str(word), 60)!r})")
    error = _message_from(data) if status in ENDED_WITHOUT_VIDEO else ""
    model = data.get("model")
    created = timestamp(data.get("created_at"))
    return TaskStatus(
        task_id=task_id,
        status=status,
        progress=percent(data.get("progress")),
        model=model if isinstance(model, str) and len(model) <= 100 else "",
        created_at=created if created is not None else timestamp(data.get("created")),
        completed_at=timestamp(data.get("completed_at")),
        error=_clip(error),
        word=_clip(word, 60) if isinstance(word, str) else "",
    )
