"""What the emulated service took from a submission, and why it refuses one: in its own words.

Every refusal begins with the wire field it is about (``seconds``, ``aspectRatio``, ``input_reference``,
…), as a service's validation error does; the rules are the provider's documents as written down in
:mod:`veo_desktop.emulator.provider_tables`, not the app's (``veo_desktop.api.rules`` words its own
refusals for the person choosing, and refuses before anything is sent).
"""

from __future__ import annotations

from dataclasses import dataclass

from veo_desktop.emulator import provider_tables as tables
from veo_desktop.emulator.provider_tables import Channel, ProviderModel


@dataclass(frozen=True)
class ProviderRequest:
    """One submission's settings as the service read them (``seconds`` a string, as on the wire)."""

    prompt: str
    model: str
    seconds: str
    resolution: str
    aspect_ratio: str
    negative_prompt: str = ""
    seed: int | None = None

    @property
    def channel(self) -> Channel:
        return tables.channel_of(self.model)

    @property
    def size(self) -> str:
        wanted = (self.resolution, self.aspect_ratio)
        return next((size for size, meaning in tables.SIZES.items() if meaning == wanted), "")


def name_decides(
    model: str, *, seconds: str | None, resolution: str | None, aspect_ratio: str | None
) -> tuple[str, str, str]:
    """Length, resolution and shape on the Flow channel, where the model's name decides them: what was
    sent is kept (to be checked against the name), what was not comes from the name."""
    found = tables.MODELS.get(model)

    def pick(given: str | None, fixed: tuple[str, ...], default: str) -> str:
        if given is not None:
            return given
        return fixed[0] if len(fixed) == 1 else default

    return (
        pick(seconds, found.lengths if found else (), tables.JSON_DEFAULT_LENGTH),
        pick(resolution, found.resolutions if found else (), tables.DEFAULT_RESOLUTION),
        pick(aspect_ratio, found.shapes if found else (), tables.DEFAULT_SHAPE),
    )


def _one_of(field: str, options: tuple[str, ...], got: str) -> str:
    return f"{field} must be one of {', '.join(options)} (got {got!r})"


def refusals(request: ProviderRequest, images: int) -> list[str]:
    """Every reason the service refuses this request with this many images; empty when it takes it."""
    found: list[str] = []
    if not request.prompt.strip():
        found.append("prompt is required and must not be blank")
    model = tables.MODELS.get(request.model)
    if model is None:
        found.append(_one_of("model", tuple(tables.MODELS), request.model))
    settings = (
        ("seconds", request.seconds, tables.LENGTHS, "lengths"),
        ("resolution", request.resolution, tables.RESOLUTIONS, "resolutions"),
        ("aspectRatio", request.aspect_ratio, tables.SHAPES, "shapes"),
    )
    settled = True
    for field, value, options, attribute in settings:
        allowed: tuple[str, ...] = getattr(model, attribute) if model is not None else options
        if value not in options:
            found.append(_one_of(field, options, value))
            settled = False
        elif value not in allowed:
            found.append(f"{field}: {request.model} makes {allowed[0]} only (its name says), got {value!r}")
            settled = False
    if settled and request.resolution in tables.EIGHT_SECONDS_ONLY and request.seconds != "8":
        found.append(f'seconds must be "8" at {request.resolution} (got {request.seconds!r})')
    low, high = tables.SEED_RANGE
    if request.seed is not None and not low <= request.seed <= high:
        found.append(f"seed must be from {low} to {high} (got {request.seed})")
    if model is not None:
        found.extend(_model_refusals(model, request, images))
    return found


def _model_refusals(model: ProviderModel, request: ProviderRequest, images: int) -> list[str]:
    found: list[str] = []
    if not model.seed_and_negative_prompt:
        if request.seed is not None:
            found.append(f"seed is not supported by {model.name}")
        if request.negative_prompt.strip():
            found.append(f"negativePrompt is not supported by {model.name}")
    if images not in model.images:
        field = tables.IMAGE_FIELD
        if images == 0:
            found.append(f"{field} is required: {model.name} makes a video from a start frame")
        elif max(model.images) == 0:
            found.append(f"{field} is not accepted: {model.name} makes a video from text only")
        else:
            found.append(f"{field}: {model.name} takes at most {max(model.images)} images, got {images}")
    return found
