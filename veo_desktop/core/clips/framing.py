"""How a reference image whose shape differs from the video's is framed: cropped (the user places the
crop box) or fitted whole with black bars; then scaled to what the chosen resolution can use.

The window shows the same boxes this module computes, and what it reports (size, bytes) is what
:func:`frame_image` sends: one place owns the geometry.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from veo_desktop.core.clips.images import EXTENSIONS, PreparedImage, fit_to_frame, frame_fit, reencode

Mode = Literal["crop", "fit"]
TOLERANCE = 0.01  # shapes closer than 1 % go as they are: nobody sees a one-pixel strip


@dataclass(frozen=True)
class Framing:
    mode: Mode = "crop"
    center_x: float = 0.5  # the crop box's centre, as a fraction of the image's width and height
    center_y: float = 0.5


def aspect_of(aspect_ratio: str) -> float:
    width, height = (int(n) for n in aspect_ratio.split(":"))
    return width / height


def needs_framing(width: int, height: int, aspect_ratio: str) -> bool:
    target = aspect_of(aspect_ratio)
    return abs(width / height - target) / target > TOLERANCE


def crop_box(width: int, height: int, aspect_ratio: str, framing: Framing) -> tuple[int, int, int, int]:
    """The largest box of the video's shape inside the image, centred where the user put it (kept
    inside the image): left, top, right, bottom in pixels."""
    target = aspect_of(aspect_ratio)
    box_w, box_h = (
        (width, round(width / target)) if width / height < target else (round(height * target), height)
    )
    box_w, box_h = min(box_w, width), min(box_h, height)
    left = min(max(0, round(framing.center_x * width - box_w / 2)), width - box_w)
    top = min(max(0, round(framing.center_y * height - box_h / 2)), height - box_h)
    return left, top, left + box_w, top + box_h


def canvas_size(width: int, height: int, aspect_ratio: str) -> tuple[int, int]:
    """The smallest picture of the video's shape that holds the whole image (the rest is black bars)."""
    target = aspect_of(aspect_ratio)
    if width / height < target:
        return round(height * target), height
    return width, round(width / target)


def frame_image(prepared: PreparedImage, size: str, aspect_ratio: str, framing: Framing) -> PreparedImage:
    """What is uploaded: the image cropped or fitted to the video's shape, then scaled to what a
    ``size`` (``WxH``) frame can use. ``scaled_from`` keeps the original's size and bytes, so the
    window can say how much less is sent."""
    if not needs_framing(prepared.width, prepared.height, aspect_ratio):
        return fit_to_frame(prepared, size)
    if framing.mode == "crop":
        left, top, right, bottom = crop_box(prepared.width, prepared.height, aspect_ratio, framing)
        region = (right - left, bottom - top)
    else:
        region = canvas_size(prepared.width, prepared.height, aspect_ratio)
    out_w, out_h = frame_fit(*region, size)
    scale = out_w / region[0]
    scaled = (max(1, round(prepared.width * scale)), max(1, round(prepared.height * scale)))
    from PIL import Image  # loaded here, not with the window: the window paints without Pillow

    from veo_desktop.api.wire import ReferenceImage

    with Image.open(io.BytesIO(prepared.reference.data)) as image:
        image.draft("RGB", scaled)
        picture = image.convert("RGBA" if "A" in image.mode else "RGB")
    ratio = picture.width / prepared.width  # a JPEG drafted at a fraction of its size
    if framing.mode == "crop":
        box = (round(left * ratio), round(top * ratio), round(right * ratio), round(bottom * ratio))
        framed = picture.crop(box).resize((out_w, out_h), Image.Resampling.LANCZOS)
    else:
        framed = Image.new(picture.mode, (out_w, out_h), "black")
        framed.paste(
            picture.resize(scaled, Image.Resampling.LANCZOS),
            ((out_w - scaled[0]) // 2, (out_h - scaled[1]) // 2),
        )
    mime, encoded = reencode(framed, as_jpeg=prepared.reference.mime == "image/jpeg")
    return replace(
        prepared,
        reference=ReferenceImage(encoded, mime, Path(prepared.reference.filename).stem + EXTENSIONS[mime]),
        width=out_w,
        height=out_h,
        scaled_from=(prepared.width, prepared.height, len(prepared.reference.data)),
    )
