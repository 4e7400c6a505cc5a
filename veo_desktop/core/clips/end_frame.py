"""Did a two-frame clip end on the end frame it was given? The service may keep only the first image it
is sent (its official channel drops a second one silently); nothing in its answer says so. So the clip's
last frame is compared with our copy of the end frame as it was uploaded (already cropped or fitted to
the video's shape: ``core/clips/framing.py``).

Both pictures are made small and grey (32x32), which leaves out the encoder's noise and blur; a few
slightly smaller crops of the end frame are tried too, so that a camera that keeps moving to the last
frame (the emulator's push-in, a real model's drift) is not taken for another picture. The distance is
the mean absolute difference of the grey levels (0 the same, 255 opposite) of the closest crop.

A clip ends on its end frame when that distance is under :data:`THRESHOLD` and the last frame is not
clearly nearer the start frame: busy pictures alike in their greys (shapes on one background) can be
under the threshold from each other, but a clip that stays on its start frame is always nearer that.
Blocking (PyAV decodes the whole clip): call :func:`check_saved` in a worker thread.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from PIL import Image, ImageChops, ImageOps, ImageStat

from veo_desktop.core.clips.clip_frames import NotAVideo, frame_at
from veo_desktop.core.task_record import TaskRecord

log = logging.getLogger(__name__)

SIDE: Final = 32
# Measured on the emulator's clips (docs/RELIABILITY.md): a clip that ends on its end frame is 1.4-4.1
# from it for pictures that differ clearly (22 at most for busy ones), one that ends on its start frame
# 72-135 (20 for busy ones alike in their greys: the start frame decides those).
THRESHOLD: Final = 40.0
# How much nearer the start frame than the end frame a last frame must be to count as the start frame
# (measured: 12 or more when it is, 16 or more the other way; a start and end frame alike tie).
NEARER_START: Final = 3.0
_SCALES: Final = (1.0, 0.9, 0.8)  # the end frame whole, and crops a push-in of 10 or 20 % would show
_PLACES: Final = (0.0, 0.5, 1.0)


@dataclass(frozen=True)
class EndFrameCheck:
    matched: bool
    distance: float


def _small(picture: Image.Image, box: tuple[float, float, float, float] | None = None) -> Image.Image:
    grey = picture.convert("L")
    return grey.resize((SIDE, SIDE), Image.Resampling.BOX, box=box)


def _crops(picture: Image.Image) -> list[Image.Image]:
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
    return min(float(ImageStat.Stat(ImageChops.difference(shown, crop)).mean[0]) for crop in _crops(end))


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
