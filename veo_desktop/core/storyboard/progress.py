"""What has been sent for each shot, kept beside the storyboard (``STORY.progress.json``).

Before a shot's request goes out, its intent is written here (state ``sending``, the time, the task it
continues); the history's local id is added the moment the task manager records the task (still before
the request), and the service's task id once it answers. A later run reads the task's state from the
history (the source of truth) and never sends a shot again that has an accepted task, or one whose
outcome is unknown. Written whole or not at all; a lock beside it keeps two runs of one storyboard apart.

One storyboard is one file however it is reached: the progress file and the lock are named from the
file itself (a symbolic link finds the same ones; a hard link the same lock, and the same progress file
in the same folder), and a progress file written beside the name a storyboard was opened by (before
this release) is still found. The demo's shots and the real service's are kept apart (``"demo"`` in
the file): a run in one mode never displaces what the other sent, so the real run's paid shots are
never filmed again because the demo was tried in between.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Final

from filelock import Timeout

from veo_desktop import paths
from veo_desktop.core.atomic_files import write_atomically
from veo_desktop.core.history.locks import task_lock
from veo_desktop.core.storyboard.document import Shot, Storyboard, StoryboardError
from veo_desktop.core.storyboard.validation import shot_request
from veo_desktop.i18n import translate

log = logging.getLogger(__name__)
FORMAT: Final = "veo-desktop/storyboard-progress-1"


@dataclass(frozen=True)
class ShotProgress:
    number: int  # 1-based
    fingerprint: str  # what the shot asked for when it was sent (a changed shot is filmed again)
    state: str  # "sending" before the request; then the history's state as last seen; "saved"
    intent_at: float  # when the intent was written (before the request)
    parent_task_id: str = ""  # the task whose last frame it starts from ("" for shot 1)
    local_id: int | None = None  # the history's id of the task
    task_id: str | None = None  # the service's id
    video: str = ""
    earlier: tuple[dict[str, Any], ...] = ()  # attempts before this one (failed or refused: free)


@dataclass
class Section:
    """One mode's shots and film (the demo's, or the real service's)."""

    shots: dict[int, ShotProgress] = field(default_factory=dict)
    film: str = ""


@dataclass
class Progress:
    path: Path
    shots: dict[int, ShotProgress] = field(default_factory=dict)  # this mode's
    film: str = ""  # this mode's
    demo: bool = False  # the mode of ``shots`` and ``film``
    other: Section = field(default_factory=Section)  # the other mode's, kept as they are

    def use(self, demo: bool) -> None:
        """Work on the demo's shots or the real service's (the other mode's are kept, untouched)."""
        if demo != self.demo:
            here = Section(self.shots, self.film)
            self.shots, self.film = self.other.shots, self.other.film
            self.other, self.demo = here, demo

    def put(self, entry: ShotProgress) -> None:
        """Record a shot's entry now, durably (blocking; a small file)."""
        self.shots[entry.number] = entry
        self.save()

    def restart(self, entry: ShotProgress) -> ShotProgress:
        """A new attempt of this shot, the previous one kept in ``earlier``."""
        old = self.shots.get(entry.number)
        if old is not None and (old.local_id is not None or old.task_id):
            kept = {"local_id": old.local_id, "task_id": old.task_id, "state": old.state}
            entry = replace(entry, earlier=(*old.earlier, kept))
            self.film = ""  # the film cut from the earlier attempt is not this storyboard's any more
        return entry

    def save(self) -> None:
        """The real service's shots at the top (where earlier releases read them), the demo's apart."""
        here = Section(self.shots, self.film)
        real, demo = (self.other, here) if self.demo else (here, self.other)
        data = {"format": FORMAT, **_section_json(real), "demo": _section_json(demo)}
        write_atomically(self.path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())


def _section_json(section: Section) -> dict[str, Any]:
    shots = sorted(section.shots.items())
    return {"shots": [{**asdict(e), "earlier": list(e.earlier)} for _, e in shots], "film": section.film}


def _entry(item: object) -> ShotProgress | None:
    if not isinstance(item, dict):
        return None
    try:
        earlier = item.get("earlier") or ()
        local_id = item.get("local_id")
        return ShotProgress(
            number=int(item["number"]),
            fingerprint=str(item["fingerprint"]),
            state=str(item["state"]),
            intent_at=float(item["intent_at"]),
            parent_task_id=str(item.get("parent_task_id") or ""),
            local_id=None if local_id is None else int(local_id),
            task_id=str(item["task_id"]) if item.get("task_id") else None,
            video=str(item.get("video") or ""),
            earlier=tuple(e for e in earlier if isinstance(e, dict)),
        )
    except (KeyError, TypeError, ValueError):
        return None


def _section(data: dict[str, Any], path: Path) -> Section:
    shots = [_entry(item) for item in data.get("shots") or []]
    if any(entry is None for entry in shots):
        text = translate("Storyboard", "{name} has a shot that cannot be read; nothing was sent")
        raise StoryboardError(text.format(name=path))
    film = data.get("film")
    return Section({e.number: e for e in shots if e is not None}, film if isinstance(film, str) else "")


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other)
    except OSError:
        return False


def _hard_linked(real: Path) -> Path | None:
    """A progress file in the storyboard's folder written for another name of the same file (a hard
    link): ``NAME.progress.json`` beside a ``NAME.*`` that is this file (blocking: one listing)."""
    suffix = ".progress.json"
    try:
        names = sorted(p.name for p in real.parent.iterdir())
    except OSError:
        return None
    for name in names:
        stem = name[: -len(suffix)]
        if not name.endswith(suffix) or not stem or name == f"{real.stem}{suffix}":
            continue
        mates = (n for n in names if n.startswith(f"{stem}.") and n != name)
        if any(_same_file(real.parent / n, real) for n in mates):
            return real.parent / name
    return None


def found_path(story: Storyboard) -> Path:
    """Where the storyboard's progress is now: beside the file itself; else beside the name it was
    opened by (written before this release: it moves to the file's own name at the next write); else
    beside another name of it in its folder (a hard link). ``story.progress_path`` when there is none."""
    path = story.progress_path
    if path.exists():
        return path
    named = story.path.with_name(f"{story.path.stem}.progress.json")
    if named != path and named.exists():
        return named
    return _hard_linked(story.path.resolve()) or path


def load(story: Storyboard, *, demo: bool = False) -> Progress:
    """The storyboard's progress (empty when it has none yet), on ``demo``'s shots or the real
    service's (:meth:`Progress.use` switches). A damaged file is refused, never ignored: ignoring it
    could send shots again. Blocking (small files)."""
    path = story.progress_path
    found = found_path(story)
    try:
        data = json.loads(found.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Progress(path, demo=demo)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        text = translate(
            "Storyboard",
            "{name} cannot be read, so what was already sent is not known; nothing was sent. "
            "Repair it, or move it away to film every shot again",
        )
        raise StoryboardError(text.format(name=found)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        text = translate("Storyboard", "{name} is not a storyboard's progress file; nothing was sent")
        raise StoryboardError(text.format(name=found))
    real = _section(data, found)
    kept = data.get("demo")
    # Written before the modes were kept apart: its shots may be either mode's, so both start from them
    # (a task of the other mode is filmed again in this one, never displacing the other's).
    other = _section(kept, found) if isinstance(kept, dict) else Section(dict(real.shots), real.film)
    loaded = Progress(path, real.shots, real.film, False, other)
    _settle(loaded, found, story.path.with_name(f"{story.path.stem}.progress.json"))
    loaded.use(demo)
    return loaded


def _settle(loaded: Progress, found: Path, named: Path) -> None:
    """A progress file found elsewhere than beside the file itself: one an earlier release wrote beside
    the name the storyboard was opened by moves there now (the old one is left as it was); another
    name's (a hard link's) is shared where it is, so both names go on writing the same one."""
    if found == loaded.path:
        return
    if found == named:
        try:
            loaded.save()
            return
        except OSError as exc:
            log.warning("could not move %s to %s (%s): it is used where it is", found, loaded.path, exc)
    loaded.path = found


def _file_digest(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def fingerprint(story: Storyboard, number: int, shot: Shot) -> str:
    """What the shot asks for (its request, its end frame's bytes, and for shot 1 the start picture's):
    a shot whose fingerprint changed is filmed again. Blocking (reads the pictures)."""
    request = shot_request(story, shot)
    parts = {
        "request": asdict(request),
        "end": _file_digest(story.end_path(shot)),
        "start": _file_digest(story.start_path) if number == 1 else "",
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


class AlreadyFilming(StoryboardError):
    """Another run is filming this storyboard now."""


def _identity(path: Path) -> str:
    """The file's identity, the same for each of its names ("" where the system gives none)."""
    try:
        found = path.stat()
    except OSError:
        return ""
    return f"{found.st_dev:x}-{found.st_ino:x}" if found.st_ino else ""


def lock_paths(story: Storyboard) -> list[Path]:
    """The storyboard's locks, in the order every run takes them: beside the file itself (a symbolic
    link to it takes the same), by the file's identity (a hard link too), and beside the name it was
    opened by (as earlier releases did)."""
    real = story.path.resolve()
    found = {story.path.with_name(f".{story.path.name}.lock"), real.with_name(f".{real.name}.lock")}
    identity = _identity(real)
    if identity:
        paths.locks_dir().mkdir(parents=True, exist_ok=True)
        found.add(paths.locks_dir() / f"storyboard-{identity}.lock")
    return sorted(found, key=str)


@contextlib.contextmanager
def filming_lock(story: Storyboard) -> Iterator[None]:
    """Held while a run films (or plans) this storyboard, by any of its names: a second run is refused,
    so no shot is sent by two runs at once. The operating system lets go of it when the process ends,
    however it ends."""
    with contextlib.ExitStack() as held:
        for path in lock_paths(story):
            lock = task_lock(path)
            try:
                lock.acquire(timeout=0)
            except Timeout:
                text = translate("Storyboard", "{name} is being filmed by another run right now")
                raise AlreadyFilming(text.format(name=story.path.name)) from None
            held.callback(lock.release)
        yield


__all__ = [
    "AlreadyFilming",
    "Progress",
    "Section",
    "ShotProgress",
    "filming_lock",
    "fingerprint",
    "found_path",
    "load",
    "lock_paths",
]
