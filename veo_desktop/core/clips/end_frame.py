"""Did a two-frame clip end on the end frame it was given? The service may keep only the first image it
is sent (its official channel drops a second one silently); nothing in its answer says so. So the clip's
last frame is compared with our copy of the end frame as it was uploaded (already cropped or fitted to
the video's shape: ``core/clips/framing.py``).

Both pictures are made small and grey (32x32), which leaves out the encoder's noise and blur; smaller
crops of the end frame are tried too, so that a camera that keeps moving to the last frame (the
emulator's push-in, a real model's drift) is not taken for another picture. The distance of the closest
crop is the larger of two differences, each 0 (the same) to 255 (opposite):

- brightness: the mean absolute difference of the grey levels;
- structure: 127.5 x (1 - s), where s is the pictures' shared spread, ``2 cov / (var + var' + FLAT^2)``
  (the contrast-structure part of SSIM): 1 for the same shapes at the same contrast, 0 for unrelated
  ones, -1 for a negative. A flat picture has no structure: against a picture with shapes (a dark night
  with a lit window) it is far (about 100) however close its brightness, and a last frame whose contrast
  is far below the end frame's (under about 40 % of it) is too; two flat pictures are near (their
  brightness decides), so a plain end frame still matches a plain last frame of its colour.

A clip ends on its end frame when that distance is under :data:`THRESHOLD` and the last frame is not
clearly nearer the start frame (a start and an end frame alike: the nearer one decides).
Blocking (PyAV decodes the whole clip): call :func:`check_saved` in a worker thread.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, cast

from PIL import Image, ImageOps

from veo_desktop.core.clips.clip_frames import NotAVideo, frame_at
from veo_desktop.core.task_record import TaskRecord

log = logging.getLogger(__name__)

SIDE: Final = 32
# Measured (docs/RELIABILITY.md): a last frame that is the end frame is 1.5-22.5 from it (the emulator's
# clips: 1.5-2.0 two-tone, 6.3 day/night, 8.9-22.5 busy shapes; through a codec 2.4-8.9); a clip that
# stays on its start frame 64.7-125.4; a black or flat grey frame 103.5 from a night picture.
THRESHOLD: Final = 40.0
# How much nearer the start frame than the end frame a last frame must be to count as the start frame
# (measured: 51 or more when it is, 53 or more the other way; a start and end frame alike tie).
NEARER_START: Final = 3.0
# The grey spread (a standard deviation, of 255) under which a picture counts as plain: it keeps the
# structure difference of two plain pictures near 0, and of a plain one and a picture with shapes high.
FLAT: Final = 8.0
# The end frame whole, and the crops a push-in of 10 to 40 % would show, each at 5x5 places.
_SCALES: Final = (1.0, 0.9, 0.8, 0.7, 0.6)
_PLACES: Final = (0.0, 0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class EndFrameCheck:
    matched: bool
    distance: float


class _Greys:
    """A small grey picture's levels, with their mean and variance."""

    def __init__(self, levels: list[float]) -> None:
        self.levels = levels
        self.mean = sum(levels) / len(levels)
        self.variance = sum((level - self.mean) ** 2 for level in levels) / len(levels)

    def distance(self, other: _Greys) -> float:
        """The larger of the brightness and the structure difference, each 0 (the same) to 255."""
        count = len(self.levels)
        apart = [a - b for a, b in zip(self.levels, other.levels, strict=True)]
        brightness = sum(abs(d) for d in apart) / count
        spread = sum(d * d for d in apart) / count - (self.mean - other.mean) ** 2
        structure = 127.5 * max(0.0, spread) / (self.variance + other.variance + FLAT**2)
        return max(brightness, structure)


def _small(picture: Image.Image, box: tuple[float, float, float, float] | None = None) -> _Greys:
    grey = picture.convert("L").convert("F").resize((SIDE, SIDE), Image.Resampling.BOX, box=box)
    return _Greys(list(cast("tuple[float, ...]", grey.get_flattened_data())))  # one band: a float each


def _crops(picture: Image.Image) -> list[_Greys]:
    width, height = picture.size
    crops = []
    for scale in _SCALES:
        places = [(0.5, 0.5)] if scale == 1.0 else list(itertools.product(_PLACES, _PLACES))
        for x, y in places:
            left, top = (width - width * scale) * x, (height - height * scale) * y
            crops.append(_small(picture, (left, top, left + width * scale, top + height * scale)))
    return crops


def frame_distance(last: Image.Image, end: Image.Image) -> float:
    """How far ``last`` (a clip's last frame) is from ``end`` (the end frame as sent), 0 to 255."""
    if end.size != last.size:  # sent unframed: the service crops it to the video's shape (the centre)
        end = ImageOps.fit(end.convert("RGB"), last.size, Image.Resampling.BOX)
    shown = _small(last)
    return min(shown.distance(crop) for crop in _crops(end))


def compare(last: Image.Image, end: Image.Image, start: Image.Image | None = None) -> EndFrameCheck:
    """``start``: the start frame as sent, when there is one."""
    distance = frame_distance(last, end)
    matched = distance <= THRESHOLD
    if matched and start is not None:
        matched = distance <= frame_distance(last, start) + NEARER_START
    return EndFrameCheck(matched, round(distance, 1))


def _picture(path: str) -> Image.Image:
    with Image.open(path) as opened:
        return (ImageOps.exif_transpose(opened) or opened).convert("RGB")


def check_saved(record: TaskRecord, video: Path) -> dict[str, Any]:
    """The history's fields for a saved clip: ``end_frame_match`` and ``end_frame_distance`` for a
    two-frame task, none for another, or when the clip or the copy of the end frame cannot be read
    (the clip is kept either way; unchecked is not a verdict)."""
    if not (record.end_image_copy and record.end_image_sha256):
        return {}
    try:
        last = frame_at(video)
        end = _picture(record.end_image_copy)
    except (NotAVideo, OSError, Image.DecompressionBombError, ValueError) as exc:
        log.warning("the end frame of %s was not checked: %s", video.name, exc)
        return {}
    try:  # without the start frame, the distance alone decides
        start = _picture(record.image_copy) if record.image_copy else None
    except (OSError, Image.DecompressionBombError, ValueError):
        start = None
    check = compare(last, end, start)
    return {"end_frame_match": check.matched, "end_frame_distance": check.distance}
