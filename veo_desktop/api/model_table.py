"""The service's model table: every model it takes, its price, its channel and what it makes.

Two channels share ``/v1/videos`` and the key (``docs/api-notes.md``): the official one (4, 6 or 8 s;
720p, 1080p or 4k; either shape; one optional start image) and the cheaper "Flow" one (8 s, 720p, the
shape in the model's name; its ``-fl`` models take a start frame and an optional end frame).

Here are the facts and the lookups on them (which exact model a choice becomes, which one takes an end
frame); :mod:`veo_desktop.api.rules` checks a request against them. The emulator keeps its own table
(``emulator/provider_tables.py``, never importing this one); ``tests/emulator/test_tables_agree.py``
names every difference between the two.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

Channel = Literal["official", "flow"]
Tier = Literal["fast", "standard"]
TIERS: Final[tuple[Tier, ...]] = ("fast", "standard")

SECONDS: Final = ("4", "6", "8")
RESOLUTIONS: Final = ("720p", "1080p", "4k")
ASPECT_RATIOS: Final = ("16:9", "9:16")
LANDSCAPE: Final = "16:9"
PORTRAIT: Final = "9:16"


@dataclass(frozen=True)
class Model:
    """One model name the service takes, and everything the service accepts with it."""

    id: str
    label: str  # what the creator picks: quality and channel (the Flow variants of one tier share it)
    price_cents: int  # billed only when a task completes
    channel: Channel
    tier: Tier  # quality and speed: "fast" or "standard", on either channel
    frames: tuple[int, ...]  # how many images it takes: 0 = text only, 1 = start, 2 = start + end
    seconds: tuple[str, ...] = SECONDS
    resolutions: tuple[str, ...] = RESOLUTIONS
    aspect_ratios: tuple[str, ...] = ASPECT_RATIOS
    extras: bool = True  # takes a seed and a negative prompt

    @property
    def price_text(self) -> str:
        return format_cents(self.price_cents)

    @property
    def choice_text(self) -> str:
        """How the window offers it: "Veo 3.1 Fast · Flow — $0.15"."""
        return f"{self.label} — {self.price_text}"

    def allowed(self, name: str) -> tuple[str, ...]:
        """The values this model takes for a setting (``seconds``, ``resolution``, ``aspect_ratio``)."""
        return {"seconds": self.seconds, "resolution": self.resolutions, "aspect_ratio": self.aspect_ratios}[
            name
        ]

    @property
    def takes_end_frame(self) -> bool:
        return 2 in self.frames


def _flow(tier: Tier, shape: str, frames: str) -> Model:
    """A Flow model: the name says the shape (none = portrait), the tier and whether it takes frames."""
    name = "veo-3.1" + ("-landscape" if shape == LANDSCAPE else "") + ("-fast" if tier == "fast" else "")
    return Model(
        name + ("-fl" if frames else ""),
        "Veo 3.1 Fast · Flow" if tier == "fast" else "Veo 3.1 · Flow",
        15 if tier == "fast" else 25,
        "flow",
        tier,
        (1, 2) if frames else (0,),
        seconds=("8",),
        resolutions=("720p",),
        aspect_ratios=(shape,),
        extras=False,
    )


MODELS: Final[dict[str, Model]] = {
    m.id: m
    for m in (
        Model("veo-3.1-fast-generate-preview", "Veo 3.1 Fast", 30, "official", "fast", (0, 1)),
        Model("veo-3.1-generate-preview", "Veo 3.1", 120, "official", "standard", (0, 1)),
        *(
            _flow(tier, shape, frames)
            for tier in TIERS
            for frames in ("", "fl")
            for shape in (PORTRAIT, LANDSCAPE)
        ),
    )
}
DEFAULT_MODEL: Final = "veo-3.1-fast-generate-preview"
# What the window offers: one entry per label, in the table's order; the exact model follows from the
# shape and whether frames are given (:func:`model_for`).


def _choices() -> dict[str, str]:
    found: dict[str, str] = {}
    for model in MODELS.values():
        found.setdefault(model.label, model.id)
    return found


CHOICES: Final[dict[str, str]] = _choices()

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
# The longest the app ever waits before asking again, whatever the service says (a 429's
# ``Retry-After: 36000`` must not stop following a paid task for ten hours).
MAX_WAIT_SECONDS: Final = 600.0


def format_cents(cents: int) -> str:
    return f"${cents // 100}.{cents % 100:02d}"


def frame_count(start: bool, end: bool) -> int:
    """How many images travel: an end frame only ever goes with a start frame."""
    return int(start) + int(start and end)


def model_for(model_id: str, aspect_ratio: str, frames: int) -> str:
    """The exact model for a choice: the one of the same label that takes this shape and this many
    images (a Flow choice becomes ``veo-3.1-landscape-fast-fl`` and so on); else ``model_id`` unchanged."""
    chosen = MODELS.get(model_id)
    if chosen is None:
        return model_id
    family = [m for m in MODELS.values() if m.label == chosen.label]
    for model in family:
        if aspect_ratio in model.aspect_ratios and frames in model.frames:
            return model.id
    for model in family:  # the shape decides before the frames: the frames may still change
        if aspect_ratio in model.aspect_ratios and (frames > 0) == (max(model.frames) > 0):
            return model.id
    return model_id


def choice_of(model_id: str) -> str:
    """The window's choice a model belongs to (the first model of its label)."""
    model = MODELS.get(model_id)
    return CHOICES[model.label] if model else model_id


def end_frame_model(model_id: str, aspect_ratio: str) -> str:
    """The model of the same quality that takes an end frame: the one-click switch the window offers."""
    model = MODELS.get(model_id)
    tier = model.tier if model is not None else "fast"
    for candidate in MODELS.values():
        takes = candidate.takes_end_frame and aspect_ratio in candidate.aspect_ratios
        if takes and candidate.tier == tier:
            return candidate.id
    return ""


def settings_for(
    model_id: str,
    *,
    seconds: str | None = None,
    resolution: str | None = None,
    aspect_ratio: str | None = None,
) -> tuple[str, str, str]:
    """Length, resolution and shape for a model where the user left them unset: what the model's name
    fixes (the Flow channel), else the defaults. Set values stay as given, to be checked."""
    model = MODELS.get(model_id)

    def pick(given: str | None, name: str, default: str) -> str:
        if given is not None:
            return given
        fixed = model.allowed(name) if model else ()
        return fixed[0] if len(fixed) == 1 else default

    return (
        pick(seconds, "seconds", "8"),
        pick(resolution, "resolution", "720p"),
        pick(aspect_ratio, "aspect_ratio", LANDSCAPE),
    )
