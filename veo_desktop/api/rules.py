"""The service's rules, in one table.

Everything that decides whether the service accepts a combination of parameters lives here: the window
greys out from :func:`option_states` and :func:`end_frame_verdict`, the CLI refuses with :func:`problems`.
Messages are written for the person choosing, not for a developer. The emulator keeps its own table,
written from the provider's documents (``emulator/provider_tables.py``, never importing this one);
``tests/emulator/test_tables_agree.py`` names every difference between the two.

Two channels share ``/v1/videos`` and the key (``docs/api-notes.md``): the official one (4, 6 or 8 s;
720p, 1080p or 4k; either shape; one optional start image) and the cheaper "Flow" one (8 s, 720p, the
shape in the model's name; its ``-fl`` models take a start frame and an optional end frame).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Final, Literal

from veo_desktop.i18n import QT_TRANSLATE_NOOP, translate

Field = Literal["model", "seconds", "resolution", "aspect_ratio"]
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

    @property
    def channel(self) -> Channel:
        model = MODELS.get(self.model)
        return model.channel if model else "official"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""


@dataclass(frozen=True)
class Adjustment:
    """A request moved to the nearest valid one, and what was changed, in words."""

    request: VideoRequest
    notes: tuple[str, ...] = field(default=())


def frame_count(start: bool, end: bool) -> int:
    """How many images travel: an end frame only ever goes with a start frame."""
    return int(start) + int(start and end)


def _shape_text(aspect_ratio: str) -> str:
    if aspect_ratio == PORTRAIT:
        return translate("Rules", "portrait (9:16)")
    if aspect_ratio == LANDSCAPE:
        return translate("Rules", "landscape (16:9)")
    return aspect_ratio


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


def _choice_problem(name: str, value: str, options: tuple[str, ...]) -> str:
    return translate("Rules", "{name} must be one of {options} (got {value})").format(
        name=translate("Rules", name), options=", ".join(options), value=repr(value)
    )


def _fixed_problem(model: Model, name: str, value: str) -> str:
    """A setting the model's name decides (the Flow channel): what it makes, and what was asked."""
    if name == "seconds":
        text = translate("Rules", "{model} makes {fixed}-second clips only (got {value})")
        return text.format(model=model.id, fixed=model.seconds[0], value=value)
    if name == "resolution":
        text = translate("Rules", "{model} makes {fixed} clips only (got {value})")
        return text.format(model=model.id, fixed=model.resolutions[0], value=value)
    other = model_for(model.id, value, max(model.frames))
    text = translate("Rules", "{model} makes {shape} videos; for {value} use {other}")
    return text.format(model=model.id, shape=_shape_text(model.aspect_ratios[0]), value=value, other=other)


def frame_problem(model: Model, start: bool, end: bool, aspect_ratio: str) -> str:
    """Why this model does not take these images ("" when it does), naming a model that would."""
    if end and not start:
        return translate("Rules", "An end frame needs a start frame")
    frames = frame_count(start, end)
    if frames in model.frames:
        return ""
    if frames == 0:
        text = translate("Rules", "{model} needs a start frame; for a video from text only use {other}")
        return text.format(model=model.id, other=model_for(model.id, model.aspect_ratios[0], 0))
    if max(model.frames) == 0:
        text = translate("Rules", "{model} makes videos from text only; for a start frame use {other}")
        return text.format(model=model.id, other=model_for(model.id, model.aspect_ratios[0], frames))
    text = translate("Rules", "{model} takes no end frame; the Flow channel's {other} does")
    return text.format(model=model.id, other=end_frame_model(model.id, aspect_ratio))


def problems(request: VideoRequest, *, start: bool = False, end: bool = False) -> list[str]:
    """Every reason the service would refuse this request with these images (a start frame, an end
    frame); empty when it is valid."""
    found: list[str] = []
    if not request.prompt.strip():
        found.append(translate("Rules", "Describe the motion you want: the prompt is empty"))
    model = MODELS.get(request.model)
    if model is None:
        found.append(_choice_problem(QT_TRANSLATE_NOOP("Rules", "The model"), request.model, tuple(MODELS)))
    settings = (
        ("seconds", QT_TRANSLATE_NOOP("Rules", "The length in seconds"), request.seconds, SECONDS),
        ("resolution", QT_TRANSLATE_NOOP("Rules", "The resolution"), request.resolution, RESOLUTIONS),
        ("aspect_ratio", QT_TRANSLATE_NOOP("Rules", "The aspect ratio"), request.aspect_ratio, ASPECT_RATIOS),
    )
    for name, label, value, options in settings:
        if value not in options:
            found.append(_choice_problem(label, value, options))
        elif model is not None and value not in model.allowed(name):
            found.append(_fixed_problem(model, name, value))
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
    if model is not None:
        found.extend(_extras_problems(model, request))
        frames = frame_problem(model, start, end, request.aspect_ratio)
        if frames:
            found.append(frames)
    return found


def _extras_problems(model: Model, request: VideoRequest) -> list[str]:
    if model.extras:
        return []
    found = []
    if request.seed is not None:
        found.append(translate("Rules", "{model} takes no seed").format(model=model.id))
    if request.negative_prompt.strip():
        found.append(translate("Rules", "{model} takes no negative prompt").format(model=model.id))
    return found


def extras_verdict(request: VideoRequest) -> Verdict:
    """Whether the seed and the negative prompt can be set with this model (the Flow channel: no)."""
    model = MODELS.get(request.model)
    if model is None or model.extras:
        return Verdict(True)
    return Verdict(False, translate("Rules", "The Flow channel takes no seed or negative prompt"))


def end_frame_verdict(request: VideoRequest) -> Verdict:
    """Whether an end frame can be given with this model's choice; the reason names one that can."""
    model = MODELS.get(request.model)
    if model is None or any(m.takes_end_frame for m in MODELS.values() if m.label == model.label):
        return Verdict(True)
    switch = MODELS[end_frame_model(request.model, request.aspect_ratio)]
    text = translate("Rules", "{label} takes no end frame; {other} does")
    return Verdict(False, text.format(label=model.label, other=switch.choice_text))


def check(
    field_name: Field, value: str, request: VideoRequest, *, start: bool = False, end: bool = False
) -> Verdict:
    """Would the service accept ``value`` for ``field_name`` with the other choices as they are?

    For the window: a model is a choice (see :data:`CHOICES`), whose exact model follows the shape and
    the images, and picking a resolution is always allowed on the official channel (the length follows
    it, see :func:`adjust`), so only the length is ever greyed out by the resolution.
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
    model = MODELS.get(model_for(request.model, request.aspect_ratio, frame_count(start, end)))
    if model is None or field_name == "model":
        return Verdict(True)
    if field_name == "aspect_ratio":
        model = MODELS[model_for(model.id, value, frame_count(start, end))]
    if value not in model.allowed(field_name):
        return Verdict(False, _fixed_reason(model, field_name))
    if field_name == "seconds":
        needed = REQUIRED_SECONDS.get(request.resolution)
        if needed and value != needed:
            return Verdict(False, required_seconds_reason(request.resolution))
    return Verdict(True)


def _fixed_reason(model: Model, field_name: Field) -> str:
    if field_name == "seconds":
        text = translate("Rules", "{label} makes {fixed}-second clips only")
        return text.format(label=model.label, fixed=model.seconds[0])
    if field_name == "resolution":
        text = translate("Rules", "{label} makes {fixed} clips only")
        return text.format(label=model.label, fixed=model.resolutions[0])
    text = translate("Rules", "{label} makes {shape} videos only")
    return text.format(label=model.label, shape=_shape_text(model.aspect_ratios[0]))


def option_states(
    request: VideoRequest, *, start: bool = False, end: bool = False
) -> dict[Field, dict[str, Verdict]]:
    """For each setting, every option and whether it can be picked now (with the reason if not).
    The models are the window's choices (:data:`CHOICES`)."""
    frames = {"start": start, "end": end}
    return {
        "model": {m: check("model", m, request, **frames) for m in CHOICES.values()},
        "seconds": {s: check("seconds", s, request, **frames) for s in SECONDS},
        "resolution": {r: check("resolution", r, request, **frames) for r in RESOLUTIONS},
        "aspect_ratio": {a: check("aspect_ratio", a, request, **frames) for a in ASPECT_RATIOS},
    }


def adjust(request: VideoRequest, *, start: bool = False, end: bool = False) -> Adjustment:
    """Move a request to the nearest one the service takes, saying what changed: the exact model for
    the shape and the images, the length and resolution the model makes, the length the resolution
    needs. Never a change the user would not expect: an end frame on a model without one stays a
    problem (see :func:`end_frame_verdict`)."""
    notes: list[str] = []
    exact = model_for(request.model, request.aspect_ratio, frame_count(start, end))
    request = replace(request, model=exact)
    model = MODELS.get(exact)
    if model is not None:
        if len(model.seconds) == 1 and request.seconds != model.seconds[0]:
            request = replace(request, seconds=model.seconds[0])
            notes.append(_fixed_reason(model, "seconds"))
        if len(model.resolutions) == 1 and request.resolution != model.resolutions[0]:
            request = replace(request, resolution=model.resolutions[0])
            notes.append(_fixed_reason(model, "resolution"))
        if not model.extras and (request.seed is not None or request.negative_prompt.strip()):
            request = replace(request, seed=None, negative_prompt="")
    needed = REQUIRED_SECONDS.get(request.resolution)
    if needed and request.seconds != needed:
        note = translate("Rules", "Length set to {seconds} s: {reason}").format(
            seconds=needed, reason=required_seconds_reason(request.resolution)
        )
        request = replace(request, seconds=needed)
        notes.append(note)
    return Adjustment(request, tuple(notes))


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
