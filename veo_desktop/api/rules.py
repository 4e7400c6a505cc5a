"""The service's rules: whether it accepts a request.

Everything that decides whether the service accepts a combination of parameters lives here, checked
against the model table (:mod:`veo_desktop.api.model_table`: models, prices, channels, sizes): the window
greys out from :func:`option_states` and :func:`end_frame_verdict`, the CLI refuses with :func:`problems`.
Messages are written for the person choosing, not for a developer. The emulator keeps its own table,
written from the provider's documents (``emulator/provider_tables.py``, never importing this one);
``tests/emulator/test_tables_agree.py`` names every difference between the two.

The table's names are importable from here too, as they always were (``rules.MODELS``, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from veo_desktop.api.model_table import ASPECT_RATIOS as ASPECT_RATIOS
from veo_desktop.api.model_table import CHOICES as CHOICES
from veo_desktop.api.model_table import DEFAULT_MODEL as DEFAULT_MODEL
from veo_desktop.api.model_table import LANDSCAPE as LANDSCAPE
from veo_desktop.api.model_table import MAX_WAIT_SECONDS as MAX_WAIT_SECONDS
from veo_desktop.api.model_table import MIN_POLL_SECONDS as MIN_POLL_SECONDS
from veo_desktop.api.model_table import MODELS as MODELS
from veo_desktop.api.model_table import PORTRAIT as PORTRAIT
from veo_desktop.api.model_table import REQUIRED_SECONDS as REQUIRED_SECONDS
from veo_desktop.api.model_table import RESOLUTIONS as RESOLUTIONS
from veo_desktop.api.model_table import SECONDS as SECONDS
from veo_desktop.api.model_table import SEED_MAX as SEED_MAX
from veo_desktop.api.model_table import SIZES as SIZES
from veo_desktop.api.model_table import TIERS as TIERS
from veo_desktop.api.model_table import Channel as Channel
from veo_desktop.api.model_table import Model as Model
from veo_desktop.api.model_table import Tier as Tier
from veo_desktop.api.model_table import choice_of as choice_of
from veo_desktop.api.model_table import end_frame_model as end_frame_model
from veo_desktop.api.model_table import format_cents as format_cents
from veo_desktop.api.model_table import frame_count as frame_count
from veo_desktop.api.model_table import model_for as model_for
from veo_desktop.api.model_table import settings_for as settings_for
from veo_desktop.i18n import QT_TRANSLATE_NOOP, translate

Field = Literal["model", "seconds", "resolution", "aspect_ratio"]


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


def _shape_text(aspect_ratio: str) -> str:
    if aspect_ratio == PORTRAIT:
        return translate("Rules", "portrait (9:16)")
    if aspect_ratio == LANDSCAPE:
        return translate("Rules", "landscape (16:9)")
    return aspect_ratio


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
