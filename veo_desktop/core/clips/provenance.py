"""Provenance: beside every saved video, a small JSON file (same base name) saying how it was made.

Prompt, negative prompt, settings, model, its channel and price, seed, task id, each reference image's
role (start or end frame), name and SHA-256, the task it continues, the times and the cost. Never the
key: a :class:`TaskRecord` does not hold it. ``read_sidecar`` turns such a file back into a request, so
"Reuse settings" works from any video the app made.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from veo_desktop import __version__
from veo_desktop.api import rules
from veo_desktop.core.atomic_files import write_atomically
from veo_desktop.core.clips.video_size import size_text, video_size
from veo_desktop.core.history.store import TaskRecord
from veo_desktop.core.stamps import as_datetime
from veo_desktop.i18n import translate

FORMAT: Final = "veo-desktop/provenance-1"
MAX_SIDECAR_BYTES: Final = 256 * 1024
MAX_IMAGE_BYTES: Final = 64 * 1024 * 1024


def sidecar_path(video: Path) -> Path:
    return video.with_suffix(".json")


def _when(stamp: float | None) -> str | None:
    when = as_datetime(stamp, dt.UTC)
    return None if when is None else when.isoformat(timespec="seconds")


def _frames(record: TaskRecord) -> list[dict[str, str]]:
    named = (
        ("start", record.image_name, record.image_sha256),
        ("end", record.end_image_name, record.end_image_sha256),
    )
    return [{"role": role, "name": name, "sha256": sha} for role, name, sha in named if sha]


def _end_frame_check(record: TaskRecord) -> dict[str, Any]:
    """For a two-frame task only: did the clip end on the end frame sent (core/clips/end_frame.py); nulls
    when it could not be checked."""
    if not record.end_image_sha256:
        return {}
    check = {"ended_on_end_frame": record.end_frame_match, "distance": record.end_frame_distance}
    return {"end_frame_check": check}


def provenance(record: TaskRecord, size: str = "") -> dict[str, Any]:
    """``size``: the video's own size as read from its file (the offline demo's clips are smaller than
    their resolution says); by default the size the resolution and shape name."""
    frames = _frames(record)
    model = rules.MODELS.get(record.model)
    # The offline demo charges nothing, whatever its model would cost.
    cost = 0 if record.demo and record.cost_cents is not None else record.cost_cents
    return {
        "format": FORMAT,
        "made_with": f"Veo Desktop {__version__}",
        "prompt": record.prompt,
        "negative_prompt": record.negative_prompt,
        "model": record.model,
        "channel": model.channel if model else None,
        "price": None if model is None else {"cents": model.price_cents, "text": model.price_text},
        "seconds": record.seconds,
        "resolution": record.resolution,
        "aspect_ratio": record.aspect_ratio,
        "size": size or rules.SIZES.get((record.resolution, record.aspect_ratio), ""),
        "seed": record.seed,
        "task_id": record.task_id,
        # The start frame alone, as the first releases wrote it (they read this file too).
        "reference_image": {k: v for k, v in frames[0].items() if k != "role"} if frames else None,
        "reference_images": frames,
        "continues_task_id": record.parent_task_id or None,
        **_end_frame_check(record),
        "times": {
            "created": _when(record.created_at),
            "submitted": _when(record.submitted_at),
            "started": _when(record.started_at),
            "completed": _when(record.completed_at),
            "saved": _when(record.saved_at),
        },
        "cost": None if cost is None else {"cents": cost, "text": rules.format_cents(cost)},
        "demo": record.demo,
    }


def write_sidecar(record: TaskRecord, video: Path) -> Path:
    """Write (atomically) the provenance file beside ``video``. Blocking: call it in a worker thread."""
    target = sidecar_path(video)
    if target.exists() and not _is_ours(target):
        raise FileExistsError(
            translate(
                "Provenance", "{name} exists and is not a Veo Desktop settings file; left as it is"
            ).format(name=target.name)
        )
    size = size_text(video_size(video)) if record.demo else ""  # the demo's clips: their own size
    text = json.dumps(provenance(record, size), indent=2, ensure_ascii=False) + "\n"
    write_atomically(target, text.encode("utf-8"))
    return target


def _is_ours(path: Path) -> bool:
    try:
        read_sidecar(path)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Frame:
    """A reference image a provenance file names: its role, file name and SHA-256."""

    role: str  # "start" or "end"
    name: str
    sha256: str

    def beside(self, folder: Path) -> Path | None:
        """The image itself, when a file of that name and content lies in ``folder``."""
        path = folder / Path(self.name).name
        try:
            if path.is_file() and path.stat().st_size <= MAX_IMAGE_BYTES:
                return path if hashlib.sha256(path.read_bytes()).hexdigest() == self.sha256 else None
        except OSError:
            return None
        return None


@dataclass(frozen=True)
class Reused:
    request: rules.VideoRequest  # without the seed: reusing it is the user's choice
    seed: int | None
    image_name: str
    task_id: str = ""
    frames: tuple[Frame, ...] = ()

    def frame(self, role: str) -> Frame | None:
        return next((f for f in self.frames if f.role == role), None)


def read_sidecar(path: Path) -> Reused:
    """The request a provenance file describes; ``ValueError`` with a message for the user otherwise."""
    try:
        if path.stat().st_size > MAX_SIDECAR_BYTES:
            raise ValueError(
                translate("Provenance", "{name}: too large to be a Veo Desktop settings file").format(
                    name=path.name
                )
            )
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError(
            translate("Provenance", "{name}: not a Veo Desktop settings file (unreadable JSON)").format(
                name=path.name
            )
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(
            translate("Provenance", "{name}: not a Veo Desktop settings file").format(name=path.name)
        )
    text = {name: data.get(name) for name in ("prompt", "negative_prompt", "model", "seconds")}
    text.update(resolution=data.get("resolution"), aspect_ratio=data.get("aspect_ratio"))
    if not all(isinstance(value, str) for value in text.values()):
        raise ValueError(f"{path.name}: a settings file with missing or odd values")
    request = rules.VideoRequest(**text)  # type: ignore[arg-type]
    frames = _read_frames(data)
    roles = {frame.role for frame in frames}
    found = rules.problems(request, start="start" in roles, end="end" in roles)
    if found:
        raise ValueError(f"{path.name}: {found[0]}")
    seed = data.get("seed")
    task_id = data.get("task_id")
    return Reused(
        request,
        seed if isinstance(seed, int) and not isinstance(seed, bool) else None,
        frames[0].name if frames else "",
        task_id if isinstance(task_id, str) else "",
        frames,
    )


def _read_frames(data: dict[str, Any]) -> tuple[Frame, ...]:
    """The reference images a file names; a file of the first releases has only ``reference_image``."""
    listed = data.get("reference_images")
    if not isinstance(listed, list):
        single = data.get("reference_image")
        listed = [{"role": "start", **single}] if isinstance(single, dict) else []
    frames = []
    for item in listed:
        if not isinstance(item, dict):
            continue
        role, name, sha = (item.get(key) for key in ("role", "name", "sha256"))
        if role in ("start", "end") and isinstance(name, str) and isinstance(sha, str):
            frames.append(Frame(str(role), name, sha))
    return tuple(frames)


FILM_FORMAT: Final = "veo-desktop/film-1"


def write_film_sidecar(film: Path, clips: list[Path], *, copied: bool) -> Path:
    """Beside a joined film, the clips it holds, in order, each with the task that made it (from the
    clip's own provenance file, when there is one). Blocking: call it in a worker thread."""
    listed = []
    for clip in clips:
        task_id = None
        with contextlib.suppress(ValueError):
            task_id = read_sidecar(sidecar_path(clip)).task_id or None
        listed.append({"file": clip.name, "path": str(clip.resolve()), "task_id": task_id})
    data = {
        "format": FILM_FORMAT,
        "made_with": f"Veo Desktop {__version__}",
        "joined": "stream copy" if copied else "encoded again (H.264/AAC)",
        "clips": listed,
    }
    target = sidecar_path(film)
    if target.exists():
        raise FileExistsError(
            translate("Provenance", "{name} exists; the film's list of clips was not written").format(
                name=target.name
            )
        )
    write_atomically(target, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return target
