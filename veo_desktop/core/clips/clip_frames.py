"""Single frames of a saved video: the last one (to continue a clip from it), or the one at a time.

PyAV decodes; nothing here is written by hand. Blocking: call these in a worker thread.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Final

import av
from PIL import Image

from veo_desktop.core.atomic_files import write_new
from veo_desktop.i18n import translate

# The containers a clip may come in (FFmpeg's demuxer names); anything else, stills included, is refused.
VIDEO_CONTAINERS: Final = frozenset(
    {"mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "avi", "mpegts", "flv", "ogg"}
)
# A time this close to the end (or past it) means the last frame.
_END_SLACK: Final = 1e-6


class NotAVideo(ValueError):
    """The file is missing, unreadable or holds no video stream; the message is for the user."""


def open_video(path: Path) -> av.container.InputContainer:
    """The file opened for decoding, or :class:`NotAVideo` saying why in words."""
    if not path.is_file():
        raise NotAVideo(translate("Clips", "{name}: there is no such file").format(name=path.name))
    try:
        container = av.open(str(path), mode="r")
    except (av.error.FFmpegError, OSError, UnicodeDecodeError):
        raise NotAVideo(
            translate("Clips", "{name}: not a video this app can read").format(name=path.name)
        ) from None
    if container.format.name not in VIDEO_CONTAINERS:
        container.close()  # FFmpeg reads a still image (PNG, GIF, ICO…) as a one-frame "video"
        raise NotAVideo(translate("Clips", "{name}: not a video this app can read").format(name=path.name))
    if not container.streams.video:
        container.close()
        raise NotAVideo(translate("Clips", "{name}: the file holds no video").format(name=path.name))
    return container


def incomplete(path: Path, found: int, expected: int) -> NotAVideo:
    text = translate("Clips", "{name}: the video is incomplete ({found} of its {expected} frames are there)")
    return NotAVideo(text.format(name=path.name, found=found, expected=expected))


def check_whole(container: av.container.InputContainer, path: Path) -> None:
    """Refuse a video cut short (an interrupted download whose index was written first): fewer
    pictures can be read than its index lists. Reads packets only, no decoding; the container is
    left at its end."""
    stream = container.streams.video[0]
    if stream.frames <= 0:
        return
    found = 0
    try:
        for packet in container.demux(stream):
            found += 1 if packet.size else 0
    except av.error.FFmpegError:
        pass
    if found < stream.frames:
        raise incomplete(path, found, stream.frames)


def check_decodes(path: Path) -> None:
    """Refuse a video whose pictures do not all decode (damaged data inside a file whose index and
    packets look whole, which :func:`check_whole` cannot see): every frame is decoded once, threaded."""
    with open_video(path) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        decoded = 0
        try:
            for _ in container.decode(stream):
                decoded += 1
        except av.error.FFmpegError:
            if stream.frames <= decoded:
                raise NotAVideo(
                    translate("Clips", "{name}: the video does not decode").format(name=path.name)
                ) from None
        if stream.frames > decoded:
            raise incomplete(path, decoded, stream.frames)


def frame_at(path: Path, at: float | None = None) -> Image.Image:
    """The frame shown at ``at`` seconds (the last one it reached when ``at`` is past the end), or the
    last frame when ``at`` is None. Exact: decodes from the keyframe before ``at`` up to it."""
    if at is not None and at < 0:
        raise NotAVideo(translate("Clips", "A time in a video cannot be negative"))
    with open_video(path) as container:
        stream = container.streams.video[0]
        if at is not None and stream.time_base is not None:
            container.seek(int(at / stream.time_base), stream=stream, backward=True, any_frame=False)
        found = None
        decoded = 0
        try:
            for frame in container.decode(stream):
                decoded += 1
                if (
                    at is not None
                    and found is not None
                    and frame.time is not None
                    and frame.time > at + _END_SLACK
                ):
                    break
                found = frame
        except av.error.FFmpegError:
            if found is None:
                raise NotAVideo(
                    translate("Clips", "{name}: the video does not decode").format(name=path.name)
                ) from None
        if found is None:
            raise NotAVideo(translate("Clips", "{name}: the video has no frames").format(name=path.name))
        if at is None and stream.frames > decoded:  # cut short: what decoded last is not the last frame
            raise incomplete(path, decoded, stream.frames)
        image: Image.Image = found.to_image()  # type: ignore[no-untyped-call]
        return image


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def save_frame(path: Path, at: float | None, dest: Path) -> Path:
    """Save the frame at ``at`` (None: the last) as a PNG at ``dest``, or at the next free name
    (``frame-2.png``) when ``dest`` is taken: written beside, then named, never replacing a file."""
    return write_new_file(dest, png_bytes(frame_at(path, at)))


def write_new_file(dest: Path, data: bytes) -> Path:
    """Write ``data`` as a new file at ``dest`` or the next free name (see :func:`write_new`)."""
    return write_new(dest, lambda temp: temp.write_bytes(data))
