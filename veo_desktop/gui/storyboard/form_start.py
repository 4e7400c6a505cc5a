"""What the form gives the storyboard's film, as Generate would send it: the start picture framed the way
the form shows it (its crop box or its bars, scaled as :func:`~veo_desktop.core.clips.framing.frame_image`
scales it) and the request its settings build (:func:`~veo_desktop.core.composer.form_policy.build_request`:
the exact model, the negative prompt and the seed where the model takes them)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING

from veo_desktop.core.clips.framing import Framing, frame_image
from veo_desktop.core.clips.images import PreparedImage
from veo_desktop.core.composer import form_policy
from veo_desktop.core.storyboard.confirmed import FormStart

if TYPE_CHECKING:
    from veo_desktop.gui.composer.generation_form import GenerationForm


async def read_form_start(
    form: GenerationForm, image: PreparedImage | None, framing: Framing, first_prompt: str
) -> FormStart | str:
    """The form's start (``image``: its start picture, None when it has none); or why the form's settings
    cannot be sent, in words. ``first_prompt`` stands for the form's prompt (the shots replace it)."""
    chosen = replace(form.request(), prompt=first_prompt)
    built = form_policy.build_request(chosen, form.seed_text(), start=True, end=False)
    request = built.request
    if request is None:
        return built.refusal
    if image is None:
        return FormStart(None, "", request)
    framed = await asyncio.to_thread(frame_image, image, request.size, request.aspect_ratio, framing)
    return FormStart(framed.reference.data, framed.extension, request)
