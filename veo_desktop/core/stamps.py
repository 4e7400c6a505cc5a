"""Times kept in the history (seconds since the epoch) as dates. A time no calendar holds (written in
milliseconds by an older release, NaN, 1e400) is "unknown": it never breaks a name, a listing or a
``.json`` file."""

from __future__ import annotations

import datetime as dt


def as_datetime(stamp: float | None, tz: dt.tzinfo | None = None) -> dt.datetime | None:
    """``stamp`` as a date in ``tz`` (local time when None); None when there is no such date."""
    if stamp is None:
        return None
    try:
        return dt.datetime.fromtimestamp(stamp, tz)
    except (OverflowError, ValueError, OSError):
        return None


def stamp_text(stamp: float | None, pattern: str, unknown: str) -> str:
    """``stamp`` in local time written with ``pattern`` (strftime), or ``unknown``."""
    when = as_datetime(stamp)
    return unknown if when is None else when.strftime(pattern)
