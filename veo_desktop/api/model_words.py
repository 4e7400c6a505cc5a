"""What each choice of the model list is, in words, from the model table: the channel, the price, the
lengths, resolutions and shapes it makes, the frames it takes, and the seed and negative prompt. The
window shows it as the choice's tooltip, so the Flow choices explain themselves."""

from __future__ import annotations

from veo_desktop.api.model_table import MODELS, format_cents
from veo_desktop.i18n import translate


def _listed(values: list[str]) -> str:
    if len(values) == 1:
        return values[0]
    return translate("Models", "{some} or {last}").format(some=", ".join(values[:-1]), last=values[-1])


def explain_choice(model_id: str) -> str:
    """The tooltip of the choice ``model_id`` belongs to ("" for a name the table does not have)."""
    chosen = MODELS.get(model_id)
    if chosen is None:
        return ""
    family = [m for m in MODELS.values() if m.label == chosen.label]

    def union(name: str) -> list[str]:
        return list(dict.fromkeys(v for m in family for v in m.allowed(name)))

    lines = [
        translate("Models", "Flow channel (the provider's second route, which it calls Reverse)")
        if chosen.channel == "flow"
        else translate("Models", "Official channel"),
        translate("Models", "{price} for each finished clip; failed tasks are free").format(
            price=format_cents(chosen.price_cents)
        ),
    ]
    seconds, resolutions, shapes = union("seconds"), union("resolution"), union("aspect_ratio")
    if len(seconds) == 1 and len(resolutions) == 1:
        lines.append(
            translate("Models", "Always {seconds} s at {resolution}").format(
                seconds=seconds[0], resolution=resolutions[0]
            )
        )
    else:
        lines.append(
            translate("Models", "{seconds} s; {resolutions}").format(
                seconds=_listed(seconds), resolutions=_listed(resolutions)
            )
        )
    if len(family) > 1:  # the Flow variants: one model name per shape and frames
        lines.append(
            translate("Models", "{shapes}: the app picks the model name for your picture's shape").format(
                shapes=_listed(shapes)
            )
        )
    else:
        lines.append(_listed(shapes))
    frames = max(f for m in family for f in m.frames)
    lines.append(
        translate("Models", "Takes a start frame and an end frame")
        if frames >= 2
        else translate("Models", "Takes a start frame (no end frame)")
    )
    lines.append(
        translate("Models", "Takes a seed and a negative prompt")
        if any(m.extras for m in family)
        else translate("Models", "No seed or negative prompt")
    )
    return "\n".join(lines)
