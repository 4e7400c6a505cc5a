"""The video's shape from the picture's (issue 28): a portrait picture suggests 9:16, a landscape one
16:9, unless the user picked a ratio; a square picture suggests nothing. The window shows the suggestion
beside the aspect ratio, saying where it came from."""

from __future__ import annotations

from dataclasses import dataclass

from veo_desktop.api import rules
from veo_desktop.i18n import translate


@dataclass(frozen=True)
class ShapeSuggestion:
    """The aspect ratio a picture suggests, and the note that says why."""

    aspect_ratio: str
    note: str


def shape_of(width: int, height: int) -> str | None:
    """The aspect ratio nearest the picture's shape (None for a square or an unreadable size)."""
    if width <= 0 or height <= 0 or width == height:
        return None
    return rules.PORTRAIT if height > width else rules.LANDSCAPE


def suggest_shape(width: int, height: int, *, picked: bool) -> ShapeSuggestion | None:
    """What the form should choose for a new start picture of ``width`` x ``height``; None when the
    user picked a ratio (theirs stands) or the picture has no shape to follow (a square)."""
    ratio = None if picked else shape_of(width, height)
    if ratio is None:
        return None
    note = translate("PictureShape", "{ratio}, from your picture's shape").format(ratio=ratio)
    return ShapeSuggestion(ratio, note)
