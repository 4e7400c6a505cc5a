"""One film being written: PyAV joins the clips in a worker thread (the window stays responsive), its
progress reaches the UI thread through the event loop, and Cancel makes the worker stop at its next
frame and remove what it wrote. The film's list of clips is written beside it once it is whole."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from veo_desktop.core.clips.film import Film


@dataclass(frozen=True)
class Exported:
    film: Film
    sidecar_problem: str  # why the film's list of clips could not be written ("" when it was)


class FilmExport:
    def __init__(self, clips: list[Path], dest: Path, on_progress: Callable[[float], None]) -> None:
        self.clips = clips
        self.dest = dest
        self.on_progress = on_progress
        self._stop = threading.Event()

    def cancel(self) -> None:
        """Stop at the next frame; the partial film is removed and ``run`` raises ``Cancelled``."""
        self._stop.set()

    async def run(self) -> Exported:
        """Write the film (``NotAVideo``, ``Cancelled`` or ``OSError`` when it cannot be). When this
        coroutine itself is cancelled (the window closes), the worker is stopped and waited for, so no
        partial film is left behind."""
        loop = asyncio.get_running_loop()

        def progress(done: float) -> None:  # in the worker thread
            if not loop.is_closed():
                loop.call_soon_threadsafe(self.on_progress, done)

        worker = asyncio.ensure_future(asyncio.to_thread(_write, self.clips, self.dest, progress, self._stop))
        try:
            return await asyncio.shield(worker)
        except asyncio.CancelledError:
            self._stop.set()
            await asyncio.wait([worker])
            if not worker.cancelled():
                worker.exception()  # the worker's own Cancelled: expected, and seen
            raise


def _write(
    clips: list[Path], dest: Path, progress: Callable[[float], None], stop: threading.Event
) -> Exported:
    from veo_desktop.core.clips.film import join  # PyAV loads here, in the worker, not on the UI thread
    from veo_desktop.core.clips.provenance import write_film_sidecar

    film = join(clips, dest, progress=progress, cancelled=stop.is_set)
    try:
        write_film_sidecar(film.path, clips, copied=film.copied)
    except OSError as exc:  # the film is whole; only its list of clips is missing
        return Exported(film, str(exc))
    return Exported(film, "")
