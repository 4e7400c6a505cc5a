"""Reading an answer that should be small: at most :data:`MAX_ANSWER_BYTES`, and decoded leniently.

The raw bytes are read, not httpx's decoded stream: a gateway that labels a plain body ``gzip`` (or
``deflate``) made httpx raise in the middle of the read, and an accepted task's id in that body was
lost. Here a coding that does not decode leaves the body as it came; a real one is decoded, and never
past the cap (a small compressed answer that unpacks to gigabytes is cut short too).
"""

from __future__ import annotations

import contextlib
import logging
import zlib
from collections.abc import AsyncGenerator
from typing import Final, cast

import httpx

from veo_desktop.api import errors

log = logging.getLogger(__name__)

MAX_ANSWER_BYTES: Final = 1 << 20
# zlib's window bits for each coding: gzip's header, zlib's header, or none (some servers' "deflate").
_WBITS: Final[dict[str, tuple[int, ...]]] = {"gzip": (31,), "x-gzip": (31,), "deflate": (15, -15)}


async def read_capped(response: httpx.Response) -> bytes:
    """The body of an answer that should be small; a huge one (a hostile or broken server) is cut
    short with :class:`~veo_desktop.api.errors.BadResponse`."""
    received = bytearray()
    # Closed when cut short too (httpx types it as an iterator; it is an async generator).
    reader = cast(AsyncGenerator[bytes, None], response.aiter_raw())
    async with contextlib.aclosing(reader) as chunks:
        async for chunk in chunks:
            received += chunk
            if len(received) > MAX_ANSWER_BYTES:
                raise too_large()
    return decoded(bytes(received), response.headers.get("content-encoding", ""))


def decoded(body: bytes, codings: str) -> bytes:
    """``body`` with its content codings undone, last applied first; a coding that does not decode
    (a label that lies) or that this app does not know leaves the body as it is."""
    for coding in reversed([c.strip().lower() for c in codings.split(",") if c.strip()]):
        if coding == "identity":
            continue
        body = _undone(body, coding)
    return body


def _undone(body: bytes, coding: str) -> bytes:
    for wbits in _WBITS.get(coding, ()):
        unpacker = zlib.decompressobj(wbits)
        try:
            plain = unpacker.decompress(body, MAX_ANSWER_BYTES + 1)
        except zlib.error:
            continue
        if len(plain) > MAX_ANSWER_BYTES or unpacker.unconsumed_tail:
            raise too_large()
        return plain
    log.warning("an answer labelled %r that is not: read as it came", coding)
    return body


def too_large() -> errors.BadResponse:
    # Asking again at once gets the same answer: not repeated within a request (see errors.Category).
    return errors.BadResponse(
        f"an answer of more than {MAX_ANSWER_BYTES // 1024} KiB", category=errors.Category.UNUSABLE
    )
