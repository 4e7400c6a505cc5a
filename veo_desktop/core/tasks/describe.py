"""How a task is put into words, the same in the window and on the terminal."""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, Final

from veo_desktop.api import rules
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.service_words import known_reason, service_said
from veo_desktop.i18n import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:  # the window's first paint shows task rows without the HTTP stack (httpx) loaded
    from veo_desktop.api.retry import Unreachable

STATE_WORDS: Final = {
    "waiting": QT_TRANSLATE_NOOP("TaskState", "Waiting for a free slot"),
    "submitting": QT_TRANSLATE_NOOP("TaskState", "Submitting"),
    "unknown": QT_TRANSLATE_NOOP("TaskState", "Submitted, outcome unknown"),
    "rejected": QT_TRANSLATE_NOOP("TaskState", "Refused"),
    "queued": QT_TRANSLATE_NOOP("TaskState", "Queued"),
    "in_progress": QT_TRANSLATE_NOOP("TaskState", "Generating"),
    "downloading": QT_TRANSLATE_NOOP("TaskState", "Downloading"),
    "completed": QT_TRANSLATE_NOOP("TaskState", "Ready"),
    "failed": QT_TRANSLATE_NOOP("TaskState", "Failed"),
    "canceled": QT_TRANSLATE_NOOP("TaskState", "Canceled"),
    "download_failed": QT_TRANSLATE_NOOP("TaskState", "Download failed"),
    "paused": QT_TRANSLATE_NOOP("TaskState", "Not followed"),
}


# While in these a task's clock runs; in any other it shows how long the task took.
TICKING: Final = frozenset({"waiting", "submitting", "queued", "in_progress", "downloading"})
# These wait on the service: while it cannot be reached, their rows say so.
ON_THE_SERVICE: Final = frozenset({"submitting", "queued", "in_progress", "downloading"})


# A submission that could not reach the service was never sent: not a refusal by the service.
NOT_CONNECTED: Final = QT_TRANSLATE_NOOP("TaskState", "Could not connect")
NOT_CONNECTED_STATUS: Final = QT_TRANSLATE_NOOP(
    "TaskState", "Could not connect — nothing was sent, not charged. Check your internet connection."
)
# A two-frame clip whose last frame is not the end frame sent (core/clips/end_frame.py): paid for, and wrong.
NOT_ON_END_FRAME: Final = QT_TRANSLATE_NOOP(
    "TaskState", "The service did not end this clip on your end frame"
)
# The network error's words (api/errors.py NetworkError), as the history shows them.
_NETWORK_ERROR: Final = "Could not reach the service ({detail}). Check your internet connection."


def could_not_connect(record: TaskRecord) -> bool:
    """A submission given up because the service could not be reached (nothing left this machine)."""
    if record.state != "rejected":
        return False
    head = translate("Errors", _NETWORK_ERROR).split("{detail}")[0]
    return bool(head) and record.last_error.startswith(head)


def state_text(record: TaskRecord) -> str:
    if could_not_connect(record):
        return translate("TaskState", NOT_CONNECTED)
    return translate("TaskState", STATE_WORDS.get(record.state, record.state))


def status_text(record: TaskRecord, *, with_words: bool = False) -> str:
    """What a task's row (or the CLI's line) says of it; ``with_words``: the service's own words after
    the window's for a known failure (the CLI, which has no tooltip)."""
    if could_not_connect(record):
        return translate("TaskState", NOT_CONNECTED_STATUS)
    words = state_text(record)
    # A running task's trouble too (the service unreachable, a 404 at a wrong address): what the
    # history says is what the user reads.
    if record.last_error and record.state != "completed":
        # The service's words, in the window's language where they are known (the tooltip keeps them).
        known = known_reason(record.last_error, record.state)
        if known and with_words:
            return f"{words}: {known} ({service_said(record.last_error)})"
        return f"{words}: {known or record.last_error}"
    if record.state == "completed" and record.end_frame_match is False:
        return f"{words}: {translate('TaskState', NOT_ON_END_FRAME)}"
    return words


def settings_text(record: TaskRecord, size: str = "") -> str:
    """Its resolution, shape, length and model. ``size``: the saved video's own size (``640x360``), said
    instead of the resolution; an offline demo clip's resolution is never said (its clips are smaller)."""
    model = rules.MODELS.get(record.model)
    resolution = size or ("" if record.demo else record.resolution)
    parts = [
        p for p in (resolution, record.aspect_ratio, f"{record.seconds} s" if record.seconds else "") if p
    ]
    parts.append(model.label if model else record.model or translate("TaskList", "model unknown"))
    return " · ".join(parts)


def clock_text(seconds: float) -> str:
    """A duration as m:ss, the one way the app writes one (task rows, estimates, the player)."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def elapsed_text(record: TaskRecord, now: float | None = None) -> str:
    """How long the task takes (its clock runs while it does), or took: until its video was saved, or
    until it stopped (refused, failed, outcome unknown, no longer followed), the same after a restart."""
    if record.state in TICKING:
        end = now or time.time()
    else:
        end = record.saved_at or record.completed_at or record.started_at or record.submitted_at or 0.0
    return clock_text(max(end, record.created_at) - record.created_at)


def outage_text(unreachable: Unreachable | None, now: float | None = None, *, idle: bool = False) -> str:
    """The service cannot be reached: when the next try is (``now`` from time.monotonic()); "" when it
    can. ``idle``: nothing waits on the service (a submission that could not connect was given up), so
    no try is under way: "Retry now" is the next one."""
    if unreachable is None:
        return ""
    if unreachable.next_try is None and idle:
        return translate("Connection", "Can't reach the service")
    if unreachable.next_try is None:
        return translate("Connection", "Can't reach the service — trying again now")
    seconds = max(1, math.ceil(unreachable.next_try - (time.monotonic() if now is None else now)))
    return translate("Connection", "Can't reach the service — retrying in {seconds} s").format(
        seconds=seconds
    )


def cost_text(record: TaskRecord) -> str:
    if record.demo:  # the offline demo charges nothing, whatever its model would cost
        return translate("TaskList", "free (demo)")
    if record.cost_cents is not None:
        return rules.format_cents(record.cost_cents)
    if record.state in ("failed", "canceled", "rejected"):
        return translate("TaskList", "not charged")
    model = rules.MODELS.get(record.model)
    if model is None:  # an imported task whose model the service did not name, or named otherwise
        return translate("TaskList", "cost unknown")
    return translate("TaskList", "{price} when done").format(price=rules.format_cents(model.price_cents))


def playing_text(record: TaskRecord, shown: str = "playing") -> str:
    """Which task a clip in the player comes from: its prompt (the start of it) and its settings, after
    what the player does with it (``shown``: "playing", "paused", or "still": its picture is shown)."""
    prompt = excerpt(record.prompt, 70) or translate("Preview", "(no prompt)")
    if shown == "still":
        text = translate("Preview", "Still: {prompt} · {settings}")
    elif shown == "paused":
        text = translate("Preview", "Paused: {prompt} · {settings}")
    else:
        text = translate("Preview", "Playing: {prompt} · {settings}")
    return text.format(prompt=prompt, settings=settings_text(record))


def excerpt(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
