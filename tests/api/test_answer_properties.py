"""Properties of every reader of the service's answers, over generated answers: NaN, ±Infinity, 1e400,
integers of thousands of digits, nesting 50,000 deep, numbers as text, digits of other scripts, times in
seconds, milliseconds and ISO text, wrapped objects and status words nobody documented.

Invariants: nothing escapes a reader but the one "bad answer" error (``BadResponse``); an answer to a
submission that holds a readable id gives that id, whatever else it holds; a status answer with the
task's id and a known word is read (followed), not given up; every time read is a real date or None;
every wait is between the floor and the cap.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
from dataclasses import dataclass
from typing import Any

import httpx
from hypothesis import given
from hypothesis import strategies as st

from veo_desktop.api import answer_values, errors, rules
from veo_desktop.api.transport import poll_after_seconds, retry_after_seconds
from veo_desktop.api.wire import error_message, parse_submission, parse_task
from veo_desktop.core.tasks.poll_schedule import PollSchedule


@dataclass(frozen=True)
class Raw:
    """JSON text written as it is (what ``json.dumps`` cannot be made to write)."""

    text: str


ODD_LITERALS = [
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "-1e400",
    "1.5e-400",
    "1" + "0" * 5000,
    "-" + "9" * 400,
    "0.0000",
    "1e308",
]
UNICODE_DIGITS = ["²", "٣", "௫", "１２", "5²", "½", "🔟", "٠٫٥"]


def deep(depth: int, opener: str = "[") -> Raw:
    closer = "]" if opener == "[" else "}"
    inner = '{"a":' * depth + "1" + "}" * depth if opener == "{" else opener * depth + closer * depth
    return Raw(inner)


def write(value: Any) -> str:
    """``value`` as JSON text, :class:`Raw` parts as they are."""
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(k))}:{write(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(write(v) for v in value) + "]"
    return json.dumps(value)


ms_now = st.integers(1_500_000_000_000, 2_100_000_000_000)
iso_times = st.datetimes(
    min_value=dt.datetime(2001, 1, 1), max_value=dt.datetime(2199, 1, 1), timezones=st.just(dt.UTC)
).map(lambda d: d.isoformat().replace("+00:00", "Z"))
odd_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(UNICODE_DIGITS),
    st.builds(Raw, st.sampled_from(ODD_LITERALS)),
    ms_now,
    ms_now.map(str),
    iso_times,
)
odd_values = (
    st.recursive(
        odd_scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
        ),
        max_leaves=8,
    )
    | st.integers(1, 60_000).map(deep)
    | st.integers(1, 3_000).map(lambda n: deep(n, "{"))
)

task_ids = st.from_regex(r"(task_|video_)[A-Za-z0-9]{6,24}", fullmatch=True)
known_words = st.sampled_from(["queued", "in_progress", "processing", "completed", "failed"])
any_words = known_words | st.text(max_size=12) | st.sampled_from(["SUCCESS", "NOT_START", "cancelled"])
FIELDS = ["progress", "created_at", "created", "completed_at", "model", "error", "seconds", "size", "x"]


@st.composite
def task_objects(draw: st.DrawFn, task_id: str, word: st.SearchStrategy[str]) -> dict[str, Any]:
    """A task object with the given id (under ``id``, ``task_id`` or both), a status word and odd
    values in any other field."""
    obj: dict[str, Any] = {}
    for key in draw(st.sampled_from([("id",), ("task_id",), ("id", "task_id")])):
        obj[key] = task_id
    obj["status"] = draw(word)
    for name in draw(st.lists(st.sampled_from(FIELDS), unique=True, max_size=5)):
        obj[name] = draw(odd_values)
    return obj


def wrapped(obj: dict[str, Any], how: str) -> dict[str, Any]:
    """As a gateway may send it: the object itself, or inside ``{"code": 0, "data": …}``."""
    return obj if how == "plain" else {"code": 0, "msg": "success", how: obj}


@given(st.binary(max_size=300) | odd_values.map(lambda v: write(v).encode()))
def test_nothing_escapes_the_readers_but_a_bad_answer(body: bytes) -> None:
    for read in (parse_task, parse_submission, lambda b: parse_task(b, "task_x", submitted=False)):
        with contextlib.suppress(errors.BadResponse):
            read(body)
    assert isinstance(error_message(body), str)
    assert isinstance(error_message(body, "text/html"), str)


@given(task_ids, st.data(), st.sampled_from(["plain", "data", "result"]))
def test_an_answer_to_a_submission_that_holds_an_id_gives_that_id(
    task_id: str, data: st.DataObject, how: str
) -> None:
    obj = wrapped(data.draw(task_objects(task_id, any_words)), how)
    status = parse_submission(write(obj).encode())
    assert status.task_id == task_id
    assert 0 <= status.progress <= 100
    for when in (status.created_at, status.completed_at):
        assert when is None or answer_values.EARLIEST <= when <= answer_values.LATEST


@given(task_ids, st.data())
def test_a_status_answer_with_the_id_and_a_known_word_is_read_whatever_else_it_holds(
    task_id: str, data: st.DataObject
) -> None:
    obj = data.draw(task_objects(task_id, known_words))
    status = parse_task(write(obj).encode(), expected_id=task_id)
    expected = {"processing": "in_progress"}.get(obj["status"], obj["status"])
    assert (status.task_id, status.status) == (task_id, expected)
    assert isinstance(status.progress, int) and 0 <= status.progress <= 100


@given(st.integers(1_000_000_000, 4_000_000_000), st.sampled_from([1, 1000, 1_000_000, 1_000_000_000]))
def test_times_in_any_unit_read_as_the_same_second(seconds: int, per_second: int) -> None:
    assert answer_values.timestamp(seconds * per_second) == float(seconds)
    assert answer_values.timestamp(str(seconds * per_second)) == float(seconds)


@given(iso_times)
def test_iso_times_read_as_seconds(text: str) -> None:
    when = answer_values.timestamp(text)
    assert when == dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


@given(odd_scalars)
def test_a_time_is_a_real_date_or_unknown(value: Any) -> None:
    when = answer_values.timestamp(value.text if isinstance(value, Raw) else value)
    assert when is None or answer_values.EARLIEST <= when <= answer_values.LATEST
    if when is not None:
        dt.datetime.fromtimestamp(when)  # a name, a listing and a .json can be made from it


@given(st.text(max_size=80) | st.sampled_from([*UNICODE_DIGITS, "1" * 400, "Wed, 21 Oct 9999 07:28:00 GMT"]))
def test_wait_hints_are_finite_seconds_or_nothing(text: str) -> None:
    for found in (
        retry_after_seconds(text),
        poll_after_seconds(httpx.Headers({b"openai-poll-after-ms": text.encode()})),
        poll_after_seconds(httpx.Headers({b"retry-after": text.encode()})),
    ):
        assert found is None or (math.isfinite(found) and found >= 0)


@given(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([1.0, 0.01]))
def test_every_wait_the_service_asks_for_is_between_the_floor_and_the_cap(
    seconds: float, scale: float
) -> None:
    schedule = PollSchedule().scaled(scale)
    for wait in (schedule.bounded(seconds), schedule.hinted(seconds)):
        assert schedule.floor <= wait <= schedule.wait_max
    assert schedule.wait_max == rules.MAX_WAIT_SECONDS * scale


def test_deep_nesting_is_read_linearly_and_keeps_the_rest() -> None:
    nested = "[" * 50_000 + "]" * 50_000
    body = ('{"id": "video_abc123", "status": "queued", "deep": ' + nested + "}").encode()
    assert parse_submission(body).task_id == "video_abc123"
    assert parse_task(body, expected_id="video_abc123").status == "queued"


@given(
    st.binary(min_size=8, max_size=400).filter(
        lambda b: b.decode("utf-8", "replace").count("\ufffd") * 10 > len(b)
    )
)
def test_a_binary_body_is_never_a_message(body: bytes) -> None:
    """Bytes that are not text (another file's tail, a video sent where an error was expected) never
    reach a message the user reads as raw characters."""
    words = error_message(body, "video/mp4")
    assert "\ufffd" not in words and all(c.isprintable() for c in words)
