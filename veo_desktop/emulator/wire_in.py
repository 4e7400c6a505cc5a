"""How the emulated service reads a submission, quirks included, into a :class:`VideoRequest`.

Multipart (image-to-video): flat form fields; ``resolution`` wins over ``size``; ``seconds`` falls back
to "4" when absent (``duration`` is silently ignored); only the first ``input_reference`` is kept.
JSON (text-to-video): ``metadata.*`` first, then the top-level fields, then the defaults; a numeric
``seconds`` fails with ``parse_request_failed``; ``generateAudio`` anywhere fails with INVALID_ARGUMENT.
The verdict on the combination comes from the shared rules table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from veo_desktop.api import rules

_SNIFF = {
    "image/jpeg": lambda b: b[:3] == b"\xff\xd8\xff",
    "image/png": lambda b: b[:8] == b"\x89PNG\r\n\x1a\n",
    "image/webp": lambda b: b[:4] == b"RIFF" and b[8:12] == b"WEBP",
}
_SIZE_TO_CHOICE = {size: key for key, size in rules.SIZES.items()}


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
    request: rules.VideoRequest
    image: bytes | None
    image_type: str = ""
    reference_parts: int = 0
    fields: dict[str, Any] = field(default_factory=dict)


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
    return _SIZE_TO_CHOICE.get(size)


def submission_from_multipart(body: bytes, content_type: str) -> Submission:
    fields, files = parse_multipart(body, content_type)
    if "generateAudio" in fields:
        raise Refused("generateAudio is not a supported field", "INVALID_ARGUMENT")
    images = [f for f in files if f.name == "input_reference"]
    if not images:
        raise Refused("input_reference (the image file) is required for image-to-video")
    first = images[0]
    declared = first.content_type.split(";")[0].strip().lower()
    if declared not in _SNIFF:
        raise Refused(
            f"unsupported image type {declared or '(none)'}; use image/jpeg, image/png or image/webp"
        )
    if not _SNIFF[declared](first.data):
        raise Refused(f"the uploaded file is not a valid {declared} image")
    from_size = _choice_from_size(fields.get("size", ""))
    resolution = fields.get("resolution") or (from_size[0] if from_size else "720p")
    aspect = fields.get("aspectRatio") or (from_size[1] if from_size else "16:9")
    request = rules.VideoRequest(
        prompt=fields.get("prompt", ""),
        model=fields.get("model", rules.DEFAULT_MODEL),
        seconds=fields.get("seconds", "4"),
        resolution=resolution,
        aspect_ratio=aspect,
        negative_prompt=fields.get("negativePrompt", ""),
        seed=_seed(fields.get("seed")),
    )
    _check(request)
    return Submission(request, first.data, declared, len(images), dict(fields))


def submission_from_json(body: bytes) -> Submission:
    try:
        data = json.loads(body)
    except ValueError:
        raise Refused("the body is not valid JSON", "parse_request_failed") from None
    if not isinstance(data, dict):
        raise Refused("the body must be a JSON object", "parse_request_failed")
    metadata = data.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise Refused("metadata must be an object", "parse_request_failed")
    if "generateAudio" in data or "generateAudio" in metadata:
        raise Refused("generateAudio is not a supported field", "INVALID_ARGUMENT")
    seconds = data.get("seconds")
    if seconds is not None and not isinstance(seconds, str):
        raise Refused(
            "json: cannot unmarshal number into field seconds of type string", "parse_request_failed"
        )
    duration = metadata.get("durationSeconds")
    length = str(duration) if duration is not None else (seconds or "8")
    from_size = _choice_from_size(str(data.get("size", "")))
    resolution = metadata.get("resolution") or (from_size[0] if from_size else "720p")
    aspect = metadata.get("aspectRatio") or (from_size[1] if from_size else "16:9")
    seed = metadata.get("seed")
    request = rules.VideoRequest(
        prompt=str(data.get("prompt", "")),
        model=str(data.get("model", rules.DEFAULT_MODEL)),
        seconds=length,
        resolution=str(resolution),
        aspect_ratio=str(aspect),
        negative_prompt=str(metadata.get("negativePrompt", "")),
        seed=_seed(seed),
    )
    _check(request)
    return Submission(request, None, fields=dict(data))


def _seed(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(str(value))
    except ValueError:
        raise Refused(f"seed must be an integer (got {value!r})") from None


def _check(request: rules.VideoRequest) -> None:
    found = rules.problems(request)
    if found:
        raise Refused("; ".join(found))
