"""The service's rules, in one table.

Everything that decides whether the service accepts a combination of parameters lives here: the window
greys out from :func:`option_states`, the CLI refuses with :func:`problems`, and the emulator rejects with
:func:`problems` too. Messages are written for the person choosing, not for a developer.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Final, Literal

from veo_desktop.i18n import QT_TRANSLATE_NOOP, translate

Field = Literal["model", "seconds", "resolution", "aspect_ratio"]


@dataclass(frozen=True)
class Model:
    id: str
    label: str
    price_cents: int

    @property
    def price_text(self) -> str:
        return format_cents(self.price_cents)


MODELS: Final[dict[str, Model]] = {
    m.id: m
    for m in (
        Model("veo-3.1-fast-generate-preview", "Veo 3.1 Fast", 30),
        Model("veo-3.1-generate-preview", "Veo 3.1", 120),
    )
}
DEFAULT_MODEL: Final = "veo-3.1-fast-generate-preview"
SECONDS: Final = ("4", "6", "8")
RESOLUTIONS: Final = ("720p", "1080p", "4k")
ASPECT_RATIOS: Final = ("16:9", "9:16")

# Pixel size for each resolution and aspect ratio: `size` is always derived from these two,
# so the request never carries a size that disagrees with its resolution.
SIZES: Final[dict[tuple[str, str], str]] = {
    ("720p", "16:9"): "1280x720",
    ("720p", "9:16"): "720x1280",
    ("1080p", "16:9"): "1920x1080",
    ("1080p", "9:16"): "1080x1920",
    ("4k", "16:9"): "3840x2160",
    ("4k", "9:16"): "2160x3840",
}
# Resolutions that only come at one length.
REQUIRED_SECONDS: Final[dict[str, str]] = {"1080p": "8", "4k": "8"}
SEED_MAX: Final = 2**32 - 1
# The shortest time between two status requests to the real service (it rate-limits; its own samples
# poll every 8 s). The emulator on this machine may be polled faster.
MIN_POLL_SECONDS: Final = 2.0


def format_cents(cents: int) -> str:
    return f"${cents // 100}.{cents % 100:02d}"


def required_seconds_reason(resolution: str) -> str:
    if resolution not in REQUIRED_SECONDS:
        return ""
    return translate("Rules", "{resolution} videos need 8 seconds").format(resolution=resolution)


@dataclass(frozen=True)
class VideoRequest:
    """What the user asks for. ``seconds`` stays a string, as the service wants it."""

    prompt: str
    model: str = DEFAULT_MODEL
    seconds: str = "8"
    resolution: str = "720p"
    aspect_ratio: str = "16:9"
    negative_prompt: str = ""
    seed: int | None = None

    @property
    def size(self) -> str:
        return SIZES.get((self.resolution, self.aspect_ratio), "")

    @property
    def price_cents(self) -> int:
        model = MODELS.get(self.model)
        return model.price_cents if model else 0


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""


@dataclass(frozen=True)
class Adjustment:
    """A request moved to the nearest valid one, and what was changed, in words."""

    request: VideoRequest
    notes: tuple[str, ...] = field(default=())


def _choice_problem(name: str, value: str, options: tuple[str, ...]) -> str:
    return translate("Rules", "{name} must be one of {options} (got {value})").format(
        name=translate("Rules", name), options=", ".join(options), value=repr(value)
    )


def problems(request: VideoRequest) -> list[str]:
    """Every reason the service would refuse this request; empty when it is valid."""
    found: list[str] = []
    if not request.prompt.strip():
        found.append(translate("Rules", "Describe the motion you want: the prompt is empty"))
    if request.model not in MODELS:
        found.append(_choice_problem(QT_TRANSLATE_NOOP("Rules", "The model"), request.model, tuple(MODELS)))
    if request.seconds not in SECONDS:
        found.append(
            _choice_problem(QT_TRANSLATE_NOOP("Rules", "The length in seconds"), request.seconds, SECONDS)
        )
    if request.resolution not in RESOLUTIONS:
        found.append(
            _choice_problem(QT_TRANSLATE_NOOP("Rules", "The resolution"), request.resolution, RESOLUTIONS)
        )
    if request.aspect_ratio not in ASPECT_RATIOS:
        found.append(
            _choice_problem(
                QT_TRANSLATE_NOOP("Rules", "The aspect ratio"), request.aspect_ratio, ASPECT_RATIOS
            )
        )
    needed = REQUIRED_SECONDS.get(request.resolution)
    if needed and request.seconds in SECONDS and request.seconds != needed:
        found.append(
            translate("Rules", "{reason}, not {seconds}").format(
                reason=required_seconds_reason(request.resolution), seconds=request.seconds
            )
        )
    if request.seed is not None and not 0 <= request.seed <= SEED_MAX:
        found.append(
            translate("Rules", "The seed must be a whole number from 0 to {most}").format(most=SEED_MAX)
        )
    return found


def check(field_name: Field, value: str, request: VideoRequest) -> Verdict:
    """Would the service accept ``value`` for ``field_name`` with the other choices as they are?

    Picking a resolution is always allowed (the length follows it, see :func:`adjust`), so only the
    length is ever greyed out by the resolution.
    """
    options: dict[Field, tuple[str, ...]] = {
        "model": tuple(MODELS),
        "seconds": SECONDS,
        "resolution": RESOLUTIONS,
        "aspect_ratio": ASPECT_RATIOS,
    }
    if value not in options[field_name]:
        return Verdict(
            False, translate("Rules", "{value} is not offered by the service").format(value=repr(value))
        )
    if field_name == "seconds":
        needed = REQUIRED_SECONDS.get(request.resolution)
        if needed and value != needed:
            return Verdict(False, required_seconds_reason(request.resolution))
    return Verdict(True)


def option_states(request: VideoRequest) -> dict[Field, dict[str, Verdict]]:
    """For each setting, every option and whether it can be picked now (with the reason if not)."""
    return {
        "model": {m: check("model", m, request) for m in MODELS},
        "seconds": {s: check("seconds", s, request) for s in SECONDS},
        "resolution": {r: check("resolution", r, request) for r in RESOLUTIONS},
        "aspect_ratio": {a: check("aspect_ratio", a, request) for a in ASPECT_RATIOS},
    }


def adjust(request: VideoRequest) -> Adjustment:
    """Move the length to what the resolution needs, saying so, instead of sending a refused request."""
    needed = REQUIRED_SECONDS.get(request.resolution)
    if needed and request.seconds != needed:
        note = translate("Rules", "Length set to {seconds} s: {reason}").format(
            seconds=needed, reason=required_seconds_reason(request.resolution)
        )
        return Adjustment(replace(request, seconds=needed), (note,))
    return Adjustment(request)


def parse_seed(text: str) -> int | None:
    """Seed from user text: empty means random; anything else must be a whole number in range."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(_seed_problem(repr(text)))
    seed = int(text)
    if seed > SEED_MAX:
        raise ValueError(_seed_problem(text))
    return seed


def _seed_problem(got: str) -> str:
    return translate("Rules", "The seed must be a whole number from 0 to {most} (got {got})").format(
        most=SEED_MAX, got=got
    )
