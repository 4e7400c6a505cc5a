"""Continuing a clip: its last frame becomes the start frame of a new task with the same settings.

The provider has no "extend"; creators chain by hand. Here the last frame is decoded from the saved
video (never from the first: that is the clip's start) and checked like any dropped image. Whether a
task can be continued is answered without PyAV (the window asks on every menu); decoding loads it.
Blocking: call :func:`last_frame` in a worker thread.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from veo_desktop.api import rules
from veo_desktop.core.clips.images import ImageRejected, PreparedImage, prepare_image_bytes
from veo_desktop.core.clips.saved_videos import is_its_video
from veo_desktop.core.naming import portable_name
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.i18n import translate


class CannotContinue(ValueError):
    """The task has no saved video to continue from; the message says what to do."""


def continuable(record: TaskRecord) -> str:
    """Why this task cannot be continued now ("" when it can): its video must be saved and present."""
    name = record.task_id or f"#{record.id}"
    if record.state != "completed" or not record.output_path:
        return translate(
            "Clips", "Task {task} has no saved video yet; continue it once its video is saved"
        ).format(task=name)
    if not Path(record.output_path).is_file():
        return translate(
            "Clips",
            "The video of task {task} is no longer at {path}; `veo-desktop download {task}` fetches it again",
        ).format(task=name, path=record.output_path)
    return ""


def last_frame(record: TaskRecord) -> PreparedImage:
    """The last frame of the task's saved video, as a checked start image (the submission keeps its
    copy among the reference images, as for any image)."""
    from veo_desktop.core.clips.clip_frames import NotAVideo, frame_at, png_bytes  # PyAV: not for why-not

    problem = continuable(record)
    if problem:
        raise CannotContinue(problem)
    if not is_its_video(record):  # a later task's video took its name, or another file is there
        name = record.task_id or f"#{record.id}"
        text = translate(
            "Clips",
            "The file at {path} is no longer the video of task {task}; "
            "`veo-desktop download {task}` fetches it again",
        )
        raise CannotContinue(text.format(path=record.output_path, task=name))
    try:
        image = frame_at(Path(record.output_path))
    except NotAVideo as exc:
        raise CannotContinue(str(exc)) from None
    try:
        name = portable_name(f"last-frame-{record.task_id or record.id}.png", fallback="last-frame")
        return prepare_image_bytes(png_bytes(image), name)
    except ImageRejected as exc:  # a video too small (or odd) to start another from
        text = translate("Clips", "The last frame of task {task} cannot start a video: {reason}")
        raise CannotContinue(text.format(task=record.task_id or f"#{record.id}", reason=exc.reason)) from None


def continued_request(record: TaskRecord, prompt: str) -> rules.VideoRequest:
    """The parent's settings (not its seed) with a new prompt, moved to the model of the same choice
    that takes a start frame."""
    seconds, resolution, aspect_ratio = rules.settings_for(  # an imported task may not know them
        record.model,
        seconds=record.seconds or None,
        resolution=record.resolution or None,
        aspect_ratio=record.aspect_ratio or None,
    )
    request = replace(
        record.request,
        prompt=prompt,
        seed=None,
        seconds=seconds,
        resolution=resolution,
        aspect_ratio=aspect_ratio,
    )
    return rules.adjust(request, start=True).request
