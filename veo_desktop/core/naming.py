"""Readable, unique, filesystem-safe names for saved videos. A task id is never trusted as a path."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Final

from veo_desktop.core.stamps import stamp_text

_UNSAFE: Final = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_SPACES: Final = re.compile(r"[\s_\-.]+")
_RESERVED: Final = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
)


def slugify(text: str, max_length: int = 40) -> str:
    """A short, safe stand-in for the prompt; letters of any script are kept."""
    text = unicodedata.normalize("NFC", text)
    text = _UNSAFE.sub(" ", text)
    text = _SPACES.sub("-", text.strip()).strip("-")
    text = text[:max_length].rstrip("-")
    if not text or text.lower() in _RESERVED:
        return "video"
    return text.lower()


def short_id(task_id: str) -> str:
    letters = re.sub(r"[^A-Za-z0-9]", "", task_id.removeprefix("task_"))
    return letters[-8:] or "task"


def video_filename(prompt: str, task_id: str, when: float) -> str:
    stamp = stamp_text(when, "%Y-%m-%d_%H%M%S", "undated")
    return f"{stamp}_{slugify(prompt)}_{short_id(task_id)}.mp4"


def unique_path(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name-2``, ``name-3``… when taken.

    A plan, not a claim: a half-download is named by its task (``api.client.partial_path``) and takes
    no name, and the download itself moves into the first name still free when it finishes.
    """
    candidate = folder / name
    stem, suffix = candidate.stem, candidate.suffix
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate
