"""A batch, without Qt: several pictures dropped at once make one video each, with the form's prompt and
settings and, when one is set, the end frame as each one's end frame. :func:`plan` says, once the
pictures are read, whether the batch can go and what it costs in words (or why not), and :func:`jobs`
turns it into the videos sent. A video to send is a :class:`Job`, for one video as for a batch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from veo_desktop.api import rules
from veo_desktop.core.clips.framing import Framing, Mode
from veo_desktop.core.clips.images import ImageRejected, PreparedImage
from veo_desktop.core.composer.form_policy import FormState, build_request, busy_reason, frames_blocker
from veo_desktop.i18n import translate


@dataclass(frozen=True)
class Job:
    """One video to submit: the request (its exact model) and its frames, each with its framing."""

    request: rules.VideoRequest
    start: PreparedImage | None
    start_framing: Framing
    end: PreparedImage | None
    end_framing: Framing
    parent_task_id: str = ""  # the task whose last frame the start frame is (a continued clip)


@dataclass(frozen=True)
class Plan:
    """A batch once its pictures are read: the usable ones, the refused ones (each in words), the
    request each video is sent with and the total cost in words; or (``refusal``) why nothing goes,
    shown in the drop zone, and (``why_not``) the request's own refusal, shown under Generate."""

    good: tuple[PreparedImage, ...] = ()
    bad: tuple[str, ...] = ()
    request: rules.VideoRequest | None = None
    total: str = ""
    refusal: str = ""
    why_not: str = ""


def not_sent(count: int, reason: str) -> str:
    """Several images dropped when nothing can be sent: why, before any cost is asked."""
    return translate("Controller", "{count} images, nothing sent: {reason}").format(
        count=count, reason=reason
    )


def total_cost(request: rules.VideoRequest, count: int, free: str = "") -> str:
    """What ``count`` videos of ``request`` cost, in words (``free``: the demo's word for every price)."""
    return free or rules.format_cents(request.price_cents * count)


def plan(state: FormState, results: Sequence[object], *, free: str = "") -> Plan:
    """The batch of ``results`` (each picture read: a :class:`PreparedImage`, or why it cannot be used),
    sent with the form as in ``state`` (its start frame: each picture; its end frame: the one set now)."""
    count = len(results)
    reason = busy_reason(state)
    if reason:
        return Plan(refusal=not_sent(count, reason))
    blocker = frames_blocker(state.request, True, state.end)
    if blocker:
        return Plan(refusal=blocker)
    built = build_request(state.request, state.seed_text, start=True, end=state.end)
    if not state.request.prompt.strip() or built.request is None:
        refusal = translate(
            "Controller", "{count} images: write the prompt and pick the settings first, then drop them again"
        ).format(count=count)
        return Plan(refusal=refusal, why_not=built.refusal)
    good = tuple(r for r in results if isinstance(r, PreparedImage))
    bad = tuple(str(r) for r in results if isinstance(r, ImageRejected))
    if not good:
        return Plan(refusal=translate("Controller", "None of these can be used: ") + "; ".join(bad))
    return Plan(good, bad, built.request, total_cost(built.request, len(good), free))


def jobs(batch: Plan, mode: Mode, end: PreparedImage | None, end_framing: Framing) -> list[Job]:
    """One video per usable picture, each centred in the start frame's ``mode``, each ending on ``end``."""
    if batch.request is None:
        return []
    centred = Framing(mode=mode)
    return [Job(batch.request, image, centred, end, end_framing) for image in batch.good]
