"""How long the rest of a film takes, from the learned render times (:class:`RenderTimes`: the user's own
once their history has enough finished tasks of a kind, the published ones before): the shot being made
now (its typical render time less what it has rendered already) and every shot after it not saved yet
(its typical render time each), in words ("about 3 min left"). The window's Sequence tab and
``veo-desktop story`` say it beside "Shot k of n". No Qt.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from veo_desktop.api import rules
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.estimate import RenderTimes
from veo_desktop.i18n import translate

DONE_RENDERING = frozenset({"downloading", "completed"})  # its video is made: only the download is left


def request_kind(request: rules.VideoRequest) -> tuple[str, bool]:
    """The kind of render a shot's request makes (as :func:`estimate.kind` says of a task): every shot
    starts from a picture."""
    model = rules.MODELS.get(request.model)
    if model is not None and model.channel == "flow":
        return ("flow-fast" if model.tier == "fast" else "flow", True)
    return (request.resolution, True)


def typical_seconds(request: rules.VideoRequest, times: RenderTimes) -> float:
    return times.expected(*request_kind(request)).typical


def shot_seconds_left(
    request: rules.VideoRequest, record: TaskRecord | None, times: RenderTimes, now: float
) -> float:
    """The shot being made now: all of its typical render time until it renders (not sent yet, queued),
    then what is left of it (never below zero: past the usual time it is due any moment)."""
    if record is None:
        return typical_seconds(request, times)
    if record.state in DONE_RENDERING:
        return 0.0
    typical = times.expected_for(record).typical
    if record.state == "in_progress" and record.started_at:
        return max(0.0, typical - max(0.0, now - record.started_at))
    return typical


def film_seconds_left(
    current: rules.VideoRequest | None,
    record: TaskRecord | None,
    after: Sequence[rules.VideoRequest],
    times: RenderTimes,
    now: float,
) -> float:
    """The shots left times their typical render time, plus the current shot's remaining estimate.
    ``current``: the shot being made (None between shots); ``record``: its task, once recorded;
    ``after``: the shots after it still to make."""
    left = sum(typical_seconds(request, times) for request in after)
    if current is not None:
        left += shot_seconds_left(current, record, times, now)
    return left


def time_left_text(seconds: float) -> str:
    """``about 3 min left`` (minutes rounded up), ``about 1 h 5 min left``, ``less than a minute left``."""
    if seconds < 60:
        return translate("Storyboard", "less than a minute left")
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return translate("Storyboard", "about {minutes} min left").format(minutes=minutes)
    hours, minutes = divmod(minutes, 60)
    if not minutes:
        return translate("Storyboard", "about {hours} h left").format(hours=hours)
    return translate("Storyboard", "about {hours} h {minutes} min left").format(hours=hours, minutes=minutes)
