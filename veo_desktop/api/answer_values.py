"""Values read out of the service's answers, whatever a service or a gateway in front of it writes.

A JSON answer may hold what Python's own ``json.dumps`` writes (``NaN``, ``Infinity``), numbers no float
holds (``1e400``), integers of thousands of digits, nesting deep enough to exhaust the parser's stack, a
number written as a string, digits of other scripts, and times in seconds, milliseconds or ISO text. Each
reader here takes any of those and gives a usable value or None ("not said"); none raises. The answer as
a whole is read by :func:`load_json`, whose only error is ``ValueError`` (not JSON at all).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Any, Final

# Deeper than this, a part of an answer is read as null: nothing the app uses is nested past two levels.
MAX_DEPTH: Final = 32
# An integer literal longer than this is no count or time of ours (and past 4,300 digits int() refuses).
MAX_INT_DIGITS: Final = 30
# Times the app accepts from a service: 2000-01-01 to 2200-01-01 (UTC), in seconds since the epoch.
EARLIEST: Final = 946_684_800.0
LATEST: Final = 7_258_118_400.0
# A timestamp above each bound is read in the next smaller unit: seconds, ms, µs, ns.
_UNITS: Final = ((1e11, 1.0), (1e14, 1e3), (1e17, 1e6), (1e20, 1e9))
_PLAIN_NUMBER: Final = re.compile(r"\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*%?\s*")
# Tokens of JSON text for :func:`_shallow`: a string (escapes kept whole), a bracket, or anything else.
_TOKENS: Final = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]|[^"\[\]{}]+', re.DOTALL)


def load_json(text: str | bytes) -> Any:
    """The JSON value of ``text``: NaN and ±Infinity (and numbers too large for a float) read as None,
    an over-long integer as None, parts nested deeper than :data:`MAX_DEPTH` as None. ``ValueError``
    when it is not JSON."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    try:
        return _loads(text)
    except RecursionError:
        return _loads(_shallow(text, MAX_DEPTH))


def _loads(text: str) -> Any:
    return json.loads(text, parse_constant=_no_constant, parse_float=_finite_float, parse_int=_short_int)


def _no_constant(_name: str) -> None:
    return None


def _finite_float(literal: str) -> float | None:
    value = float(literal)
    return value if math.isfinite(value) else None


def _short_int(literal: str) -> int | None:
    return int(literal) if len(literal.lstrip("-")) <= MAX_INT_DIGITS else None


def _shallow(text: str, depth_limit: int) -> str:
    """``text`` with every array or object deeper than ``depth_limit`` replaced by ``null``; linear in
    the text's length, whatever its depth."""
    out: list[str] = []
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth == depth_limit + 1:
                out.append("null")
            if depth > depth_limit:
                continue
        elif token in ("]", "}"):
            depth -= 1
            if depth >= depth_limit:
                continue
        elif depth > depth_limit:
            continue
        out.append(token)
    return "".join(out)


def number(value: object) -> float | None:
    """A finite number from a JSON number or a plain ASCII number in a string ("42", " 4.5 ", "30%")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        result = float(value) if abs(value) < 1e300 else math.inf
    elif isinstance(value, str) and len(value) <= 64 and _PLAIN_NUMBER.fullmatch(value):
        result = float(value.strip().rstrip("%"))
    else:
        return None
    return result if math.isfinite(result) else None


def percent(value: object) -> int:
    """A progress value: a whole percentage from 0 to 100; anything unreadable is 0."""
    found = number(value)
    return 0 if found is None else int(max(0.0, min(100.0, found)))


def timestamp(value: object) -> float | None:
    """Seconds since the epoch from seconds, milliseconds, microseconds or nanoseconds (told apart by
    size), digits in a string, or ISO 8601 text (no zone: UTC). None when it is none of these or falls
    outside 2000 to 2200: an odd time is "not said", never a date that breaks a name or a listing."""
    found = number(value)
    if found is None and isinstance(value, str):
        found = _iso_seconds(value)
    if found is None:
        return None
    for bound, per_second in _UNITS:
        if abs(found) < bound:
            found /= per_second
            break
    return found if EARLIEST <= found <= LATEST else None


def _iso_seconds(text: str) -> float | None:
    text = text.strip()
    if not 8 <= len(text) <= 40 or not text.isascii():
        return None
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    try:
        return when.timestamp()
    except (OverflowError, ValueError, OSError):
        return None


def seconds_from_text(text: str | None, *, per_second: float = 1.0) -> float | None:
    """A header's count of seconds (``Retry-After: 30``) or milliseconds (``per_second=1000``): ASCII
    digits only (``"²".isdigit()`` is true, ``int("²")`` fails). None when it is not such a count."""
    if text is None:
        return None
    text = text.strip()
    if not text or len(text) > 15 or not text.isascii() or not text.isdigit():
        return None
    return int(text) / per_second
