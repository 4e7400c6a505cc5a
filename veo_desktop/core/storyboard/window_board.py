"""The window's storyboard (its Sequence tab), kept between runs: the clips in it, in order, the shots
written for the next film, and the storyboard file being filmed (so that a restart continues it rather
than starting again). A small JSON file in the app's data folder, written whole or not at all; a file
that cannot be read gives an empty storyboard (it holds no money: what was sent is in each film's
progress file and the history). No Qt.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from veo_desktop import paths
from veo_desktop.api import rules
from veo_desktop.core.atomic_files import write_atomically
from veo_desktop.core.storyboard.document import Shot, Storyboard
from veo_desktop.i18n import translate

log = logging.getLogger(__name__)
FORMAT: Final = "veo-desktop/window-storyboard-1"
MAX_BYTES: Final = 1024 * 1024


def folder() -> Path:
    """Where the window keeps its storyboard, the storyboards it films and their progress files."""
    return paths.data_dir() / "storyboard"


def board_file() -> Path:
    return folder() / "window.json"


@dataclass(frozen=True)
class KeptClip:
    """A clip of the sequence: its task in the history (by local id, checked against its task id)."""

    local_id: int
    task_id: str = ""
    video: str = ""


@dataclass(frozen=True)
class ShotClip:
    """A shot added from a finished clip: its prompt, and the clip that is its result."""

    prompt: str
    clip: KeptClip

    def to_json(self) -> dict[str, object]:
        clip = self.clip
        return {
            "prompt": self.prompt,
            "local_id": clip.local_id,
            "task_id": clip.task_id,
            "video": clip.video,
        }


@dataclass(frozen=True)
class KeptFilm:
    """A film the window made, shown in the Gallery: its file, how many shots, how long, its poster."""

    path: str
    shots: int
    seconds: float = 0.0
    poster: str = ""  # its first frame, as a picture ("" when it could not be grabbed)

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "shots": self.shots, "seconds": self.seconds, "poster": self.poster}


@dataclass(frozen=True)
class WindowBoard:
    clips: tuple[KeptClip, ...] = ()
    shots: tuple[str, ...] = ()  # the prompts of the next film's shots, in order
    filming: str = ""  # the storyboard file being filmed ("" when none is)
    stopped_at: int = 0  # the shot where its chain stopped, waiting for Retry, Edit or Skip (0: none)
    films: tuple[KeptFilm, ...] = ()  # the films made here, newest first (the Gallery shows them)
    adopted: tuple[ShotClip, ...] = ()  # shots added from finished clips: not sent, the clip is theirs
    made: str = ""  # the storyboard file of the last film made here (its shots can be filmed again)

    def to_json(self) -> dict[str, object]:
        return {
            "format": FORMAT,
            "clips": [{"local_id": c.local_id, "task_id": c.task_id, "video": c.video} for c in self.clips],
            "shots": list(self.shots),
            "filming": self.filming,
            "stopped_at": self.stopped_at,
            "films": [f.to_json() for f in self.films],
            "adopted": [a.to_json() for a in self.adopted],
            "made": self.made,
        }


def _clip(item: object) -> KeptClip | None:
    if not isinstance(item, dict):
        return None
    local_id = item.get("local_id")
    if not isinstance(local_id, int) or isinstance(local_id, bool):
        return None
    task_id, video = item.get("task_id"), item.get("video")
    return KeptClip(
        local_id, task_id if isinstance(task_id, str) else "", video if isinstance(video, str) else ""
    )


def _shot_clip(item: object) -> ShotClip | None:
    clip = _clip(item)
    prompt = item.get("prompt") if isinstance(item, dict) else None
    return ShotClip(prompt, clip) if clip is not None and isinstance(prompt, str) and prompt else None


def _film(item: object) -> KeptFilm | None:
    if not isinstance(item, dict):
        return None
    path, shots, seconds, poster = (item.get(k) for k in ("path", "shots", "seconds", "poster"))
    if not isinstance(path, str) or not path or not isinstance(shots, int) or isinstance(shots, bool):
        return None
    length = float(seconds) if isinstance(seconds, int | float) and not isinstance(seconds, bool) else 0.0
    length = length if 0 <= length < float("inf") else 0.0
    return KeptFilm(path, shots, length, poster if isinstance(poster, str) else "")


def parse(data: object) -> WindowBoard:
    """The storyboard from the file's JSON value; what cannot be read is left out."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return WindowBoard()
    clips = data.get("clips")
    shots = data.get("shots")
    filming = data.get("filming")
    stopped_at = data.get("stopped_at")
    kept = [_clip(item) for item in clips] if isinstance(clips, list) else []
    films, adopted = data.get("films"), data.get("adopted")
    taken = [_shot_clip(item) for item in adopted] if isinstance(adopted, list) else []
    made = [_film(item) for item in films] if isinstance(films, list) else []
    last = data.get("made")
    return WindowBoard(
        clips=tuple(c for c in kept if c is not None),
        shots=tuple(s for s in shots if isinstance(s, str)) if isinstance(shots, list) else (),
        filming=filming if isinstance(filming, str) else "",
        stopped_at=stopped_at if isinstance(stopped_at, int) and not isinstance(stopped_at, bool) else 0,
        films=tuple(f for f in made if f is not None),
        adopted=tuple(a for a in taken if a is not None),
        made=last if isinstance(last, str) else "",
    )


def load(path: Path | None = None) -> WindowBoard:
    """The kept storyboard (blocking; small); an empty one when there is none or it cannot be read."""
    path = path or board_file()
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValueError("too large")
        return parse(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return WindowBoard()
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        log.warning("the window's storyboard %s cannot be read (%s): starting empty", path, exc)
        return WindowBoard()


def save(board: WindowBoard, path: Path | None = None) -> None:
    """Write it whole or not at all (blocking; small)."""
    path = path or board_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(board.to_json(), indent=2, ensure_ascii=False) + "\n"
    write_atomically(path, text.encode("utf-8"))


def shot_prompts(text: str) -> tuple[str, ...]:
    """The shots written in the tab: one prompt per line, blank lines left out."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def new_storyboard(
    start: bytes, extension: str, prompts: tuple[str, ...], request: rules.VideoRequest, film: Path
) -> Storyboard:
    """A storyboard document for a film the window makes, written to a file of its own in
    :func:`folder` with a copy of its start picture (blocking). ``request``: the form's settings."""
    where = folder()
    where.mkdir(parents=True, exist_ok=True)
    stem = f"film-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 1_000_000:06d}"
    picture = where / f"{stem}-start.{extension}"
    write_atomically(picture, start)
    return Storyboard(
        path=where / f"{stem}.json",
        start_image=picture.name,
        shots=tuple(Shot(prompt=p) for p in prompts),
        film=str(film),
        model=request.model,
        seconds=request.seconds,
        resolution=request.resolution,
        aspect_ratio=request.aspect_ratio,
        negative_prompt=request.negative_prompt,
        seed=request.seed,
    )


def with_shots(story: Storyboard, prompts: tuple[str, ...]) -> Storyboard:
    """The same storyboard with these shots (edited while a film was paused): a shot whose prompt
    changed is filmed again (its fingerprint changed); those before it stay saved."""
    kept = {shot.prompt: shot for shot in story.shots}
    return replace(story, shots=tuple(kept.get(p, Shot(prompt=p)) for p in prompts))


MAX_FILMS: Final = 100  # the newest films the Gallery lists


def remember_film(films: tuple[KeptFilm, ...], film: KeptFilm) -> tuple[KeptFilm, ...]:
    """The films made, with this one first (a film made again at the same path replaces its tile)."""
    return (film, *(f for f in films if f.path != film.path))[:MAX_FILMS]


def films_on_disk(films: tuple[KeptFilm, ...]) -> tuple[KeptFilm, ...]:
    """The films whose file is still there (blocking: one stat each); a moved or deleted film is not
    listed, and its poster is left out when the poster is gone."""
    found = []
    for film in films:
        if Path(film.path).is_file():
            found.append(film if not film.poster or Path(film.poster).is_file() else replace(film, poster=""))
    return tuple(found)


def film_title(film: KeptFilm) -> str:
    """A film's name on its Gallery tile: ``Film · 3 shots``."""
    count = film.shots
    return translate("Gallery", "Film · %n shot(s)", None, count)


def adopt_clip(
    adopted: tuple[ShotClip, ...], shots: tuple[str, ...], prompt: str, clip: KeptClip
) -> tuple[ShotClip, ...]:
    """The shots taken from clips once this one is added (one clip per prompt: the newest wins), those
    whose shot was taken out of the storyboard let go."""
    return (*(a for a in adopted if a.prompt != prompt and a.prompt in shots), ShotClip(prompt, clip))


def shot_line(prompt: str) -> str:
    """A prompt as one shot's line in the tab (one shot per line: its line breaks become spaces)."""
    return " ".join(prompt.split())
