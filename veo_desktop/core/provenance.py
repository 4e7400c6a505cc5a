"""Provenance: beside every saved video, a small JSON file (same base name) saying how it was made.

Prompt, negative prompt, settings, model, seed, task id, the reference image's name and SHA-256, the
times and the cost. Never the key: a :class:`TaskRecord` does not hold it. ``read_sidecar`` turns such a
file back into a request, so "Reuse settings" works from any video the app made.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from veo_desktop import __version__
from veo_desktop.api import rules
from veo_desktop.core.atomic_files import write_atomically
from veo_desktop.core.history import TaskRecord
from veo_desktop.i18n import translate

FORMAT: Final = "veo-desktop/provenance-1"
MAX_SIDECAR_BYTES: Final = 256 * 1024


def sidecar_path(video: Path) -> Path:
    return video.with_suffix(".json")


def _when(stamp: float | None) -> str | None:
    if stamp is None:
        return None
    return dt.datetime.fromtimestamp(stamp, dt.UTC).isoformat(timespec="seconds")


def provenance(record: TaskRecord) -> dict[str, Any]:
    reference = {"name": record.image_name, "sha256": record.image_sha256} if record.image_sha256 else None
    return {
        "format": FORMAT,
        "made_with": f"Veo Desktop {__version__}",
        "prompt": record.prompt,
        "negative_prompt": record.negative_prompt,
        "model": record.model,
        "seconds": record.seconds,
        "resolution": record.resolution,
        "aspect_ratio": record.aspect_ratio,
        "size": rules.SIZES.get((record.resolution, record.aspect_ratio), ""),
        "seed": record.seed,
        "task_id": record.task_id,
        "reference_image": reference,
        "times": {
            "created": _when(record.created_at),
            "submitted": _when(record.submitted_at),
            "started": _when(record.started_at),
            "completed": _when(record.completed_at),
            "saved": _when(record.saved_at),
        },
        "cost": None
        if record.cost_cents is None
        else {"cents": record.cost_cents, "text": rules.format_cents(record.cost_cents)},
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
    text = json.dumps(provenance(record), indent=2, ensure_ascii=False) + "\n"
    write_atomically(target, text.encode("utf-8"))
    return target


def _is_ours(path: Path) -> bool:
    try:
        read_sidecar(path)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Reused:
    request: rules.VideoRequest  # without the seed: reusing it is the user's choice
    seed: int | None
    image_name: str


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
    found = rules.problems(request)
    if found:
        raise ValueError(f"{path.name}: {found[0]}")
    seed = data.get("seed")
    reference = data.get("reference_image")
    name = reference.get("name", "") if isinstance(reference, dict) else ""
    return Reused(
        request,
        seed if isinstance(seed, int) and not isinstance(seed, bool) else None,
        name if isinstance(name, str) else "",
    )
