"""Stale shots: a saved shot whose start frame is no longer the last frame of the shot before it.

Each shot after the first starts from the last frame of the clip saved for the shot before; its entry in
the progress file records which task that was (``parent_task_id``, written before its request went
out). When the shot before is made again (filmed again, retried, skipped, replaced by another clip, or
the shots were reordered) its saved task is another one, and the shot after it no longer continues it:
it is stale, and "Film again from here" films it again from the new last frame. Decided from the
progress file's records alone, never guessed from prompts or pictures. No Qt.
"""

from __future__ import annotations

from dataclasses import replace

from veo_desktop.core.storyboard.progress import Progress, ShotProgress
from veo_desktop.i18n import translate


def saved_task(entry: ShotProgress | None) -> str:
    """The task whose clip is saved for this shot ("" when the shot has no saved clip)."""
    return entry.task_id or "" if entry is not None and entry.state == "saved" else ""


def stale_shots(progress: Progress, count: int) -> tuple[int, ...]:
    """The numbers of the saved shots (of the first ``count``) whose start frame changed: shot k > 1 is
    stale when the task it started from is not the saved task of shot k - 1 (or shot k - 1 has no
    saved clip any more); shot 1 when it started from another shot's last frame (it was moved first)."""
    found = []
    for number in range(1, count + 1):
        entry = progress.shots.get(number)
        if entry is None or not saved_task(entry):
            continue
        before = saved_task(progress.shots.get(number - 1)) if number > 1 else ""
        if entry.parent_task_id != before or (number > 1 and not before):
            found.append(number)
    return tuple(found)


# A shot in one of these states has a task that may be being made, or whose outcome is not known: it is
# never moved (its entry must stay where the next run looks for it, so it is never sent again).
SETTLED = frozenset({"saved", "failed", "rejected", "canceled"})


def can_move(progress: Progress, first: int, second: int) -> bool:
    """Whether shots ``first`` and ``second`` can trade places: each has no task still being made."""
    entries = (progress.shots.get(first), progress.shots.get(second))
    return all(e is None or e.state in SETTLED for e in entries)


def swap(progress: Progress, first: int, second: int) -> None:
    """Shots ``first`` and ``second`` trade places, each with what was sent for it (its task kept, never
    lost); a moved saved shot, and the shot after it, are then stale. Blocking: writes the file."""
    one, other = progress.shots.pop(first, None), progress.shots.pop(second, None)
    if one is not None:
        progress.shots[second] = replace(one, number=second)
    if other is not None:
        progress.shots[first] = replace(other, number=first)
    progress.save()


def saved_shots(progress: Progress, count: int) -> tuple[int, ...]:
    """The numbers of the shots (of the first ``count``) that have a saved clip."""
    return tuple(n for n in range(1, count + 1) if saved_task(progress.shots.get(n)))


def stale_text(numbers: tuple[int, ...]) -> str:
    """What the tab says of the stale shots ("" when none is)."""
    if not numbers:
        return ""
    if len(numbers) == 1:
        text = translate("Storyboard", "Shot {number} is stale: its start frame changed")
        return text.format(number=numbers[0])
    text = translate("Storyboard", "Shots {numbers} are stale: their start frames changed")
    return text.format(numbers=", ".join(str(n) for n in numbers))


__all__ = ["can_move", "saved_shots", "saved_task", "stale_shots", "stale_text", "swap"]
