"""Pictures that are easy to tell apart, and what a clip's first and last frames look like."""

from __future__ import annotations

import io

import av
from PIL import Image, ImageChops, ImageStat

Colour = tuple[int, int, int]


def two_tone(first: Colour, second: Colour, size: tuple[int, int], *, across: bool = False) -> bytes:
    """A PNG split in two: ``first`` on top (on the left when ``across``), ``second`` below (right)."""
    width, height = size
    picture = Image.new("RGB", size, first)
    half = (width // 2, 0, width, height) if across else (0, height // 2, width, height)
    picture.paste(second, half)
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


START_SIZE = (320, 180)
START = two_tone((220, 30, 30), (30, 30, 220), START_SIZE)  # red over blue
END = two_tone((240, 220, 20), (20, 180, 60), START_SIZE, across=True)  # yellow beside green


def decoded(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as opened:
        return opened.convert("RGB")


def difference(a: Image.Image, b: Image.Image) -> float:
    """How unlike two pictures are (0 the same, 255 opposite), at a coarse 8x8 so that a camera move
    of a few per cent and the encoder's blur do not count."""
    small = [p.convert("RGB").resize((8, 8), Image.Resampling.BOX) for p in (a, b)]
    return float(sum(ImageStat.Stat(ImageChops.difference(*small)).mean) / 3)


def clip_ends(data: bytes) -> tuple[Image.Image, Image.Image, int]:
    """The first and the last picture of an MP4's video, and how many pictures it has."""
    first: Image.Image | None = None
    last: Image.Image | None = None
    count = 0
    with av.open(io.BytesIO(data), mode="r") as container:
        for frame in container.decode(video=0):
            picture = frame.to_image()
            first = first or picture
            last = picture
            count += 1
    assert first is not None and last is not None, "a video without pictures"
    return first, last, count


def clip_shape(data: bytes) -> tuple[int, int, int]:
    """Width and height of an MP4's video, and its length in whole seconds."""
    with av.open(io.BytesIO(data), mode="r") as container:
        video = container.streams.video[0]
        assert container.duration is not None
        return video.codec_context.width, video.codec_context.height, round(container.duration / 1e6)
