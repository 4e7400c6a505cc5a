"""Real, playable MP4 clips for the emulator: H.264 video and AAC sound, made with PyAV and Pillow.

Image-to-video: a slow camera move (a push-in that drifts across) over the reference image; with an end
frame too (the Flow channel's ``-fl`` models), the same move while the start frame dissolves into the end
frame, so the first frame shows the one and the last frame the other.
Text-to-video: an animated card that shows the prompt. Length and aspect ratio are the requested ones;
the pixel size is kept small (``short_side``) so clips encode in well under a second on a laptop.
"""

from __future__ import annotations

import array
import functools
import io
import math
import textwrap
from fractions import Fraction
from pathlib import Path
from typing import Final

import av
from PIL import Image, ImageDraw, ImageFont, ImageOps

SAMPLE_RATE: Final = 48_000
AUDIO_FRAME: Final = 1024


def frame_size(aspect_ratio: str, short_side: int) -> tuple[int, int]:
    long_side = (short_side * 16 // 9) // 2 * 2
    return (long_side, short_side) if aspect_ratio == "16:9" else (short_side, long_side)


def render_clip(
    *,
    seconds: int,
    aspect_ratio: str,
    image: bytes | None,
    prompt: str,
    end: bytes | None = None,
    fps: int = 24,
    short_side: int = 360,
) -> bytes:
    """Encode a clip and return the MP4 bytes. ``image`` is the start frame, ``end`` the end frame."""
    width, height = frame_size(aspect_ratio, short_side)
    frames = max(1, seconds * fps)
    source = _source_picture(image, width, height)
    target = _source_picture(end, width, height) if image is not None and end is not None else None
    out = io.BytesIO()
    with av.open(out, mode="w", format="mp4") as container:
        video = container.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.options = {"preset": "ultrafast", "tune": "stillimage"}
        audio = container.add_stream("aac", rate=SAMPLE_RATE)
        audio.layout = "mono"
        for index in range(frames):
            t = index / max(1, frames - 1)
            picture = (
                _moving_picture(source, target, width, height, t)
                if image is not None
                else _card(prompt, width, height, t)
            )
            frame = av.VideoFrame.from_image(picture)  # type: ignore[no-untyped-call]
            frame.pts = index
            frame.time_base = Fraction(1, fps)
            for packet in video.encode(frame):
                container.mux(packet)
        for packet in video.encode():
            container.mux(packet)
        for frame in _ambience(seconds):
            for packet in audio.encode(frame):
                container.mux(packet)
        for packet in audio.encode():
            container.mux(packet)
    return out.getvalue()


def _source_picture(image: bytes | None, width: int, height: int) -> Image.Image:
    if image is None:
        return Image.new("RGB", (width, height))
    with Image.open(io.BytesIO(image)) as opened:
        upright = ImageOps.exif_transpose(opened) or opened
        # Cover the frame with 25 % to spare, so the camera has room to move.
        return ImageOps.fit(upright.convert("RGB"), (width * 5 // 4, height * 5 // 4))


def _moving_picture(
    source: Image.Image, target: Image.Image | None, width: int, height: int, t: float
) -> Image.Image:
    """The camera move over the start frame, dissolving into the end frame when there is one."""
    picture = _camera_move(source, width, height, t)
    if target is None:
        return picture
    return Image.blend(picture, _camera_move(target, width, height, t), _ease(t))


def _ease(t: float) -> float:
    """0 at the start, 1 at the end, slow at both."""
    return (1 - math.cos(math.pi * t)) / 2


def _camera_move(source: Image.Image, width: int, height: int, t: float) -> Image.Image:
    ease = _ease(t)
    zoom = 1.0 - 0.18 * ease  # push in
    crop_w, crop_h = source.width * zoom * 0.8, source.height * zoom * 0.8
    left = (source.width - crop_w) * (0.2 + 0.6 * ease)
    top = (source.height - crop_h) * 0.5
    box = (left, top, left + crop_w, top + crop_h)
    return source.resize((width, height), Image.Resampling.BILINEAR, box=box)


def _card(prompt: str, width: int, height: int, t: float) -> Image.Image:
    hue = int(200 + 60 * t)
    picture = Image.new("RGB", (width, height), _hsv(hue, 0.55, 0.35))
    draw = ImageDraw.Draw(picture)
    radius = int(min(width, height) * (0.15 + 0.1 * math.sin(math.pi * 2 * t)))
    cx, cy = int(width * (0.2 + 0.6 * t)), height // 2
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=_hsv(hue + 40, 0.5, 0.6))
    font = ImageFont.load_default(size=max(12, height // 18))
    lines = textwrap.wrap(prompt, width=max(12, width // max(8, height // 30)))[:5]
    draw.multiline_text((width // 12, height // 8), "\n".join(lines), fill=(255, 255, 255), font=font)
    return picture


def _hsv(hue: int, saturation: float, value: float) -> tuple[int, int, int]:
    picture = Image.new("HSV", (1, 1), (hue % 256, int(saturation * 255), int(value * 255)))
    r, g, b = picture.convert("RGB").getpixel((0, 0))  # type: ignore[misc]
    return int(r), int(g), int(b)


def _ambience(seconds: int) -> list[av.AudioFrame]:
    """A quiet, slowly swelling tone: enough for a player to find and play a sound track."""
    frames = []
    total = seconds * SAMPLE_RATE
    waveform = _tone(seconds)
    for start in range(0, total, AUDIO_FRAME):
        count = min(AUDIO_FRAME, total - start)
        samples = waveform[start * 4 : (start + count) * 4]
        frame = av.AudioFrame(format="flt", layout="mono", samples=count)
        frame.planes[0].update(samples + b"\0" * (frame.planes[0].buffer_size - len(samples)))
        frame.sample_rate = SAMPLE_RATE
        frame.pts = start
        frame.time_base = Fraction(1, SAMPLE_RATE)
        frames.append(frame)
    return frames


@functools.lru_cache(maxsize=4)
def _tone(seconds: int) -> bytes:
    """The samples (32-bit float) of the tone, computed once per length: pure Python holds the GIL,
    and an emulator running beside the app must not starve the app's event loop."""
    total = seconds * SAMPLE_RATE
    return array.array(
        "f",
        (
            0.05
            * (0.5 - 0.5 * math.cos(2 * math.pi * i / total))
            * math.sin(2 * math.pi * 220 * i / SAMPLE_RATE)
            for i in range(total)
        ),
    ).tobytes()


def free_box_header(size: int) -> bytes:
    """The header of a top-level ``free`` box of ``size`` bytes (header included)."""
    if size < 2**32:
        return size.to_bytes(4, "big") + b"free"
    return (1).to_bytes(4, "big") + b"free" + size.to_bytes(8, "big")


def write_padded(path: Path, clip: bytes, total_size: int) -> None:
    """Write ``clip`` followed by a ``free`` box so the file is ``total_size`` bytes: still a valid MP4.
    The padding is written in pieces, never built in memory (benchmarks pad to hundreds of MB)."""
    missing = total_size - len(clip)
    with path.open("wb") as out:
        out.write(clip)
        if missing < 16:
            return
        header = free_box_header(missing)
        out.write(header)
        left = missing - len(header)
        zeros = bytes(min(left, 4 << 20))
        while left > 0:
            out.write(zeros[: min(left, len(zeros))])
            left -= min(left, len(zeros))
