"""The film of a storyboard whose shots are all saved: joined (:func:`veo_desktop.core.clips.film.join`,
stream copy where the clips match) and named only when whole, with a ``.json`` beside it listing the shots,
their task ids and the total cost. A film already made by an earlier run is not made again."""

from __future__ import annotations

import asyncio
import json
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from veo_desktop import __version__
from veo_desktop.api import rules
from veo_desktop.core.atomic_files import write_atomically, write_new
from veo_desktop.core.clips.provenance import FILM_FORMAT, sidecar_path
from veo_desktop.core.storyboard.document import Storyboard
from veo_desktop.core.storyboard.progress import Progress
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.i18n import translate


@dataclass(frozen=True)
class FilmMade:
    path: Path
    copied: bool  # True: stream copy (or the only clip as it is)
    seconds: float
    total_cents: int
    again: bool = False  # an earlier run had made it already
    listed: bool = True  # its .json was written


def shot_cost(record: TaskRecord) -> int:
    """What a saved shot costs: what the history says it was charged, else its model's price."""
    if record.cost_cents is not None:
        return record.cost_cents
    model = rules.MODELS.get(record.model)
    return model.price_cents if model else 0


def film_listing(
    story: Storyboard, records: list[TaskRecord], *, copied: bool, seconds: float
) -> dict[str, Any]:
    total = sum(shot_cost(r) for r in records)
    return {
        "format": FILM_FORMAT,
        "made_with": f"Veo Desktop {__version__}",
        "storyboard": str(story.path),
        "joined": "stream copy" if copied else "encoded again (H.264/AAC)",
        "seconds": round(seconds, 3),
        "clips": [
            {
                "file": Path(r.output_path).name,
                "path": str(Path(r.output_path).resolve()),
                "task_id": r.task_id,
            }
            for r in records
        ],
        "shots": [
            {
                "number": number,
                "prompt": r.prompt,
                "model": r.model,
                "task_id": r.task_id,
                "continues_task_id": r.parent_task_id or None,
                "video": r.output_path,
                "cost": {"cents": shot_cost(r), "text": rules.format_cents(shot_cost(r))},
            }
            for number, r in enumerate(records, 1)
        ],
        "total_cost": {"cents": total, "text": rules.format_cents(total)},
        "demo": any(r.demo for r in records),
    }


def _write(story: Storyboard, clips: list[Path], cancelled: threading.Event) -> tuple[Path, bool, float]:
    """Blocking: the film at the storyboard's film name (or the next free one)."""
    from veo_desktop.core.clips.film import join, probe

    if len(clips) == 1:  # one shot: its clip is the film
        path = write_new(story.film_path, lambda temp: shutil.copyfile(clips[0], temp), suffix=".partial.mp4")
        return path, True, probe(path).seconds
    film = join(clips, story.film_path, cancelled=cancelled.is_set)
    return film.path, film.copied, film.seconds


async def export_film(story: Storyboard, progress: Progress, records: list[TaskRecord]) -> FilmMade:
    total = sum(shot_cost(r) for r in records)
    if progress.film and Path(progress.film).is_file():
        from veo_desktop.core.clips.film import probe

        seconds = (await asyncio.to_thread(probe, Path(progress.film))).seconds
        return FilmMade(Path(progress.film), True, seconds, total, again=True)
    clips = [Path(r.output_path) for r in records]
    stop = threading.Event()  # Ctrl+C: the worker stops at its next frame and removes what it wrote
    try:
        path, copied, seconds = await asyncio.to_thread(_write, story, clips, stop)
    except asyncio.CancelledError:
        stop.set()
        raise
    progress.film = str(path)
    await asyncio.to_thread(progress.save)
    listing = film_listing(story, records, copied=copied, seconds=seconds)
    target = sidecar_path(path)
    listed = not target.exists()  # never over a file that is not this film's
    if listed:
        text = json.dumps(listing, indent=2, ensure_ascii=False) + "\n"
        await asyncio.to_thread(write_atomically, target, text.encode("utf-8"))
    return FilmMade(path, copied, seconds, total, listed=listed)


def listing_note(film: FilmMade) -> str:
    if film.listed:
        return ""
    text = translate("Storyboard", "{name} exists; the film's list of shots was not written")
    return text.format(name=sidecar_path(film.path).name)
