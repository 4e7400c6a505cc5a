"""Where each shot stands, from the progress file and the history, and what filming the rest costs.

The history is the source of truth for a task's state; the progress file says which task is whose.
A shot is ``saved`` (its video is saved), ``running`` (an accepted task not finished yet: followed,
never sent again), ``unknown`` (sent, but whether the service took it is not known: never sent again;
filming stops there and says so) or ``to_send``. From the first shot to send, every later one is sent
too: its start frame is the last frame of a clip not made yet. Failed shots are free: the cost of a
shot is its model's price, billed only when its video is completed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Literal, Protocol

from veo_desktop.api import rules
from veo_desktop.core.storyboard.document import Shot, Storyboard
from veo_desktop.core.storyboard.progress import Progress, ShotProgress
from veo_desktop.core.storyboard.validation import shot_request
from veo_desktop.core.task_record import ACTIVE, TaskRecord
from veo_desktop.i18n import QT_TRANSLATE_NOOP, translate

Standing = Literal["saved", "running", "unknown", "to_send"]
# How far before its intent was written a task may have been recorded (clocks step; be generous).
MATCH_SLACK_SECONDS: Final = 5.0
NOTES: Final = {
    "changed": QT_TRANSLATE_NOOP("Storyboard", "changed since it was filmed: filmed again"),
    "stale": QT_TRANSLATE_NOOP("Storyboard", "its start frame changed: filmed again"),
    "failed": QT_TRANSLATE_NOOP("Storyboard", "its last attempt ended without a video (free): sent again"),
    "never_sent": QT_TRANSLATE_NOOP("Storyboard", "its last attempt was stopped before it was sent"),
    "other_mode": QT_TRANSLATE_NOOP("Storyboard", "filmed in the other mode (demo or not): filmed again"),
    "again": QT_TRANSLATE_NOOP("Storyboard", "filmed again, as asked"),
}


class Records(Protocol):
    """What the survey reads of the history (a :class:`TaskManager` or a :class:`HistoryStore`)."""

    def get(self, local_id: int) -> TaskRecord | None: ...

    def by_task_id(self, task_id: str) -> TaskRecord | None: ...


@dataclass(frozen=True)
class ShotStatus:
    number: int
    shot: Shot
    request: rules.VideoRequest
    standing: Standing
    record: TaskRecord | None = None  # the shot's task in the history, when it has one
    entry: ShotProgress | None = None
    note: str = ""  # a key of NOTES

    @property
    def price_cents(self) -> int:
        model = rules.MODELS.get(self.request.model)
        return model.price_cents if model else 0

    @property
    def note_text(self) -> str:
        return translate("Storyboard", NOTES[self.note]) if self.note else ""


@dataclass(frozen=True)
class Plan:
    shots: tuple[ShotStatus, ...]

    @property
    def total_cents(self) -> int:
        """The whole film: every shot's price (each billed once, when its video is completed)."""
        return sum(s.price_cents for s in self.shots)

    @property
    def to_send(self) -> tuple[ShotStatus, ...]:
        """The shots this run sends: none after a shot whose outcome is unknown (filming stops there)."""
        sent = []
        for status in self.shots:
            if status.standing == "unknown":
                break
            if status.standing == "to_send":
                sent.append(status)
        return tuple(sent)

    @property
    def to_send_cents(self) -> int:
        """What this run may add to the bill: the shots it sends (failed ones are free)."""
        return sum(s.price_cents for s in self.to_send)

    @property
    def unknown(self) -> ShotStatus | None:
        return next((s for s in self.shots if s.standing == "unknown"), None)


def matching(entry: ShotProgress, request: rules.VideoRequest, recent: list[TaskRecord]) -> TaskRecord | None:
    """The history's task for an intent written before its local id was (the run ended in between):
    same prompt, model and parent, recorded after the intent. None: it was never recorded, so never
    sent (the task manager records a task before its request goes out)."""
    found = [
        r
        for r in recent
        if r.prompt == request.prompt
        and r.model == request.model
        and r.parent_task_id == entry.parent_task_id
        and r.created_at >= entry.intent_at - MATCH_SLACK_SECONDS
    ]
    return min(found, key=lambda r: r.created_at) if found else None


def _record_of(
    entry: ShotProgress, request: rules.VideoRequest, records: Records, recent: Callable[[], list[TaskRecord]]
) -> TaskRecord | None:
    record = records.get(entry.local_id) if entry.local_id is not None else None
    if record is not None and entry.task_id and record.task_id != entry.task_id:
        record = None  # not the same task (a history made again): look for it by its id
    if record is None and entry.task_id:
        record = records.by_task_id(entry.task_id)
    if record is None and entry.local_id is None and entry.task_id is None:
        record = matching(entry, request, recent())
    return record


def _standing(record: TaskRecord | None, entry: ShotProgress, demo: bool) -> tuple[Standing, str]:
    if record is None:
        if entry.local_id is None and entry.task_id is None:
            return "to_send", "never_sent"  # not in the history: its request never went out
        if entry.task_id:
            return "running", ""  # the history lost it; the service has it: imported by its id
        return "unknown", ""
    if record.demo != demo:
        return "to_send", "other_mode"
    if record.state == "completed":
        return "saved", ""
    if record.state == "waiting":  # recorded, never sent: withdrawn, and the shot sent now
        return "to_send", "never_sent"
    if record.state in ("unknown", "submitting"):
        return ("to_send", "never_sent") if demo else ("unknown", "")
    if record.state in ACTIVE or record.state == "paused":
        return "running", ""
    return "to_send", "failed"  # failed, refused or canceled: free, and this run is its retry


def survey(
    story: Storyboard,
    progress: Progress,
    fingerprints: list[str],
    records: Records,
    recent: Callable[[], list[TaskRecord]],
    *,
    demo: bool = False,
    again: int = 0,
) -> Plan:
    """Each shot's standing, in order (see the module's text). ``fingerprints``: one per shot, from
    :func:`~veo_desktop.core.storyboard.progress.fingerprint`; ``recent``: the newest tasks, for an
    intent whose local id was never written. ``again``: a saved shot the user asked to film again
    ("Film again from here"): sent, and every shot after it; a shot whose task is still running or
    whose outcome is unknown is never sent again, asked or not."""
    statuses: list[ShotStatus] = []
    parent = ""  # the task id of the shot before, when it is saved
    sending = False
    for number, (shot, printed) in enumerate(zip(story.shots, fingerprints, strict=True), 1):
        request = shot_request(story, shot)
        entry = progress.shots.get(number)
        if sending or entry is None:
            note = "stale" if sending and entry is not None else ""
            statuses.append(ShotStatus(number, shot, request, "to_send", entry=entry, note=note))
            sending = True
            continue
        if entry.fingerprint != printed or (number > 1 and entry.parent_task_id != parent):
            note = "changed" if entry.fingerprint != printed else "stale"
            statuses.append(ShotStatus(number, shot, request, "to_send", entry=entry, note=note))
            sending = True
            continue
        record = _record_of(entry, request, records, recent)
        standing, note = _standing(record, entry, demo)
        if number == again and standing == "saved":
            standing, note = "to_send", "again"
        statuses.append(ShotStatus(number, shot, request, standing, record, entry, note))
        if standing == "saved" and record is not None:
            parent = record.task_id or ""
        else:
            sending = True  # nothing after it can start before it is saved
    return Plan(tuple(statuses))
