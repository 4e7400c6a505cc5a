"""The storyboard document: a start picture, the shots, the film's name and the defaults, as a JSON file.

A storyboard file carries a version number; paths in it are relative to the file itself. Reading it
checks its shape only (a malformed file is refused in words, naming the field and the shot); whether
the service takes each shot is :mod:`veo_desktop.core.storyboard.validation`'s job. Written whole or
not at all (:func:`veo_desktop.core.atomic_files.write_atomically`). No Qt.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from veo_desktop.api import rules
from veo_desktop.core.atomic_files import write_atomically
from veo_desktop.i18n import translate

VERSION: Final = 1
MAX_FILE_BYTES: Final = 1024 * 1024
MAX_SHOTS: Final = 200
SETTINGS: Final = ("seconds", "resolution", "aspect_ratio")


class StoryboardError(ValueError):
    """The file cannot be used as a storyboard; ``str()`` says why in the user's words."""


@dataclass(frozen=True)
class Shot:
    """One shot: what happens, and optionally the picture it ends on, its own model and settings."""

    prompt: str
    end_frame: str = ""  # as written in the file (relative to it, or absolute)
    model: str = ""  # "" = the storyboard's model
    seconds: str = ""  # "" = the storyboard's (or what the shot's model makes)
    resolution: str = ""
    aspect_ratio: str = ""

    def to_json(self) -> dict[str, str]:
        data = {"prompt": self.prompt}
        for name in ("end_frame", "model", *SETTINGS):
            value = getattr(self, name)
            if value:
                data[name] = value
        return data


@dataclass(frozen=True)
class Storyboard:
    path: Path  # the file: relative paths in it are relative to its folder
    start_image: str
    shots: tuple[Shot, ...]
    film: str = ""  # the film's file name ("" = the storyboard's name, .mp4)
    model: str = rules.DEFAULT_MODEL
    seconds: str = "8"
    resolution: str = "720p"
    aspect_ratio: str = rules.LANDSCAPE
    negative_prompt: str = ""  # for every shot whose model takes one ("" = none)
    seed: int | None = None  # likewise (None = the service's choice)
    extra: dict[str, Any] = field(default_factory=dict)  # fields this release does not know, kept

    @property
    def folder(self) -> Path:
        return self.path.parent

    def resolve(self, name: str) -> Path:
        """A path from the file, relative to the storyboard's folder."""
        path = Path(name).expanduser()
        return path if path.is_absolute() else self.folder / path

    @property
    def start_path(self) -> Path:
        return self.resolve(self.start_image)

    @property
    def film_path(self) -> Path:
        return self.resolve(self.film or f"{self.path.stem}.mp4")

    @property
    def progress_path(self) -> Path:
        """Beside the storyboard's file itself (a symbolic link to it names the same one): what has been
        sent and saved, shot by shot (see progress.py)."""
        real = self.path.resolve()
        return real.with_name(f"{real.stem}.progress.json")

    def end_path(self, shot: Shot) -> Path | None:
        return self.resolve(shot.end_frame) if shot.end_frame else None

    def model_of(self, shot: Shot) -> str:
        return shot.model or self.model

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = dict(self.extra)
        data.update(
            version=VERSION,
            start_image=self.start_image,
            model=self.model,
            seconds=self.seconds,
            resolution=self.resolution,
            aspect_ratio=self.aspect_ratio,
        )
        if self.film:
            data["film"] = self.film
        if self.negative_prompt:
            data["negative_prompt"] = self.negative_prompt
        if self.seed is not None:
            data["seed"] = self.seed
        data["shots"] = [shot.to_json() for shot in self.shots]
        return data


def _refused(text: str, **values: object) -> StoryboardError:
    return StoryboardError(text.format(**{k: str(v) for k, v in values.items()}))


def _text(data: dict[str, Any], name: str, where: str, *, number: bool = False) -> str:
    """A text field (absent: ""); a length may be written as a number (8)."""
    value = data.get(name)
    if value is None:
        return ""
    if number and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        text = translate("Storyboard", "{where}: “{name}” must be text")
        raise _refused(text, where=where, name=name)
    return value.strip() if name != "prompt" else value


def _shot(item: object, number: int) -> Shot:
    where = translate("Storyboard", "shot {number}").format(number=number)
    if isinstance(item, str):  # a shot may be its prompt alone
        item = {"prompt": item}
    if not isinstance(item, dict):
        raise _refused(translate("Storyboard", "{where}: must be an object with a “prompt”"), where=where)
    unknown = sorted(set(item) - {"prompt", "end_frame", "model", *SETTINGS, "note"})
    if unknown:
        text = translate("Storyboard", "{where}: unknown field “{name}”")
        raise _refused(text, where=where, name=unknown[0])
    if "prompt" not in item:
        raise _refused(translate("Storyboard", "{where}: the prompt is missing"), where=where)
    return Shot(
        prompt=_text(item, "prompt", where),
        end_frame=_text(item, "end_frame", where),
        model=_text(item, "model", where),
        seconds=_text(item, "seconds", where, number=True),
        resolution=_text(item, "resolution", where),
        aspect_ratio=_text(item, "aspect_ratio", where),
    )


def parse(data: object, path: Path) -> Storyboard:
    """A storyboard from the file's JSON value; :class:`StoryboardError` for a malformed one."""
    where = path.name
    if not isinstance(data, dict):
        raise _refused(translate("Storyboard", "{where}: a storyboard is a JSON object"), where=where)
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        text = translate("Storyboard", "{where}: “version” is missing (this release writes {version})")
        raise _refused(text, where=where, version=VERSION)
    if version > VERSION:
        text = translate(
            "Storyboard", "{where}: written by a newer release (version {found}; this one reads {version})"
        )
        raise _refused(text, where=where, found=version, version=VERSION)
    shots = data.get("shots")
    if not isinstance(shots, list) or not shots:
        raise _refused(translate("Storyboard", "{where}: “shots” must list at least one shot"), where=where)
    if len(shots) > MAX_SHOTS:
        text = translate("Storyboard", "{where}: at most {most} shots")
        raise _refused(text, where=where, most=MAX_SHOTS)
    start = _text(data, "start_image", where)
    if not start:
        raise _refused(translate("Storyboard", "{where}: “start_image” is missing"), where=where)
    known = {"version", "start_image", "shots", "film", "model", "negative_prompt", "seed", *SETTINGS}
    seed = data.get("seed")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
        raise _refused(translate("Storyboard", "{where}: “seed” must be a whole number"), where=where)
    return Storyboard(
        path=path,
        start_image=start,
        shots=tuple(_shot(item, number) for number, item in enumerate(shots, 1)),
        film=_text(data, "film", where),
        model=_text(data, "model", where) or rules.DEFAULT_MODEL,
        seconds=_text(data, "seconds", where, number=True) or "8",
        resolution=_text(data, "resolution", where) or "720p",
        aspect_ratio=_text(data, "aspect_ratio", where) or rules.LANDSCAPE,
        negative_prompt=_text(data, "negative_prompt", where),
        seed=seed,
        extra={k: v for k, v in data.items() if k not in known},
    )


def load(path: Path) -> Storyboard:
    """Read a storyboard file (blocking; small). :class:`StoryboardError` says what is wrong."""
    path = path.expanduser().absolute()
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _refused(translate("Storyboard", "{where}: too large for a storyboard"), where=path.name)
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _refused(translate("Storyboard", "{where}: no such file"), where=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        text = translate("Storyboard", "{where}: cannot be read ({reason})")
        raise _refused(text, where=path.name, reason=getattr(exc, "strerror", None) or exc) from None
    except json.JSONDecodeError as exc:
        text = translate("Storyboard", "{where}: not valid JSON (line {line}, column {column}: {reason})")
        raise _refused(text, where=path.name, line=exc.lineno, column=exc.colno, reason=exc.msg) from None
    return parse(data, path)


def save(story: Storyboard, path: Path | None = None) -> Path:
    """Write the storyboard whole or not at all (blocking; small)."""
    target = path or story.path
    text = json.dumps(story.to_json(), indent=2, ensure_ascii=False) + "\n"
    write_atomically(target, text.encode("utf-8"))
    return target
