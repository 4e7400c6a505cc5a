"""A finished task's video: streamed from ``/content`` into the task's own ``.part``, resumed with
``Range`` after a dropped connection, checked to be an MP4, then saved under its name (see
:mod:`veo_desktop.api.download_files` for the files themselves)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, cast

import httpx

from veo_desktop.api import errors
from veo_desktop.api.bodies import read_capped
from veo_desktop.api.download_files import (
    discard,
    finish_file,
    partial_path,
    read_identity,
    size_or_zero,
    write_identity,
)
from veo_desktop.api.errors import Category
from veo_desktop.api.retry import Loop
from veo_desktop.api.transport import Transport, transport_error
from veo_desktop.api.wire import error_message, looks_like_mp4

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int | None], None]


@dataclass
class DownloadResult:
    path: Path  # where the video was saved: the name asked for, or the next free one (``clip-2.mp4``)
    size: int
    resumed_from: list[int] = field(default_factory=list)


class Download:
    """One download of ``task_id``'s video (``path`` under the service) to ``dest``; :meth:`run` it once.
    What it promises is :meth:`VeoClient.download <veo_desktop.api.client.VeoClient.download>`'s."""

    def __init__(
        self,
        transport: Transport,
        path: str,
        task_id: str,
        dest: Path,
        *,
        chunk_size: int,
        on_progress: ProgressCallback | None,
        ended: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        """``ended``: asked after a 400; raises :class:`~veo_desktop.api.errors.TaskEnded` when the
        task's status says it ended without a video (a 400 then is final, not "not ready yet")."""
        self._ended = ended
        self._transport = transport
        self._path = path
        self._task_id = task_id
        self._dest = dest
        self._part = partial_path(dest.parent, task_id)
        self._chunk_size = chunk_size
        self._on_progress = on_progress
        self._result = DownloadResult(dest, 0)

    async def run(self) -> DownloadResult:
        retry = self._transport.retry
        met: Counter[Category] = Counter()  # the errors met so far, by category
        while True:
            try:
                await self._once(size_or_zero(self._part))
                break
            except errors.VeoError as exc:
                not_yet = exc.category is Category.NOT_YET
                if not_yet and self._ended is not None:
                    await self._ended()  # raises TaskEnded when the status says there is no video
                decision = retry.decide(exc, met[exc.category], Loop.DOWNLOAD)
                met[exc.category] += 1
                if not decision.retry:
                    raise
                if not_yet:
                    log.info("content of %s not ready yet; waiting %.1f s", self._task_id, decision.wait)
                    await self._transport.sleep(decision.wait)
                else:
                    await self._transport.reachability.pause(decision.wait, self._transport.sleep)
        result = self._result
        try:
            # fsync of a big file takes long: not on the loop
            result.path, result.size = await asyncio.to_thread(finish_file, self._part, self._dest)
        except (errors.NotAVideo, errors.DownloadFailed):
            discard(self._part)  # not the video: the next try starts from the first byte
            raise
        except OSError as exc:
            raise errors.SaveFailed(str(self._dest), _reason(exc)) from exc
        return result

    async def _once(self, offset: int) -> None:
        """One GET of the content; returns when the ``.part`` holds the complete body."""
        path, part, transport = self._path, self._part, self._transport
        headers = {"Accept-Encoding": "identity"}
        known = read_identity(part) if offset else {}
        if offset and not known.get("validator") and known.get("total") is None:
            # The answer the .part began with gave no size and no validator: a resumed answer could not
            # be told from the tail of another file (one changed at the service since). Start over.
            discard(part)
            offset, known = 0, {}
        if offset:
            headers["Range"] = f"bytes={offset}-"
            if known.get("validator"):  # a server whose file changed sends the whole new one instead
                headers["If-Range"] = str(known["validator"])
        started = time.monotonic()
        status: int | None = None
        # Set once this attempt's answer is a body: did it prove the server does ranges? A failure
        # before that (no connection, an error status) says nothing about ranges: the .part is kept.
        accepts_ranges: bool | None = None
        try:
            async with transport.stream(path, headers) as response:
                status = response.status_code
                if response.status_code == 416 and offset:
                    await read_capped(response)
                    _start, total = _content_range(response.headers.get("content-range", ""))
                    if total == offset:  # the .part already holds all of it (saved, then interrupted)
                        transport.record("GET", path, status, started)
                        return
                    discard(part)  # the partial file is not a prefix of this video
                    raise errors.DownloadFailed("the partial download did not match; starting over")
                if response.status_code >= 400:
                    body = transport.scrub(await read_capped(response))
                    if response.status_code == 400:
                        message = error_message(body, response.headers.get("content-type", ""))
                        log.info("content of %s answered 400: %s", self._task_id, message)
                        raise errors.ContentNotReady()
                    raise transport.error_for(response, body, self._task_id)
                if response.status_code == 206 and offset:
                    start, total = _content_range(response.headers.get("content-range", ""))
                    if start != offset:
                        discard(part)
                        raise errors.DownloadFailed("the server resumed at the wrong place; starting over")
                    if _changed(known, total, _validator(response)):
                        discard(part)
                        raise errors.DownloadFailed("the video on the server changed since; starting over")
                    self._result.resumed_from.append(offset)
                    mode = "ab"
                else:
                    offset = 0
                    length = response.headers.get("content-length", "")
                    total = int(length) if length.isdigit() else None
                    mode = "wb"
                    write_identity(part, total, _validator(response))
                accepts_ranges = (
                    response.status_code == 206 or response.headers.get("accept-ranges", "") == "bytes"
                )
                received = await self._write_body(response, mode, offset, total)
        except httpx.TransportError as exc:
            transport.record("GET", path, status, started, type(exc).__name__)
            if accepts_ranges is False:  # this very answer said no ranges: a resume cannot use it
                discard(part)
            raise transport_error(exc) from exc
        except errors.VeoError as exc:
            # The 400 while the video is published, an error status, a body that is not the video, a
            # resume that does not fit: in the request log like every other request.
            transport.record("GET", path, status, started, type(exc).__name__, answered=True)
            raise
        transport.record("GET", path, status, started)
        if total is not None and received < total:
            if not accepts_ranges:
                discard(part)
            raise errors.DownloadFailed(f"the connection ended after {received} of {total} bytes")
        if total is not None and received > total:
            discard(part)
            raise errors.DownloadFailed(f"the server sent {received} bytes where it announced {total}")

    async def _write_body(self, response: httpx.Response, mode: str, offset: int, total: int | None) -> int:
        """Append (``ab``) or write (``wb``) the body to the ``.part``; the bytes it then holds."""
        on_progress = self._on_progress
        written = offset
        checked = offset > 0
        # What arrived and is not yet handed to the writer: the pieces as they came, never copied into
        # one buffer on the loop (the writer thread writes them one after the other).
        held: list[bytes] = []
        size = 0
        content_type = response.headers.get("content-type", "")
        try:
            with self._part.open(mode) as out:
                sink = _OffLoopWriter(out)
                try:
                    # Our own buffer, not aiter_raw(chunk_size): httpx's chunker would drop what it
                    # holds when the connection breaks, and that is exactly what a resume needs.
                    # Closed however the loop ends: an async generator left open (a body cut short) is
                    # finalized later by the garbage collector, as a stray task on whatever loop runs then.
                    reader = cast(AsyncGenerator[bytes, None], response.aiter_raw())
                    async with contextlib.aclosing(reader) as chunks:
                        async for chunk in chunks:
                            held.append(chunk)
                            size += len(chunk)
                            if not checked:
                                if size < 8:
                                    continue
                                head = b"".join(held)
                                if not looks_like_mp4(head[:8]):
                                    raise errors.NotAVideo(self._describe_non_video(head, content_type))
                                checked = True
                            if size >= self._chunk_size:
                                await sink.write(held)
                                written += size
                                held, size = [], 0
                                if on_progress is not None:
                                    on_progress(written, total)
                finally:
                    if checked and held:  # keep what arrived, even when the connection broke
                        await sink.write(held)
                        written += size
                    await sink.drain()
                if not checked and held:
                    raise errors.NotAVideo(self._describe_non_video(b"".join(held), content_type))
        except errors.NotAVideo:
            discard(self._part)
            raise
        except OSError as exc:
            discard(self._part)
            raise errors.SaveFailed(str(self._dest), _reason(exc)) from exc
        if on_progress is not None:
            on_progress(written, total)
        return written

    def _describe_non_video(self, head: bytes, content_type: str) -> str:
        head = self._transport.scrub(head)
        words = error_message(head, content_type)
        kind = content_type.split(";")[0].strip() or "unknown type"
        return f"{kind}: {words}" if words else kind


class _OffLoopWriter:
    """Writes each chunk in a worker thread while the loop reads the next one: a write that the kernel
    throttles (a slow disk, a full page cache) must not freeze the window."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self._pending: asyncio.Future[None] | None = None

    async def write(self, pieces: list[bytes]) -> None:
        await self.drain()
        self._pending = asyncio.get_running_loop().run_in_executor(None, self._handle.writelines, pieces)

    async def drain(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            await pending


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _content_range(value: str) -> tuple[int | None, int | None]:
    """The start and the total of ``bytes 100-999/1000``; ``bytes */1000`` (a 416's) has no start."""
    _unit, _, rest = value.strip().partition(" ")
    span, _, size = rest.partition("/")
    first = span.split("-")[0].strip()
    start = int(first) if first.isdigit() else None
    total = int(size) if size.strip().isdigit() else None
    return start, total


def _validator(response: httpx.Response) -> str:
    """What names this version of the file on the server (its ETag, else its date)."""
    return str(response.headers.get("etag", "") or response.headers.get("last-modified", ""))


def _changed(known: dict[str, object], total: int | None, validator: str) -> bool:
    """The resumed answer is of another file than the one the ``.part`` began."""
    if known.get("total") is not None and total is not None and known["total"] != total:
        return True
    return bool(known.get("validator") and validator and known["validator"] != validator)
