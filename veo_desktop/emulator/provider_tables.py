"""The provider's service as its own documents describe it: the emulator's tables.

Written from the provider's pages (``shared/seed/apiyi-image-to-video.txt``; the digest
``docs/api-notes.md``, which also covers the text-to-video page and the Flow ("Reverse") channel's
pages), row by row, and never derived from the app's client (``veo_desktop.api``): the emulator is the
oracle the client is tested against, so a wrong guess in the client must not be a right answer here.
``tests/emulator/test_tables_agree.py`` compares these tables with the client's and names every
difference, so that changing either one is a decision.

Where the documents are silent, the entry says so; those are guesses, written down once, here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

Channel = Literal["official", "flow"]
Tier = Literal["fast", "standard"]
State = Literal["queued", "in_progress", "completed", "failed", "canceled", "expired"]

# ----- the official channel (the image-to-video page's parameter reference) ------------------------

LENGTHS: Final = ("4", "6", "8")  # ``seconds``: a string enum; a number fails
RESOLUTIONS: Final = ("720p", "1080p", "4k")
SHAPES: Final = ("16:9", "9:16")  # ``aspectRatio``: 16:9 landscape (default), 9:16 portrait
# "At 1080p / 4k, seconds must be "8"".
EIGHT_SECONDS_ONLY: Final = ("1080p", "4k")
# ``size``'s enum, and the resolution and shape each value means (``resolution`` wins over it).
SIZES: Final[dict[str, tuple[str, str]]] = {
    "1280x720": ("720p", "16:9"),
    "720x1280": ("720p", "9:16"),
    "1920x1080": ("1080p", "16:9"),
    "1080x1920": ("1080p", "9:16"),
    "3840x2160": ("4k", "16:9"),
    "2160x3840": ("4k", "9:16"),
}
DEFAULT_MODEL: Final = "veo-3.1-fast-generate-preview"  # the ``model`` enum's default
DEFAULT_RESOLUTION: Final = "720p"
DEFAULT_SHAPE: Final = "16:9"
# The length when none is sent: the page says "8" in its table but 4 s when ``duration`` is sent
# instead of ``seconds`` (multipart); the text-to-video page: ``metadata.durationSeconds``, else
# ``seconds``, else 8 (JSON).
MULTIPART_DEFAULT_LENGTH: Final = "4"
JSON_DEFAULT_LENGTH: Final = "8"
# Not documented: Google's Veo API takes an unsigned 32-bit seed; the relay is assumed to pass it on.
SEED_RANGE: Final = (0, 2**32 - 1)

# ----- the fields ----------------------------------------------------------------------------------

IMAGE_FIELD: Final = "input_reference"  # "field name is fixed as input_reference"
IMAGE_TYPES: Final = ("image/jpeg", "image/png", "image/webp")
# Multipart (image-to-video): every setting a flat form field.
FORM_FIELDS: Final = (
    "model",
    "prompt",
    "seconds",
    "size",
    "resolution",
    "aspectRatio",
    "seed",
    "negativePrompt",
)
# JSON (text-to-video): these at the top, the rest under ``metadata``.
JSON_FIELDS: Final = ("model", "prompt", "seconds", "size")
METADATA_FIELDS: Final = ("resolution", "aspectRatio", "seed", "negativePrompt", "durationSeconds")
NEVER_SEND: Final = "generateAudio"  # fails with INVALID_ARGUMENT, at the top or under metadata
IGNORED: Final = "duration"  # silently ignored: the length falls back to MULTIPART_DEFAULT_LENGTH
# The Flow channel's ``-fl`` models take a start frame and an optional end frame. How two go is NOT
# documented (no two-image example; some relays send one image only): assumed here as the same field
# twice, start frame first. On the official channel a second image is documented as silently dropped.
FLOW_FRAME_FIELDS: Final = (IMAGE_FIELD, IMAGE_FIELD)

# ----- the models --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderModel:
    """One model name, as the provider's pages list it."""

    name: str
    channel: Channel
    tier: Tier
    price_cents: int  # per completed task; failed and canceled tasks are free
    images: tuple[int, ...]  # how many images it takes: 0 text only, 1 start, 2 start and end
    lengths: tuple[str, ...]
    resolutions: tuple[str, ...]
    shapes: tuple[str, ...]
    seed_and_negative_prompt: bool  # takes ``seed`` and ``negativePrompt``


def _official(name: str, tier: Tier, price_cents: int) -> ProviderModel:
    """The official channel: text (JSON) or one start image (multipart); every documented setting."""
    return ProviderModel(name, "official", tier, price_cents, (0, 1), LENGTHS, RESOLUTIONS, SHAPES, True)


def _flow(name: str, tier: Tier, price_cents: int, shape: str, images: tuple[int, ...]) -> ProviderModel:
    """The Flow channel: "every clip 8 s, 720p … no seconds / resolution / aspect fields to choose: the
    model name decides"; no seed or negative prompt is documented for it."""
    return ProviderModel(name, "flow", tier, price_cents, images, ("8",), ("720p",), (shape,), False)


PORTRAIT: Final = "9:16"
LANDSCAPE: Final = "16:9"
TEXT_ONLY: Final = (0,)
START_OR_BOTH: Final = (1, 2)

# The api-notes' Flow table, row by row: none = portrait, ``landscape`` = 16:9, ``-fl`` = takes frames.
MODELS: Final[dict[str, ProviderModel]] = {
    model.name: model
    for model in (
        _official("veo-3.1-fast-generate-preview", "fast", 30),  # $0.3/request
        _official("veo-3.1-generate-preview", "standard", 120),  # $1.2/request
        _flow("veo-3.1", "standard", 25, PORTRAIT, TEXT_ONLY),
        _flow("veo-3.1-fast", "fast", 15, PORTRAIT, TEXT_ONLY),
        _flow("veo-3.1-landscape", "standard", 25, LANDSCAPE, TEXT_ONLY),
        _flow("veo-3.1-landscape-fast", "fast", 15, LANDSCAPE, TEXT_ONLY),
        _flow("veo-3.1-fl", "standard", 25, PORTRAIT, START_OR_BOTH),
        _flow("veo-3.1-fast-fl", "fast", 15, PORTRAIT, START_OR_BOTH),
        _flow("veo-3.1-landscape-fl", "standard", 25, LANDSCAPE, START_OR_BOTH),
        _flow("veo-3.1-landscape-fast-fl", "fast", 15, LANDSCAPE, START_OR_BOTH),
    )
}


def channel_of(model: str) -> Channel:
    """The channel a model name belongs to; a name no table lists is the official channel's to refuse."""
    found = MODELS.get(model)
    return found.channel if found else "official"


# ----- the answers -------------------------------------------------------------------------------

# The status words each channel says, by state: the official ``queued → in_progress → completed |
# failed``; Flow says ``processing`` for in progress. Canceled tasks are documented as free; neither
# channel documents a word for expiry (a gateway's ``expired`` is below).
STATUS_WORDS: Final[dict[Channel, dict[str, str]]] = {  # by State
    "official": {
        "queued": "queued",
        "in_progress": "in_progress",
        "completed": "completed",
        "failed": "failed",
        "canceled": "canceled",
    },
    "flow": {
        "queued": "queued",
        "in_progress": "processing",
        "completed": "completed",
        "failed": "failed",
        "canceled": "canceled",
    },
}
# What gateways in front of the service (new-api and its forks) say instead ("Status words seen in the
# wild"); ``EmulatorConfig.status_words`` makes the emulator say them.
GATEWAY_WORDS: Final[dict[str, State]] = {
    "SUCCESS": "completed",
    "succeeded": "completed",
    "FAILURE": "failed",
    "NOT_START": "queued",
    "SUBMITTED": "queued",
    "QUEUED": "queued",
    "PENDING": "queued",
    "IN_PROGRESS": "in_progress",
    "RUNNING": "in_progress",
    "canceled": "canceled",
    "cancelled": "canceled",
    "expired": "expired",
}

# ----- the refusals ------------------------------------------------------------------------------

# Error codes by cause (the text-to-video page): a body that cannot be read, or a numeric ``seconds``;
# ``generateAudio``; any other parameter. HTTP 400 for all three.
PARSE_FAILED: Final = "parse_request_failed"
INVALID_ARGUMENT: Final = "INVALID_ARGUMENT"
INVALID_PARAMETER: Final = "invalid_parameter"
