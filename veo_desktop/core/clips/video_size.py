"""A saved video's own size in pixels, read from its file (the offline demo's clips are smaller than the
resolution asked for: what the app says of them is what the file holds). Blocking: call it off the
window's thread."""

from __future__ import annotations

from pathlib import Path


def video_size(path: Path) -> tuple[int, int] | None:
    """(width, height) of the file's video, or None when it cannot be read. PyAV is imported here, when
    a size is asked for, not by everything that imports this module (`download` loads only what it needs)."""
    from veo_desktop.core.clips.clip_frames import NotAVideo, open_video

    try:
        with open_video(path) as container:
            context = container.streams.video[0].codec_context
            return (context.width, context.height) if context.width and context.height else None
    except (NotAVideo, OSError):
        return None


def size_text(size: tuple[int, int] | None) -> str:
    """As the app writes a size: ``640x360`` ("" for none)."""
    return "" if size is None else f"{size[0]}x{size[1]}"
