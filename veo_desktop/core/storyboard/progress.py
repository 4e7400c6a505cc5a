"""What has been sent for each shot, kept beside the storyboard (``STORY.progress.json``).

Before a shot's request goes out, its intent is written here (state ``sending``, the time, the task it
continues); the history's local id is added the moment the task manager records the task (still before
the request), and the service's task id once it answers. A later run reads the task's state from the
history (the source of truth) and never sends a shot again that has an accepted task, or one whose
outcome is unknown. Written whole or not at all; a lock beside it keeps two runs of one storyboard apart.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Final

from filelock import Timeout

from veo_desktop.core.atomic_files import write_atomically
from veo_desktop.core.history.locks import task_lock
from veo_desktop.core.storyboard.document import Shot, Storyboard, StoryboardError
from veo_desktop.core.storyboard.validation import shot_request
from veo_desktop.i18n import translate

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
class Progress:
    path: Path
    shots: dict[int, ShotProgress] = field(default_factory=dict)
    film: str = ""

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
        return entry

    def save(self) -> None:
        data = {
            "format": FORMAT,
            "shots": [
                {**asdict(entry), "earlier": list(entry.earlier)} for _, entry in sorted(self.shots.items())
            ],
            "film": self.film,
        }
        write_atomically(self.path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())


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


def load(story: Storyboard) -> Progress:
    """The storyboard's progress (empty when it has none yet). A damaged file is refused, never
    ignored: ignoring it could send shots again."""
    path = story.progress_path
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Progress(path)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        text = translate(
            "Storyboard",
            "{name} cannot be read, so what was already sent is not known; nothing was sent. "
            "Repair it, or move it away to film every shot again",
        )
        raise StoryboardError(text.format(name=path)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        text = translate("Storyboard", "{name} is not a storyboard's progress file; nothing was sent")
        raise StoryboardError(text.format(name=path))
    shots = [_entry(item) for item in data.get("shots") or []]
    if any(entry is None for entry in shots):
        text = translate("Storyboard", "{name} has a shot that cannot be read; nothing was sent")
        raise StoryboardError(text.format(name=path))
    film = data.get("film")
    return Progress(
        path, {e.number: e for e in shots if e is not None}, film if isinstance(film, str) else ""
    )


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


@contextlib.contextmanager
def filming_lock(story: Storyboard) -> Iterator[None]:
    """Held while a run films (or plans) this storyboard: a second run is refused, so no shot is sent
    by two runs at once. The operating system lets go of it when the process ends, however it ends."""
    lock = task_lock(story.path.with_name(f".{story.path.name}.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        text = translate("Storyboard", "{name} is being filmed by another run right now")
        raise AlreadyFilming(text.format(name=story.path.name)) from None
    try:
        yield
    finally:
        lock.release()


__all__ = ["AlreadyFilming", "Progress", "ShotProgress", "filming_lock", "fingerprint", "load"]
