"""The service's task API on one shared ``httpx.AsyncClient``.

Retries follow one principle: a GET can be repeated freely, a POST only when the service said it did
not take it (429, 5xx) or the connection failed before the request left, because a blind retry of a
submission can bill twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import logging
import os
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final
from urllib.parse import quote

import httpx

from veo_desktop.api import errors, rules
from veo_desktop.api.security import check_base_url, check_key_shape, redact, same_origin
from veo_desktop.api.wire import ReferenceImage, TaskStatus, error_message, looks_like_mp4, parse_task

log = logging.getLogger(__name__)

REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS: Final = 5
# A submit or status answer is a small JSON object; more than this is read no further.
MAX_ANSWER_BYTES: Final = 1 << 20
MAX_CONNECTIONS: Final = 16
MAX_REQUESTS: Final = 12  # at once, per client; below MAX_CONNECTIONS
ProgressCallback = Callable[[int, int | None], None]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class RetryPolicy:
    get_attempts: int = 5
    post_attempts: int = 3
    backoff_base: float = 1.0
    backoff_max: float = 30.0
    # Longest Retry-After honoured inside one call; a longer one is the caller's to schedule.
    max_retry_after: float = 60.0
    # Pauses for the documented 400 on /content right after completion.
    content_not_ready_delays: tuple[float, ...] = (4.0, 4.0, 8.0, 15.0, 30.0)
    download_attempts: int = 6

    def backoff(self, attempt: int) -> float:
        delay = min(self.backoff_max, self.backoff_base * 2**attempt)
        return float(delay * random.uniform(0.8, 1.2))


@dataclass(frozen=True)
class RequestRecord:
    """One exchange with the service, for the support view and the log. Never holds the key."""

    method: str
    path: str
    status: int | None
    elapsed: float
    note: str = ""
    when: float = field(default_factory=time.time)


@dataclass
class DownloadResult:
    path: Path
    size: int
    resumed_from: list[int] = field(default_factory=list)


def make_http_client(**overrides: Any) -> httpx.AsyncClient:
    """The one ``AsyncClient`` an app instance shares; redirects are followed by :class:`VeoClient`."""
    options: dict[str, Any] = {
        "timeout": httpx.Timeout(connect=15.0, read=60.0, write=120.0, pool=60.0),
        "limits": httpx.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=8),
        "follow_redirects": False,
        "headers": {"User-Agent": "VeoDesktop/0.1"},
    }
    options.update(overrides)
    return httpx.AsyncClient(**options)


def retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class VeoClient:
    """Submit, poll and download; no Qt, no global state. The HTTP client comes in from outside."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        base_url: str,
        api_key: str,
        retry: RetryPolicy | None = None,
        sleep: Sleep = asyncio.sleep,
        chunk_size: int = 1 << 20,
        on_request: Callable[[RequestRecord], None] | None = None,
        max_requests: int = MAX_REQUESTS,
    ) -> None:
        self._http = http
        # Requests wait here, not in httpcore's pool: a pool that queues requests under timeouts can
        # be left with connections stuck "CONNECTING" and hang every later request (seen in the
        # fault soak; httpcore issues #550 and #822). Keep this below the pool's max_connections.
        self._slots = asyncio.Semaphore(max_requests)
        self.base_url = check_base_url(base_url)
        self._base = httpx.URL(self.base_url)
        self._key = check_key_shape(api_key)
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._chunk_size = chunk_size
        self._on_request = on_request
        # Until when (time.monotonic()) the service asked us to hold back (its last 429), for the window.
        self.cooldown_until = 0.0

    # ----- public calls -------------------------------------------------------------------------

    async def submit(self, request: rules.VideoRequest, image: ReferenceImage | None) -> TaskStatus:
        """Image-to-video as multipart (with an image) or text-to-video as JSON (without)."""
        reasons = rules.problems(request)
        if reasons:
            raise errors.InvalidRequest(reasons)
        body: dict[str, Any]
        if image is not None:
            form = {
                "model": request.model,
                "prompt": request.prompt,
                "seconds": request.seconds,
                "size": request.size,
                "resolution": request.resolution,
                "aspectRatio": request.aspect_ratio,
            }
            if request.seed is not None:
                form["seed"] = str(request.seed)
            if request.negative_prompt.strip():
                form["negativePrompt"] = request.negative_prompt
            body = {"data": form, "files": {"input_reference": (image.filename, image.data, image.mime)}}
        else:
            metadata: dict[str, Any] = {"resolution": request.resolution, "aspectRatio": request.aspect_ratio}
            if request.seed is not None:
                metadata["seed"] = request.seed
            if request.negative_prompt.strip():
                metadata["negativePrompt"] = request.negative_prompt
            body = {
                "json": {
                    "model": request.model,
                    "prompt": request.prompt,
                    "seconds": request.seconds,
                    "size": request.size,
                    "metadata": metadata,
                }
            }
        try:
            answer = await self._call("POST", "/videos", idempotent=False, **body)
            return parse_task(answer)
        except errors.BadResponse as exc:
            # The service may well have taken (and billed) the task: never treat it as refused.
            raise errors.OutcomeUnknown(f"the answer could not be read: {exc.detail}") from exc

    async def status(self, task_id: str) -> TaskStatus:
        answer = await self._call("GET", self._task_path(task_id), idempotent=True, task_id=task_id)
        return parse_task(answer, expected_id=task_id)

    async def check_key(self) -> bool:
        """Prove the key without spending money: a status request for a task that cannot exist.

        401 means the key is bad; 404 means the service accepted it.
        """
        try:
            await self.status("task_veo_desktop_key_check_0000")
        except errors.TaskNotFound:
            return True
        except errors.AuthError:
            return False
        return True

    async def download(
        self, task_id: str, dest: Path, *, on_progress: ProgressCallback | None = None
    ) -> DownloadResult:
        """Stream ``/content`` into ``dest.part`` beside ``dest``, check it is an MP4, then rename it.

        A dropped connection resumes with ``Range`` when the server accepts ranges (also across
        restarts: an existing ``.part`` is continued). An error body is never kept as a video.
        """
        part = partial_path(dest)
        path = self._task_path(task_id) + "/content"
        not_ready = iter(self.retry.content_not_ready_delays)
        failures = 0
        result = DownloadResult(dest, 0)
        while True:
            offset = _size_or_zero(part)
            try:
                done = await self._download_once(path, task_id, part, offset, result, on_progress)
            except errors.ContentNotReady:
                delay = next(not_ready, None)
                if delay is None:
                    raise
                log.info("content of %s not ready yet; waiting %.1f s", task_id, delay)
                await self._sleep(delay)
                continue
            except errors.VeoError as exc:
                if not exc.retryable or isinstance(exc, errors.NotAVideo):
                    raise
                failures += 1
                if failures >= self.retry.download_attempts:
                    raise
                wait = exc.retry_after if isinstance(exc, errors.RateLimited) and exc.retry_after else None
                await self._sleep(min(wait or self.retry.backoff(failures - 1), self.retry.max_retry_after))
                continue
            if done:
                break
        try:
            await asyncio.to_thread(
                _finish_file, part, dest
            )  # fsync of a big file takes long: not on the loop
        except errors.NotAVideo:
            part.unlink(missing_ok=True)
            raise
        except OSError as exc:
            raise errors.SaveFailed(str(dest), exc.strerror or str(exc)) from exc
        result.size = dest.stat().st_size
        return result

    # ----- download internals -------------------------------------------------------------------

    async def _download_once(
        self,
        path: str,
        task_id: str,
        part: Path,
        offset: int,
        result: DownloadResult,
        on_progress: ProgressCallback | None,
    ) -> bool:
        """One GET of the content; True when the ``.part`` holds the complete body."""
        headers = {"Accept-Encoding": "identity"}
        if offset:
            headers["Range"] = f"bytes={offset}-"
        started = time.monotonic()
        status: int | None = None
        accepts_ranges = False
        try:
            async with self._stream(path, headers) as response:
                status = response.status_code
                if response.status_code == 416 and offset:
                    part.unlink(missing_ok=True)  # the partial file is not a prefix of this video
                    raise errors.DownloadFailed("the partial download did not match; starting over")
                if response.status_code >= 400:
                    body = await response.aread()
                    if response.status_code == 400:
                        message = error_message(body, response.headers.get("content-type", ""))
                        log.info("content of %s answered 400: %s", task_id, message)
                        raise errors.ContentNotReady()
                    raise self._error_for(response, body, task_id)
                if response.status_code == 206 and offset:
                    start, total = _content_range(response.headers.get("content-range", ""))
                    if start != offset:
                        part.unlink(missing_ok=True)
                        raise errors.DownloadFailed("the server resumed at the wrong place; starting over")
                    result.resumed_from.append(offset)
                    mode = "ab"
                else:
                    offset = 0
                    length = response.headers.get("content-length", "")
                    total = int(length) if length.isdigit() else None
                    mode = "wb"
                accepts_ranges = (
                    response.status_code == 206 or response.headers.get("accept-ranges", "") == "bytes"
                )
                received = await self._write_body(response, part, mode, offset, total, on_progress)
        except httpx.TransportError as exc:
            self._record("GET", path, status, started, type(exc).__name__)
            if not _can_resume(part, accepts_ranges=accepts_ranges):
                part.unlink(missing_ok=True)
            raise self._transport_error(exc) from exc
        self._record("GET", path, status, started)
        if total is not None and received < total:
            if not accepts_ranges:
                part.unlink(missing_ok=True)
            raise errors.DownloadFailed(f"the connection ended after {received} of {total} bytes")
        if total is not None and received > total:
            part.unlink(missing_ok=True)
            raise errors.DownloadFailed(f"the server sent {received} bytes where it announced {total}")
        return True

    async def _write_body(
        self,
        response: httpx.Response,
        part: Path,
        mode: str,
        offset: int,
        total: int | None,
        on_progress: ProgressCallback | None,
    ) -> int:
        written = offset
        checked = offset > 0
        buffer = bytearray()
        content_type = response.headers.get("content-type", "")
        try:
            with part.open(mode) as out:
                sink = _OffLoopWriter(out)
                try:
                    # Our own buffer, not aiter_raw(chunk_size): httpx's chunker would drop what it
                    # holds when the connection breaks, and that is exactly what a resume needs.
                    async for chunk in response.aiter_raw():
                        buffer += chunk
                        if not checked:
                            if len(buffer) < 8:
                                continue
                            if not looks_like_mp4(bytes(buffer[:8])):
                                raise errors.NotAVideo(_describe_non_video(bytes(buffer), content_type))
                            checked = True
                        if len(buffer) >= self._chunk_size:
                            await sink.write(buffer)
                            written += len(buffer)
                            buffer = bytearray()
                            if on_progress is not None:
                                on_progress(written, total)
                finally:
                    if checked and buffer:  # keep what arrived, even when the connection broke
                        await sink.write(buffer)
                        written += len(buffer)
                    await sink.drain()
                if not checked and buffer:
                    raise errors.NotAVideo(_describe_non_video(bytes(buffer), content_type))
        except errors.NotAVideo:
            part.unlink(missing_ok=True)
            raise
        except OSError as exc:
            part.unlink(missing_ok=True)
            raise errors.SaveFailed(str(part.with_suffix("")), exc.strerror or str(exc)) from exc
        if on_progress is not None:
            on_progress(written, total)
        return written

    # ----- request machinery --------------------------------------------------------------------

    def _task_path(self, task_id: str) -> str:
        return "/videos/" + quote(task_id, safe="")

    def _url(self, path: str) -> httpx.URL:
        return httpx.URL(self.base_url + path)

    def _headers_for(self, url: httpx.URL, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = dict(extra or {})
        if same_origin(url, self._base):
            headers["Authorization"] = f"Bearer {self._key}"
        return headers

    async def _send(
        self,
        method: str,
        path: str,
        *,
        stream: bool = False,
        headers: dict[str, str] | None = None,
        **body: Any,
    ) -> httpx.Response:
        """One request, following redirects by hand so the key never reaches another origin."""
        url = self._url(path)
        for _ in range(MAX_REDIRECTS + 1):
            request = self._http.build_request(method, url, headers=self._headers_for(url, headers), **body)
            response = await self._http.send(request, stream=stream, follow_redirects=False)
            location = response.headers.get("location")
            if response.status_code not in REDIRECTS or not location:
                return response
            await response.aclose()
            if method != "GET":
                raise errors.BadResponse(f"a redirect ({response.status_code}) in answer to a submission")
            url = url.join(location)
            if url.scheme != "https" and not same_origin(url, self._base):
                check_base_url(str(url))  # raises InsecureConnection for plain http elsewhere
        raise errors.BadResponse("too many redirects")

    @contextlib.asynccontextmanager
    async def _stream(self, path: str, headers: dict[str, str]) -> AsyncIterator[httpx.Response]:
        async with self._slots:
            response = await self._send("GET", path, stream=True, headers=headers)
            try:
                yield response
            finally:
                await response.aclose()

    async def _call(
        self, method: str, path: str, *, idempotent: bool, task_id: str | None = None, **body: Any
    ) -> bytes:
        """The body of a successful answer (at most ``MAX_ANSWER_BYTES``), after retries."""
        attempts = self.retry.get_attempts if idempotent else self.retry.post_attempts
        for attempt in range(attempts):
            last = attempt == attempts - 1
            started = time.monotonic()
            try:
                async with self._slots:
                    response = await self._send(method, path, stream=True, **body)
                    try:
                        answer = await _read_capped(response)
                    except errors.BadResponse:
                        self._record(method, path, response.status_code, started, "answer too large")
                        raise
                    finally:
                        await response.aclose()
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                # Nothing left this machine: safe to repeat, POST included.
                self._record(method, path, None, started, type(exc).__name__)
                if last:
                    raise self._transport_error(exc) from exc
                await self._sleep(self.retry.backoff(attempt))
                continue
            except httpx.TransportError as exc:
                self._record(method, path, None, started, type(exc).__name__)
                if not idempotent:
                    raise errors.OutcomeUnknown(_transport_detail(exc)) from exc
                if last:
                    raise self._transport_error(exc) from exc
                await self._sleep(self.retry.backoff(attempt))
                continue
            self._record(method, path, response.status_code, started)
            if response.status_code < 300:
                return answer
            error = self._error_for(response, answer, task_id)
            if not error.retryable or last:
                raise error
            if isinstance(error, errors.RateLimited) and error.retry_after:
                if error.retry_after > self.retry.max_retry_after:
                    raise error
                await self._sleep(error.retry_after)
            else:
                await self._sleep(self.retry.backoff(attempt))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _error_for(self, response: httpx.Response, body: bytes, task_id: str | None) -> errors.VeoError:
        code = response.status_code
        message = redact(error_message(body, response.headers.get("content-type", "")), self._key)
        if code == 401 or code == 403:
            return errors.AuthError()
        if code == 404 and task_id is not None:
            return errors.TaskNotFound(task_id)
        if code == 413:
            return errors.ImageTooLarge()
        if code == 429:
            limited = errors.RateLimited(message, retry_after_seconds(response.headers.get("retry-after")))
            if not limited.insufficient_balance:
                wait = limited.retry_after or self.retry.backoff(0)
                self.cooldown_until = max(self.cooldown_until, time.monotonic() + wait)
            return limited
        if code >= 500:
            return errors.ServiceUnavailable(code, message)
        if 300 <= code < 400:
            return errors.BadResponse(f"a redirect ({code}) with nowhere to go")
        return errors.RequestRejected(message or f"HTTP {code}", code)

    def _transport_error(self, exc: httpx.TransportError) -> errors.VeoError:
        if isinstance(exc, httpx.TimeoutException):
            return errors.RequestTimeout(_transport_detail(exc))
        if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
            return errors.NetworkError(_transport_detail(exc))
        return errors.NetworkError(_transport_detail(exc))

    def _record(self, method: str, path: str, status: int | None, started: float, note: str = "") -> None:
        record = RequestRecord(method, path, status, time.monotonic() - started, note)
        log.debug("%s %s -> %s in %.3f s %s", method, path, status, record.elapsed, note)
        if self._on_request is not None:
            self._on_request(record)


async def _read_capped(response: httpx.Response) -> bytes:
    """Read an answer that should be small; a huge one (a hostile or broken server) is cut short."""
    received = bytearray()
    async for chunk in response.aiter_bytes():
        received += chunk
        if len(received) > MAX_ANSWER_BYTES:
            raise errors.BadResponse(f"an answer of more than {MAX_ANSWER_BYTES // 1024} KiB")
    return bytes(received)


class _OffLoopWriter:
    """Writes each chunk in a worker thread while the loop reads the next one: a write that the kernel
    throttles (a slow disk, a full page cache) must not freeze the window."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self._pending: asyncio.Future[int] | None = None

    async def write(self, data: bytearray) -> None:
        await self.drain()
        self._pending = asyncio.get_running_loop().run_in_executor(None, self._handle.write, data)

    async def drain(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            await pending


def partial_path(dest: Path) -> Path:
    return dest.with_name(dest.name + ".part")


def _size_or_zero(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _can_resume(part: Path, *, accepts_ranges: bool) -> bool:
    return accepts_ranges and _size_or_zero(part) > 0


def _content_range(value: str) -> tuple[int | None, int | None]:
    # "bytes 100-999/1000"
    try:
        _unit, _, rest = value.partition(" ")
        span, _, total = rest.partition("/")
        start = int(span.split("-")[0])
        return start, (int(total) if total.isdigit() else None)
    except ValueError:
        return None, None


def _describe_non_video(head: bytes, content_type: str) -> str:
    words = error_message(head, content_type)
    kind = content_type.split(";")[0].strip() or "unknown type"
    return f"{kind}: {words}" if words else kind


def _transport_detail(exc: httpx.TransportError) -> str:
    names = {
        httpx.ConnectTimeout: "connecting timed out",
        httpx.ReadTimeout: "no answer within the read timeout",
        httpx.WriteTimeout: "sending timed out",
        httpx.PoolTimeout: "too many requests at once",
        httpx.ConnectError: "could not connect",
        httpx.RemoteProtocolError: "the connection was closed mid-answer",
        httpx.ReadError: "the connection was reset",
        httpx.WriteError: "the connection was reset while sending",
    }
    return names.get(type(exc), type(exc).__name__)


def _finish_file(part: Path, dest: Path) -> None:
    """Make the finished ``.part`` durable, then move it into place atomically."""
    with part.open("rb+") as handle:
        head = handle.read(8)
        if not looks_like_mp4(head):
            raise errors.NotAVideo("the saved bytes do not start like an MP4")
        os.fsync(handle.fileno())
    part.replace(dest)
    with contextlib.suppress(OSError):
        fd = os.open(dest.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
