"""The window's storyboard as it was confirmed, and whether what the screen shows now differs from it.

The storyboard file being filmed is written only once its cost was confirmed (or by Skip, which only
takes the stopped shot away): it is the storyboard as confirmed. Retry sends its failed shot as it is
there, Skip takes exactly that shot away; a change to the shots (their text, count or order) since then,
or to the form's start picture, model or settings, means the next send is asked again with its cost,
saying what changed. No Qt.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from veo_desktop.api import rules
from veo_desktop.core.storyboard.document import Storyboard
from veo_desktop.core.storyboard.plan import Plan
from veo_desktop.i18n import translate


@dataclass(frozen=True)
class FormStart:
    """What the form gives a film: its start picture as it would be uploaded (framed as the form shows
    it; None when the form has none) and the request its settings build (seed and negative prompt too)."""

    picture: bytes | None
    extension: str
    request: rules.VideoRequest


def prompts_of(story: Storyboard) -> tuple[str, ...]:
    return tuple(shot.prompt for shot in story.shots)


def shots_changed(story: Storyboard, prompts: tuple[str, ...]) -> bool:
    """Whether the shots written now differ from the storyboard as confirmed (text, count or order)."""
    return prompts_of(story) != prompts


def without_shot(prompts: tuple[str, ...], prompt: str) -> tuple[str, ...] | None:
    """The shots with the line ``prompt`` taken out; None when it is not there exactly once (changed,
    or written twice: which one to take out is not known)."""
    if prompts.count(prompt) != 1:
        return None
    return tuple(p for p in prompts if p != prompt)


def skipped(story: Storyboard, number: int) -> Storyboard:
    """The storyboard as confirmed without its shot ``number`` (1-based)."""
    return replace(story, shots=story.shots[: number - 1] + story.shots[number:])


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def start_changes(story: Storyboard, start: FormStart) -> tuple[str, ...]:
    """What the form shows differently from the film being made, in words ("the start picture", "the
    model", ...); empty when nothing. Blocking (reads the film's start picture)."""
    changes: list[str] = []
    if start.picture is not None:
        try:
            kept = _digest(story.start_path.read_bytes())
        except OSError:
            kept = ""
        if kept != _digest(start.picture):
            changes.append(translate("Storyboard", "the start picture"))
    request = start.request
    if story.model != request.model:
        changes.append(translate("Storyboard", "the model"))
    shape = (story.seconds, story.resolution, story.aspect_ratio)
    if shape != (request.seconds, request.resolution, request.aspect_ratio):
        changes.append(translate("Storyboard", "the length, resolution or shape"))
    if (story.negative_prompt, story.seed) != (request.negative_prompt, request.seed):
        changes.append(translate("Storyboard", "the negative prompt or seed"))
    return tuple(changes)


def start_over_text(changes: tuple[str, ...]) -> str:
    """Said in the question when the form changed since the film being made was confirmed."""
    text = translate(
        "Storyboard",
        "Since this film was confirmed, the form's {changes} changed: it starts over from shot 1 with "
        "what the form shows now (the shots made so far are not used).",
    )
    return text.format(changes=", ".join(changes))


def made_again(plan: Plan) -> tuple[int, ...]:
    """The shots to send that were made already (saved): sent again only because the user asks."""
    return tuple(s.number for s in plan.to_send if s.entry is not None and s.entry.state == "saved")


def made_again_text(numbers: tuple[int, ...]) -> str:
    """Said in the question when shots already made would be sent (and billed) again."""
    text = translate(
        "Storyboard",
        "Already made, filmed again and billed again because its line or what it starts from changed: "
        "shot {numbers}.",
    )
    return text.format(numbers=", ".join(str(n) for n in numbers))
