"""The commands that work on saved videos, without the service: ``frame`` and ``join``.

Both refuse what is not a video (exit 2, a line saying which file and why) before writing anything,
and write beside the final name, naming the file only once it is whole.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import threading
import time
from pathlib import Path

from veo_desktop.cli.session import CliError


def _folder_of(output: Path, what: str) -> None:
    if not output.parent.is_dir():
        raise CliError(f"the folder {output.parent} does not exist; nothing was written")
    if output.is_dir():
        raise CliError(f"{output} is a folder; give the {what} file's name, like {output / ('film' + what)}")


async def frame(args: argparse.Namespace) -> int:
    """Save one frame of a video as a PNG: the last one, or the one shown at ``--at`` seconds."""
    from veo_desktop.core.clips.clip_frames import NotAVideo, frame_at, png_bytes, write_new_file

    output = Path(args.output)
    if output.suffix.lower() != ".png":
        raise CliError(f"{output.name}: the frame is saved as a PNG; end the name with .png")
    _folder_of(output, ".png")
    try:
        data = await asyncio.to_thread(lambda: png_bytes(frame_at(Path(args.video), args.at)))
    except NotAVideo as exc:
        raise CliError(str(exc)) from None
    writing = asyncio.ensure_future(asyncio.to_thread(write_new_file, output, data))
    try:
        saved = await asyncio.shield(writing)
    except asyncio.CancelledError:  # stopped while naming it: the user gets no frame, not half a promise
        saved = await writing
        saved.unlink(missing_ok=True)
        raise
    print(saved)
    return 0


async def join(args: argparse.Namespace) -> int:
    """Join clips into one film: stream copy when they match, else encoded again (with progress)."""
    from veo_desktop.core.clips.clip_frames import NotAVideo  # PyAV: only for these commands
    from veo_desktop.core.clips.film import join as join_clips
    from veo_desktop.core.clips.provenance import write_film_sidecar

    output = Path(args.output)
    if output.suffix.lower() != ".mp4":
        raise CliError(f"{output.name}: a film is saved as MP4; end the name with .mp4")
    _folder_of(output, ".mp4")
    clips = [Path(name) for name in args.clips]
    began = time.monotonic()
    shown = [-1]

    def progress(done: float) -> None:
        percent = int(done * 100)
        if percent // 10 != shown[0] // 10:
            shown[0] = percent
            print(f"veo-desktop: joining… {percent}%", file=sys.stderr, flush=True)

    stop = threading.Event()  # Ctrl+C: the worker stops at its next frame and removes what it wrote
    try:
        film = await asyncio.to_thread(join_clips, clips, output, progress=progress, cancelled=stop.is_set)
    except NotAVideo as exc:
        raise CliError(str(exc)) from None
    except asyncio.CancelledError:
        stop.set()
        raise
    how = "copied without re-encoding" if film.copied else "encoded again as H.264/AAC"
    print(
        f"veo-desktop: {film.clips} clips, {film.seconds:.1f} s, {how}, in {time.monotonic() - began:.1f} s",
        file=sys.stderr,
    )
    try:
        await asyncio.to_thread(write_film_sidecar, film.path, clips, copied=film.copied)
    except OSError as exc:  # the film is whole; only its list of clips is missing
        print(f"veo-desktop: the film is saved; its list of clips was not: {exc}", file=sys.stderr)
    print(film.path)
    return 0
