"""Whether the service takes every shot, checked before anything is sent: each problem names its shot.

A shot's request is the storyboard's defaults, its own model and settings on top; a setting the shot's
model fixes (the Flow channel's names say length, resolution and shape) is the model's unless the shot
says otherwise. Every shot starts from a picture: shot 1 from the start picture, each later one from
the last frame of the shot before; only the Flow channel's ``-fl`` models also take an end frame.
Blocking (the pictures are read): call :func:`problems` in a worker thread.
"""

from __future__ import annotations

from pathlib import Path

from veo_desktop.api import rules
from veo_desktop.core.clips.images import ImageRejected, prepare_image
from veo_desktop.core.storyboard.document import SETTINGS, Shot, Storyboard
from veo_desktop.i18n import translate


def shot_request(story: Storyboard, shot: Shot) -> rules.VideoRequest:
    """What is asked of the service for this shot (unchecked: see :func:`problems`)."""
    model_id = story.model_of(shot)
    model = rules.MODELS.get(model_id)
    given: dict[str, str | None] = {}
    for name in SETTINGS:
        own = getattr(shot, name)
        fixed = model is not None and len(model.allowed(name)) == 1
        # The storyboard's default gives way to what the shot's own model makes; the shot's own value not.
        given[name] = own or (None if fixed and shot.model else getattr(story, name))
    seconds, resolution, aspect_ratio = rules.settings_for(
        model_id, seconds=given["seconds"], resolution=given["resolution"], aspect_ratio=given["aspect_ratio"]
    )
    extras = model is None or model.extras  # the Flow channel takes no negative prompt and no seed
    return rules.VideoRequest(
        prompt=shot.prompt.strip(),
        model=model_id,
        seconds=seconds,
        resolution=resolution,
        aspect_ratio=aspect_ratio,
        negative_prompt=story.negative_prompt if extras else "",
        seed=story.seed if extras else None,
    )


def shot_name(number: int) -> str:
    return translate("Storyboard", "Shot {number}").format(number=number)


def _picture_problem(path: Path) -> str:
    try:
        prepare_image(path)
    except ImageRejected as exc:
        return f"{path}: {exc.reason}"
    return ""


def problems(story: Storyboard, *, check_pictures: bool = True) -> list[str]:
    """Every reason the storyboard cannot be filmed as it is, each naming its shot; empty when it can."""
    found: list[str] = []
    if check_pictures:
        start = _picture_problem(story.start_path)
        if start:
            found.append(translate("Storyboard", "The start picture {problem}").format(problem=start))
    film = story.film_path
    if film.suffix.lower() != ".mp4":
        text = translate("Storyboard", "The film {name}: a film is saved as MP4; end the name with .mp4")
        found.append(text.format(name=story.film or film.name))
    elif not film.parent.is_dir():
        text = translate("Storyboard", "The film {name}: the folder {folder} does not exist")
        found.append(text.format(name=story.film, folder=film.parent))
    for number, shot in enumerate(story.shots, 1):
        name = shot_name(number)
        end = story.end_path(shot)
        request = shot_request(story, shot)
        for problem in rules.problems(request, start=True, end=end is not None):
            found.append(f"{name}: {problem}")
        if end is not None and check_pictures:
            picture = _picture_problem(end)
            if picture:
                text = translate("Storyboard", "{shot}: the end frame {problem}")
                found.append(text.format(shot=name, problem=picture))
    return found
