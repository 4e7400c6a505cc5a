"""How the emulated service reads a submission, quirks included, into a :class:`VideoRequest`.

The official channel. Multipart (image-to-video): flat form fields; ``resolution`` wins over ``size``;
``seconds`` falls back to "4" when absent (``duration`` is silently ignored); only the first
``input_reference`` is kept. JSON (text-to-video): ``metadata.*`` first, then the top-level fields, then
the defaults; a numeric ``seconds`` fails with ``parse_request_failed``; ``generateAudio`` anywhere fails
with INVALID_ARGUMENT.

The Flow channel (a model of ``provider_tables.MODELS`` whose channel is "flow"): ``model`` and
``prompt``, and on the ``-fl`` models one or two frames as multipart files named as
:data:`~veo_desktop.emulator.provider_tables.FLOW_FRAME_FIELDS` says (``input_reference`` twice: start
frame, then end frame; undocumented, see there); text is JSON ``{"model", "prompt"}``. The length,
resolution and shape come from the model's name; one that is sent anyway must agree with it.

The verdict on the combination (with the frames given) is the emulator's own
(:func:`~veo_desktop.emulator.provider_request.refusals`), from the provider's documents: nothing here
comes from the app's client.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from veo_desktop.emulator import provider_tables as tables
from veo_desktop.emulator.provider_request import ProviderRequest, name_decides, refusals

_SNIFF = {
    "image/jpeg": lambda b: b[:3] == b"\xff\xd8\xff",
    "image/png": lambda b: b[:8] == b"\x89PNG\r\n\x1a\n",
    "image/webp": lambda b: b[:4] == b"RIFF" and b[8:12] == b"WEBP",
}


class Refused(Exception):
    def __init__(self, message: str, code: str = "invalid_parameter", status: int = 400) -> None:
        self.message = message
        self.code = code
        self.status = status
        super().__init__(message)


@dataclass
class FilePart:
    name: str
    filename: str
    content_type: str
    data: bytes


@dataclass
class Submission:
    """What the service took from one accepted submission."""

    request: ProviderRequest
    frames: tuple[bytes, ...] = ()  # the images the task uses, as received: start frame, then end frame
    frame_types: tuple[str, ...] = ()  # their declared (and checked) types, in the same order
    reference_parts: int = 0  # image parts received, kept or not
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def image(self) -> bytes | None:
        """The start frame."""
        return self.frames[0] if self.frames else None

    @property
    def end_image(self) -> bytes | None:
        return self.frames[1] if len(self.frames) > 1 else None

    @property
    def image_type(self) -> str:
        return self.frame_types[0] if self.frame_types else ""


def parse_multipart(body: bytes, content_type: str) -> tuple[dict[str, str], list[FilePart]]:
    boundary = ""
    for param in content_type.split(";")[1:]:
        key, _, value = param.strip().partition("=")
        if key.lower() == "boundary":
            boundary = value.strip('"')
    if not boundary:
        raise Refused("multipart body without a boundary", "parse_request_failed")
    fields: dict[str, str] = {}
    files: list[FilePart] = []
    delimiter = b"--" + boundary.encode()
    for chunk in body.split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            break
        head, sep, content = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not sep:
            raise Refused("malformed multipart part", "parse_request_failed")
        content = content.removesuffix(b"\r\n")
        headers = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        disposition = _params(headers.get("content-disposition", ""))
        name = disposition.get("name", "")
        if "filename" in disposition:
            files.append(FilePart(name, disposition["filename"], headers.get("content-type", ""), content))
        elif name not in fields:
            fields[name] = content.decode("utf-8", "replace")
    return fields, files


def _params(header: str) -> dict[str, str]:
    out = {}
    for item in header.split(";")[1:]:
        key, _, value = item.strip().partition("=")
        out[key.lower()] = value.strip().strip('"')
    return out


def _choice_from_size(size: str) -> tuple[str, str] | None:
    return tables.SIZES.get(size)


def submission_from_multipart(body: bytes, content_type: str) -> Submission:
    fields, files = parse_multipart(body, content_type)
    if "generateAudio" in fields:
        raise Refused(f"{tables.NEVER_SEND} is not a supported field", tables.INVALID_ARGUMENT)
    if tables.channel_of(fields.get("model", tables.DEFAULT_MODEL)) == "flow":
        return _flow_multipart(fields, files)
    images = [f for f in files if f.name == tables.IMAGE_FIELD]
    if not images:
        raise Refused(f"{tables.IMAGE_FIELD} (the image file) is required for image-to-video")
    first = images[0]
    declared = _checked_type(first)
    from_size = _choice_from_size(fields.get("size", ""))
    resolution = fields.get("resolution") or (from_size[0] if from_size else tables.DEFAULT_RESOLUTION)
    aspect = fields.get("aspectRatio") or (from_size[1] if from_size else tables.DEFAULT_SHAPE)
    request = ProviderRequest(
        prompt=fields.get("prompt", ""),
        model=fields.get("model", tables.DEFAULT_MODEL),
        seconds=fields.get("seconds", tables.MULTIPART_DEFAULT_LENGTH),
        resolution=resolution,
        aspect_ratio=aspect,
        negative_prompt=fields.get("negativePrompt", ""),
        seed=_seed(fields.get("seed")),
    )
    _check(request, images=1)
    return Submission(request, (first.data,), (declared,), len(images), dict(fields))


def _flow_multipart(fields: dict[str, str], files: list[FilePart]) -> Submission:
    """A Flow submission with frames: the start frame, then the optional end frame."""
    start, end, extra = _frames(files)
    given = [part for part in (start, end) if part is not None]
    if extra:
        count = len(given) + len(extra)
        most = len(tables.FLOW_FRAME_FIELDS)
        name = tables.IMAGE_FIELD
        raise Refused(f"{name}: at most {most} images (a start frame and an end frame), got {count}")
    types = tuple(_checked_type(part) for part in given)
    from_size = _choice_from_size(fields.get("size", ""))
    request = _flow_request(
        fields,
        seconds=fields.get("seconds"),
        resolution=fields.get("resolution") or (from_size[0] if from_size else None),
        aspect_ratio=fields.get("aspectRatio") or (from_size[1] if from_size else None),
        negative_prompt=fields.get("negativePrompt", ""),
        seed=fields.get("seed"),
    )
    _check(request, images=len(given))
    return Submission(request, tuple(part.data for part in given), types, len(given), dict(fields))


def _frames(files: list[FilePart]) -> tuple[FilePart | None, FilePart | None, list[FilePart]]:
    """The start frame and the end frame, each the next part named as ``FLOW_FRAME_FIELDS`` says for it
    (the same name twice means "in this order"), and any image parts beyond those."""
    left = [part for part in files if part.name in tables.FLOW_FRAME_FIELDS]
    found: list[FilePart | None] = []
    for name in tables.FLOW_FRAME_FIELDS:
        part = next((p for p in left if p.name == name), None)
        if part is not None:
            left.remove(part)
        found.append(part)
    return found[0], found[1], left


def _flow_request(
    fields: dict[str, Any],
    *,
    seconds: object,
    resolution: object,
    aspect_ratio: object,
    negative_prompt: object,
    seed: object,
) -> ProviderRequest:
    """A Flow request: what is not sent comes from the model's name; what is sent is kept, to be checked."""
    model = str(fields.get("model", ""))
    length, size, shape = name_decides(
        model,
        seconds=_text(seconds),
        resolution=_text(resolution),
        aspect_ratio=_text(aspect_ratio),
    )
    return ProviderRequest(
        prompt=str(fields.get("prompt", "")),
        model=model,
        seconds=length,
        resolution=size,
        aspect_ratio=shape,
        negative_prompt=str(negative_prompt or ""),
        seed=_seed(seed),
    )


def _text(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def _checked_type(part: FilePart) -> str:
    """The declared type of an image part, refused unless it is one of the three and the bytes agree."""
    declared = part.content_type.split(";")[0].strip().lower()
    if declared not in _SNIFF:
        raise Refused(
            f"{part.name}: unsupported image type {declared or '(none)'}; use {', '.join(tables.IMAGE_TYPES)}"
        )
    if not _SNIFF[declared](part.data):
        raise Refused(f"{part.name}: the uploaded file is not a valid {declared} image")
    return declared


def submission_from_json(body: bytes) -> Submission:
    try:
        data = json.loads(body)
    except ValueError:
        raise Refused("the body is not valid JSON", tables.PARSE_FAILED) from None
    if not isinstance(data, dict):
        raise Refused("the body must be a JSON object", tables.PARSE_FAILED)
    metadata = data.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise Refused("metadata must be an object", tables.PARSE_FAILED)
    if tables.NEVER_SEND in data or tables.NEVER_SEND in metadata:
        raise Refused(f"{tables.NEVER_SEND} is not a supported field", tables.INVALID_ARGUMENT)
    seconds = data.get("seconds")
    if seconds is not None and not isinstance(seconds, str):
        raise Refused("json: cannot unmarshal number into field seconds of type string", tables.PARSE_FAILED)
    duration = metadata.get("durationSeconds")
    from_size = _choice_from_size(str(data.get("size", "")))
    if tables.channel_of(str(data.get("model", tables.DEFAULT_MODEL))) == "flow":
        request = _flow_request(
            data,
            seconds=duration if duration is not None else seconds,
            resolution=metadata.get("resolution") or (from_size[0] if from_size else None),
            aspect_ratio=metadata.get("aspectRatio") or (from_size[1] if from_size else None),
            negative_prompt=metadata.get("negativePrompt", ""),
            seed=metadata.get("seed"),
        )
        _check(request, images=0)
        return Submission(request, fields=dict(data))
    length = str(duration) if duration is not None else (seconds or tables.JSON_DEFAULT_LENGTH)
    resolution = metadata.get("resolution") or (from_size[0] if from_size else tables.DEFAULT_RESOLUTION)
    aspect = metadata.get("aspectRatio") or (from_size[1] if from_size else tables.DEFAULT_SHAPE)
    request = ProviderRequest(
        prompt=str(data.get("prompt", "")),
        model=str(data.get("model", tables.DEFAULT_MODEL)),
        seconds=length,
        resolution=str(resolution),
        aspect_ratio=str(aspect),
        negative_prompt=str(metadata.get("negativePrompt", "")),
        seed=_seed(metadata.get("seed")),
    )
    _check(request, images=0)
    return Submission(request, fields=dict(data))


def _seed(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(str(value))
    except ValueError:
        raise Refused(f"seed must be an integer (got {value!r})") from None


def _check(request: ProviderRequest, *, images: int) -> None:
    found = refusals(request, images)
    if found:
        raise Refused("; ".join(found))
