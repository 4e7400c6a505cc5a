"""Poster frames for the gallery: the first frame of a saved video, grabbed once (off the UI thread) and
kept as a small PNG in the app's data folder."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import TYPE_CHECKING

from veo_desktop.core.atomic_files import write_atomically

if TYPE_CHECKING:  # PyAV makes the picture; Pillow is not imported at start-up for its name
    from PIL import Image

POSTER_SIDE = 320


class PosterFailed(Exception):
    pass


def poster_path(video: Path, cache: Path) -> Path:
    """Where the poster of this exact file (path, size and time) lives."""
    stat = video.stat()
    key = hashlib.sha1(f"{video}|{stat.st_size}|{stat.st_mtime_ns}".encode(), usedforsecurity=False)
    return cache / f"{key.hexdigest()}.png"


def grab_poster(video: Path, cache: Path) -> Path:
    """The poster's path, made now if it is not cached yet. Blocking: call it in a worker thread."""
    try:
        target = poster_path(video, cache)
    except OSError as exc:
        raise PosterFailed(f"{video.name} is missing") from exc
    if target.exists():
        return target
    import av  # FFmpeg's libraries load on the first poster, not at start-up (about 35 ms)

    try:
        with av.open(str(video)) as container:
            frame = next(container.decode(video=0))
            picture: Image.Image = frame.to_image()  # type: ignore[no-untyped-call]
    except (av.FFmpegError, StopIteration, OSError) as exc:
        raise PosterFailed(f"{video.name} has no readable frame") from exc
    picture.thumbnail((POSTER_SIDE, POSTER_SIDE))
    cache.mkdir(parents=True, exist_ok=True)
    png = io.BytesIO()
    picture.save(png, format="PNG")
    # Two jobs may make the same poster at once (the gallery asks again before the first is done): each
    # writes a temporary file of its own, and either one's poster is the right one.
    write_atomically(target, png.getvalue())
    return target
