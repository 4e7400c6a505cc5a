"""The player's clock in words, without Qt: m:ss while a video plays; m:ss.hh (hundredths) when it is
paused or stepped, so every frame step shows (a frame at up to 100 per second moves the clock by at
least a hundredth); and a sequence's time counted over the whole film, not the clip playing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def clock(ms: int) -> str:
    """A position or a length as m:ss (whole seconds, cut down: 0:01.99 is 0:01)."""
    whole = max(0, int(ms)) // 1000
    return f"{whole // 60}:{whole % 60:02d}"


def fine_clock(ms: int) -> str:
    """A position as m:ss.hh: the hundredths of a second too."""
    ms = max(0, int(ms))
    return f"{clock(ms)}.{ms % 1000 // 10:02d}"


def player_clock(position_ms: int, duration_ms: int, *, playing: bool) -> str:
    """What the player's clock says: where it is (finely when not playing) and how long it all is."""
    at = clock(position_ms) if playing else fine_clock(position_ms)
    return f"{at} / {clock(duration_ms)}"


def film_time(lengths_ms: Sequence[int], place: int, position_ms: int) -> tuple[int, int]:
    """Where a sequence is in its film, and the film's length (ms): the clips before the one at
    ``place`` and ``position_ms`` into it. A clip of unknown length (0) makes both unknown: (-1, -1)."""
    if not lengths_ms or any(length <= 0 for length in lengths_ms) or not 0 <= place < len(lengths_ms):
        return -1, -1
    return sum(lengths_ms[:place]) + max(0, position_ms), sum(lengths_ms)


def clip_length_ms(path: Path) -> int:
    """How long a saved clip lasts (ms), read from its file's header (a few milliseconds); 0 when it
    cannot be read. PyAV loads here, on the first sequence, not when the window starts."""
    import av

    try:
        with av.open(str(path)) as container:
            return round(container.duration * 1000 / av.time_base) if container.duration else 0
    except (OSError, av.FFmpegError):
        return 0
