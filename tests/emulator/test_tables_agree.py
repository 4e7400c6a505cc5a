"""The client's tables (``api/rules.py``, ``api/wire.py``) and the emulator's own
(``emulator/provider_tables.py``, written from the provider's documents) say the same thing.

The emulator imports nothing of the client (an import-linter contract), so the two are written apart:
this is where they meet. Each test names every difference, so changing one table without the other is
a decision (change both, or say why they differ), not an accident.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pytest

from veo_desktop.api import rules, wire
from veo_desktop.emulator import provider_tables as provider
from veo_desktop.emulator.provider_tables import ProviderModel


def model_differences(client: dict[str, rules.Model], service: dict[str, ProviderModel]) -> list[str]:
    """Every way the two model tables differ, in words: a name on one side only, or a column."""
    found = [f"{name}: in the client's table only" for name in client if name not in service]
    found += [f"{name}: in the provider's table only" for name in service if name not in client]
    for name in client.keys() & service.keys():
        ours, theirs = client[name], service[name]
        columns: list[tuple[str, object, object]] = [
            ("channel", ours.channel, theirs.channel),
            ("tier", ours.tier, theirs.tier),
            ("price in cents", ours.price_cents, theirs.price_cents),
            ("images taken", sorted(ours.frames), sorted(theirs.images)),
            ("lengths", sorted(ours.seconds), sorted(theirs.lengths)),
            ("resolutions", sorted(ours.resolutions), sorted(theirs.resolutions)),
            ("shapes", sorted(ours.aspect_ratios), sorted(theirs.shapes)),
            ("seed and negative prompt", ours.extras, theirs.seed_and_negative_prompt),
        ]
        found += [
            f"{name}: {column}: client {mine!r}, provider {other!r}"
            for column, mine, other in columns
            if mine != other
        ]
    return sorted(found)


def setting_differences() -> list[str]:
    """The settings and their values, the sizes, the rules between them, and the defaults."""
    pairs: list[tuple[str, object, object]] = [
        ("lengths", sorted(rules.SECONDS), sorted(provider.LENGTHS)),
        ("resolutions", sorted(rules.RESOLUTIONS), sorted(provider.RESOLUTIONS)),
        ("shapes", sorted(rules.ASPECT_RATIOS), sorted(provider.SHAPES)),
        ("one length only", dict(rules.REQUIRED_SECONDS), dict.fromkeys(provider.EIGHT_SECONDS_ONLY, "8")),
        ("sizes", {v: k for k, v in rules.SIZES.items()}, provider.SIZES),
        ("default model", rules.DEFAULT_MODEL, provider.DEFAULT_MODEL),
        ("seed range", (0, rules.SEED_MAX), provider.SEED_RANGE),
    ]
    return [f"{what}: client {mine!r}, provider {other!r}" for what, mine, other in pairs if mine != other]


def status_differences(read: Mapping[str, str]) -> list[str]:
    """Every word the service (or a gateway in front of it) says that the client reads as another state,
    or not at all. The client may read more words than these: reading a word never said costs nothing."""
    said: list[tuple[str, str]] = [
        (word, state) for words in provider.STATUS_WORDS.values() for state, word in words.items()
    ]
    said += list(provider.GATEWAY_WORDS.items())
    return sorted(
        {
            f"{word!r}: the service means {state}, the client reads {read.get(word.lower(), 'nothing')}"
            for word, state in said
            if read.get(word.lower()) != state
        }
    )


def test_the_same_models_with_the_same_channel_price_lengths_resolutions_shapes_images_and_extras() -> None:
    assert model_differences(rules.MODELS, provider.MODELS) == []


def test_the_same_settings_sizes_and_defaults() -> None:
    assert setting_differences() == []


def test_the_end_frame_goes_in_the_field_the_emulator_reads_it_from() -> None:
    """Undocumented on both sides (the provider shows no two-image request): one guess, made twice on
    purpose. Changing the client's field layout is changing what the emulator expects, here."""
    assert wire.FRAME_FIELDS == provider.FLOW_FRAME_FIELDS
    assert wire.FRAME_FIELDS[0] == provider.IMAGE_FIELD  # the official channel's one image


def test_the_client_reads_every_status_word_the_service_or_a_gateway_says() -> None:
    assert status_differences(wire.STATUS_ALIASES) == []


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            {"veo-3.1-fl": replace(provider.MODELS["veo-3.1-fl"], price_cents=30)},
            "veo-3.1-fl: price in cents: client 25, provider 30",
        ),
        (
            {"veo-3.1-fast-fl": replace(provider.MODELS["veo-3.1-fast-fl"], images=(1,))},
            "veo-3.1-fast-fl: images taken: client [1, 2], provider [1]",
        ),
        (
            {
                "veo-3.1": replace(
                    provider.MODELS["veo-3.1"], lengths=("4", "8"), seed_and_negative_prompt=True
                )
            },
            "veo-3.1: lengths: client ['8'], provider ['4', '8']",
        ),
        (
            {"veo-3.1-landscape": replace(provider.MODELS["veo-3.1-landscape"], shapes=("9:16",))},
            "veo-3.1-landscape: shapes: client ['16:9'], provider ['9:16']",
        ),
        (
            {"veo-3.2": replace(provider.MODELS["veo-3.1"], name="veo-3.2")},
            "veo-3.2: in the provider's table only",
        ),
    ],
)
def test_a_difference_is_named(change: dict[str, ProviderModel], said: str) -> None:
    """The comparison itself: a table changed on one side only is found, and said in words."""
    assert said in model_differences(rules.MODELS, {**provider.MODELS, **change})


def test_a_status_word_read_otherwise_is_named() -> None:
    right: dict[str, str] = {word.lower(): state for word, state in provider.GATEWAY_WORDS.items()}
    right.update({word: state for words in provider.STATUS_WORDS.values() for state, word in words.items()})
    assert status_differences(right) == []
    read = {**right, "success": "failed", "processing": "queued"}
    read.pop("not_start")
    assert status_differences(read) == [
        "'NOT_START': the service means queued, the client reads nothing",
        "'SUCCESS': the service means completed, the client reads failed",
        "'processing': the service means in_progress, the client reads queued",
    ]
