"""Readable, unique names for every file the app names (videos, frames, films and, from their names,
provenance files), valid on Windows, macOS and Linux at once, so a folder synced between them works.
A task id is never trusted as a path. :func:`portable_name` is the one rule; every namer ends with it."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Final

from veo_desktop.core.stamps import stamp_text

_UNSAFE: Final = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f-\x9f]+')
# Bidirectional controls: valid, but they can show "gpj.exe" as "exe.jpg"; right-to-left letters stay.
_INVISIBLE: Final = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACES: Final = re.compile(r"[\s_\-.]+")
_DEVICES: Final = ("com", "lpt")
_RESERVED: Final = frozenset(
    {
        "con", "prn", "aux", "nul", "conin$", "conout$",
        *(f"{device}{digit}" for device in _DEVICES for digit in "0123456789\u00b9\u00b2\u00b3"),
    }
)  # fmt: skip
# A name of at most this many UTF-16 code units (Windows counts those; 255 is the limit) and UTF-8 bytes
# (Linux: 255): room for "-99" from unique_path, and for the folder under Windows' 260-character paths.
MAX_NAME: Final = 120
_TRAILING_JUNK: Final = " .\u200d\ufe0e\ufe0f"  # a cut may leave a joiner or a variation selector


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fits(text: str, limit: int) -> bool:
    return _utf16_units(text) <= limit and len(text.encode("utf-8")) <= limit * 2


def _cut(text: str, limit: int) -> str:
    """``text`` shortened to fit ``limit``, never between a letter and its accents."""
    if _fits(text, limit):
        return text
    clusters: list[str] = []
    for char in text:
        if clusters and unicodedata.category(char).startswith("M"):
            clusters[-1] += char
        else:
            clusters.append(char)
    kept, units, size = [], 0, 0
    for cluster in clusters:
        units += _utf16_units(cluster)
        size += len(cluster.encode("utf-8"))
        if units > limit or size > limit * 2:
            break
        kept.append(cluster)
    return "".join(kept)


def is_reserved(name: str) -> bool:
    """A Windows device name (``CON``, ``aux.mp4``, ``com1 .txt``): its part before the first dot."""
    return name.split(".", 1)[0].rstrip(" ").casefold() in _RESERVED


def portable_name(name: str, *, fallback: str = "file", limit: int = MAX_NAME) -> str:
    """``name`` made valid as one file name on Windows, macOS and Linux alike: no ``<>:"/\\|?*`` or
    control characters, no trailing dot or space, no device name (``CON``, ``aux.mp4``: prefixed ``_``),
    at most ``limit`` UTF-16 code units and twice that in UTF-8 bytes, its suffix (``.mp4``) kept.
    Letters of any script stay; an empty result is ``fallback`` with the suffix."""
    name = unicodedata.normalize("NFC", name)
    name = _INVISIBLE.sub("", _UNSAFE.sub("_", name)).strip(" ").lstrip(".")  # no hidden file
    stem, dot, suffix = name.rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,8}", suffix) or not stem.strip(" ."):
        stem, suffix = name, ""
    suffix = f".{suffix.lower()}" if suffix else ""
    stem = _cut(stem, limit - len(suffix)).rstrip(_TRAILING_JUNK) or fallback
    if is_reserved(stem):
        stem = _cut(f"_{stem}", limit - len(suffix)).rstrip(_TRAILING_JUNK)
    return stem + suffix


def same_name(one: str, other: str) -> bool:
    """The same file on a case-insensitive system (Windows, macOS): ``Clip.mp4`` and ``clip.MP4``."""
    return _folded(one) == _folded(other)


def _folded(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


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
    return portable_name(f"{stamp}_{slugify(prompt)}_{short_id(task_id)}.mp4", fallback="video")


def frame_filename(video: Path, at: float) -> str:
    """What a frame taken at ``at`` seconds of ``video`` is called: the video's name and the time."""
    return portable_name(f"{video.stem}_{at:.3f}s.png", fallback="frame")


def film_filename(prompt: str) -> str:
    """The name offered for a film, from its first clip's prompt."""
    return portable_name(f"{slugify(prompt)}-film.mp4", fallback="film")


def unique_path(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name-2``, ``name-3``… when taken, ignoring case (``Clip.mp4`` takes
    ``clip.mp4``: one file on Windows and macOS, and in a folder synced to them).

    A plan, not a claim: a half-download is named by its task (``api.client.partial_path``) and takes
    no name, and the download itself moves into the first name still free when it finishes.
    """
    try:
        taken = {_folded(entry.name) for entry in folder.iterdir()}
    except OSError:  # not there yet (made when the file is written), or unreadable
        taken = set()
    candidate = folder / name
    stem, suffix = candidate.stem, candidate.suffix
    number = 2
    while candidate.exists() or _folded(candidate.name) in taken:
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate
