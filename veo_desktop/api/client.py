"""The service's task API on one shared ``httpx.AsyncClient``.

Retries follow one principle: a GET can be repeated freely; a POST only when the service itself said it
did not take it (a 429 that is not "insufficient balance", or the service's own JSON error with status
500 or 503) or the connection failed before the request left, because a blind retry of a submission can
bill twice. A 502 or 504, or any error page that is not the service's JSON, may come from a gateway that
lost the answer to a task the service took: its outcome is unknown, and it is never sent again.

Every answer body and header is read through :func:`security.scrub` first, so text from the service
(a failure reason, an error page's title, an odd task id) never carries the key any further.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import errno
import hashlib
import logging
import os
import random
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final
from urllib.parse import quote

import httpx

from veo_desktop.api import errors, rules
from veo_desktop.api.security import check_base_url, check_key_shape, redact, same_origin, scrub
from veo_desktop.api.wire import (
    ReferenceImage,
    TaskStatus,
    error_message,
    is_service_error,
    looks_like_mp4,
    parse_task,
)
from veo_desktop.i18n import translate

log = logging.getLogger(__name__)

REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS: Final = 5
# A submit or status answer is a small JSON object; more than this is read no further.
MAX_ANSWER_BYTES: Final = 1 << 20
MAX_CONNECTIONS: Final = 16
MAX_REQUESTS: Final = 12  # at once, per client; below MAX_CONNECTIONS
MAX_NAME_TRIES: Final = 10_000  # clip.mp4, clip-2.mp4… before saving gives up
# How a file system without hard links (FAT, exFAT, some network shares) refuses one.
NO_HARD_LINKS: Final = frozenset(
    {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EINVAL, errno.EMLINK, errno.EXDEV}
)
_UNSAFE_IN_NAMES: Final = re.compile(r"[^A-Za-z0-9_-]")
# A POST answered with one of these and the service's own JSON error was refused by the service.
SERVICE_REFUSALS: Final = frozenset({500, 503})
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
    path: Path  # where the video was saved: the name asked for, or the next free one (``clip-2.mp4``)
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
        """Stream ``/content`` into the task's own ``.part`` beside ``dest``, check it is an MP4, then
        move it to ``dest``, or to the next free name when ``dest`` is taken (``clip-2.mp4``): a file
        that is there is never replaced. :attr:`DownloadResult.path` is the name used.

        The ``.part`` is named by the task (:func:`partial_path`), so only this task ever continues it,
        whatever its final name. A dropped connection resumes with ``Range`` when the server accepts
        ranges (also across restarts); the ``.part`` is dropped only when an answer proved the server
        does not do ranges, or its bytes do not match. An error body is never kept as a video.
        """
        part = partial_path(dest.parent, task_id)
        path = self._task_path(task_id) + "/content"
        not_ready = iter(self.retry.content_not_ready_delays)
        failures = 0
        result = DownloadResult(dest, 0)
        while True:
            offset = _size_or_zero(part)
            try:
                done = await self._download_once(path, task_id, part, dest, offset, result, on_progress)
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
            # fsync of a big file takes long: not on the loop
            result.path, result.size = await asyncio.to_thread(_finish_file, part, dest)
        except errors.NotAVideo:
            _discard(part)
            raise
        except OSError as exc:
            raise errors.SaveFailed(str(dest), _reason(exc)) from exc
        return result

    # ----- download internals -------------------------------------------------------------------

    async def _download_once(
        self,
        path: str,
        task_id: str,
        part: Path,
        dest: Path,
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
        # Set once this attempt's answer is a body: did it prove the server does ranges? A failure
        # before that (no connection, an error status) says nothing about ranges: the .part is kept.
        accepts_ranges: bool | None = None
        try:
            async with self._stream(path, headers) as response:
                status = response.status_code
                if response.status_code == 416 and offset:
                    await _read_capped(response)
                    _start, total = _content_range(response.headers.get("content-range", ""))
                    if total == offset:  # the .part already holds all of it (saved, then interrupted)
                        self._record("GET", path, status, started)
                        return True
                    _discard(part)  # the partial file is not a prefix of this video
                    raise errors.DownloadFailed("the partial download did not match; starting over")
                if response.status_code >= 400:
                    body = scrub(await _read_capped(response), self._key)
                    if response.status_code == 400:
                        message = error_message(body, response.headers.get("content-type", ""))
                        log.info("content of %s answered 400: %s", task_id, message)
                        raise errors.ContentNotReady()
                    raise self._error_for(response, body, task_id)
                if response.status_code == 206 and offset:
                    start, total = _content_range(response.headers.get("content-range", ""))
                    if start != offset:
                        _discard(part)
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
                received = await self._write_body(response, part, dest, mode, offset, total, on_progress)
        except httpx.TransportError as exc:
            self._record("GET", path, status, started, type(exc).__name__)
            if accepts_ranges is False:  # this very answer said no ranges: a resume cannot use it
                _discard(part)
            raise _transport_error(exc) from exc
        self._record("GET", path, status, started)
        if total is not None and received < total:
            if not accepts_ranges:
                _discard(part)
            raise errors.DownloadFailed(f"the connection ended after {received} of {total} bytes")
        if total is not None and received > total:
            _discard(part)
            raise errors.DownloadFailed(f"the server sent {received} bytes where it announced {total}")
        return True

    async def _write_body(
        self,
        response: httpx.Response,
        part: Path,
        dest: Path,
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
                                raise errors.NotAVideo(self._describe_non_video(bytes(buffer), content_type))
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
                    raise errors.NotAVideo(self._describe_non_video(bytes(buffer), content_type))
        except errors.NotAVideo:
            _discard(part)
            raise
        except OSError as exc:
            _discard(part)
            raise errors.SaveFailed(str(dest), _reason(exc)) from exc
        if on_progress is not None:
            on_progress(written, total)
        return written

    def _describe_non_video(self, head: bytes, content_type: str) -> str:
        head = scrub(head, self._key)
        words = error_message(head, content_type)
        kind = content_type.split(";")[0].strip() or "unknown type"
        return f"{kind}: {words}" if words else kind

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
            response.headers = httpx.Headers(
                [(name, scrub(value, self._key)) for name, value in response.headers.raw]
            )
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
                        answer = scrub(await _read_capped(response), self._key)
                    except errors.BadResponse:
                        self._record(method, path, response.status_code, started, "answer too large")
                        raise
                    finally:
                        await response.aclose()
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                # Nothing left this machine: safe to repeat, POST included.
                self._record(method, path, None, started, type(exc).__name__)
                if last:
                    raise _transport_error(exc) from exc
                await self._sleep(self.retry.backoff(attempt))
                continue
            except httpx.TransportError as exc:
                self._record(method, path, None, started, type(exc).__name__)
                if not idempotent:
                    raise errors.OutcomeUnknown(_transport_detail(exc)) from exc
                if last:
                    raise _transport_error(exc) from exc
                await self._sleep(self.retry.backoff(attempt))
                continue
            self._record(method, path, response.status_code, started)
            if response.status_code < 300:
                return answer
            error = self._error_for(response, answer, task_id)
            if (
                not idempotent
                and isinstance(error, errors.ServiceUnavailable)
                and (error.status not in SERVICE_REFUSALS or not is_service_error(answer))
            ):
                # A gateway error, or a page that is not the service's: it may have taken the task.
                raise errors.OutcomeUnknown(_gateway_detail(error)) from error
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

    def _record(self, method: str, path: str, status: int | None, started: float, note: str = "") -> None:
        record = RequestRecord(method, path, status, time.monotonic() - started, note)
        log.debug("%s %s -> %s in %.3f s %s", method, path, status, record.elapsed, note)
        if self._on_request is not None:
            self._on_request(record)


def _gateway_detail(error: errors.ServiceUnavailable) -> str:
    said = translate("Errors", "HTTP {status} from the service or a gateway in front of it").format(
        status=error.status
    )
    return f"{said}: {error.detail}" if error.detail else said


def _transport_error(exc: httpx.TransportError) -> errors.VeoError:
    if isinstance(exc, httpx.TimeoutException):
        return errors.RequestTimeout(_transport_detail(exc))
    return errors.NetworkError(_transport_detail(exc))


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


def partial_path(folder: Path, task_id: str) -> Path:
    """Where the download of ``task_id`` into ``folder`` grows until it is complete.

    Named by the task, never by the video's final name: only this task ever continues it (another
    task saving to the same name starts its own), and it survives a change of final name. Short and
    safe on any file system (a task id may hold ':'); a digest of the exact id keeps ids that differ
    only in case or in an unsafe character apart.
    """
    safe = _UNSAFE_IN_NAMES.sub("_", task_id)[:40] or "task"
    digest = hashlib.sha256(task_id.encode()).hexdigest()[:10]
    return folder / f"{safe}-{digest}.part"


def _discard(part: Path) -> None:
    """Remove a partial download; a failure to (a read-only folder) never hides the error at hand."""
    with contextlib.suppress(OSError):
        part.unlink(missing_ok=True)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _size_or_zero(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _content_range(value: str) -> tuple[int | None, int | None]:
    """The start and the total of ``bytes 100-999/1000``; ``bytes */1000`` (a 416's) has no start."""
    _unit, _, rest = value.strip().partition(" ")
    span, _, size = rest.partition("/")
    first = span.split("-")[0].strip()
    start = int(first) if first.isdigit() else None
    total = int(size) if size.strip().isdigit() else None
    return start, total


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


def _finish_file(part: Path, dest: Path) -> tuple[Path, int]:
    """Make the finished ``.part`` durable, then give it ``dest``'s name, or the next free one
    (``clip-2.mp4``…) when that is taken: an existing file is never replaced. The name and size used."""
    with part.open("rb+") as handle:
        head = handle.read(8)
        if not looks_like_mp4(head):
            raise errors.NotAVideo("the saved bytes do not start like an MP4")
        os.fsync(handle.fileno())
        size = os.fstat(handle.fileno()).st_size
    final = _claim_free_name(part, dest)
    with contextlib.suppress(OSError):
        fd = os.open(final.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return final, size


def _claim_free_name(part: Path, dest: Path) -> Path:
    """Move ``part`` to the first free name of ``dest``, ``dest-2``… without ever replacing a file.

    A hard link claims a name atomically (it fails when the name exists). Where the file system has no
    hard links, an empty file created exclusively claims the name and the part replaces it.
    """
    earlier = _linked_before(part)
    if earlier is not None:  # a crash came between the link and the removal of the part
        _discard(part)
        return earlier
    links = True
    for number in range(1, MAX_NAME_TRIES + 1):
        candidate = dest if number == 1 else dest.with_name(f"{dest.stem}-{number}{dest.suffix}")
        if links:
            try:
                os.link(part, candidate)
            except FileExistsError:
                continue
            except OSError as exc:
                if exc.errno not in NO_HARD_LINKS:
                    raise
                links = False
            else:
                _discard(part)
                return candidate
        try:
            claim = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        os.close(claim)
        try:
            part.replace(candidate)
        except OSError:
            _discard(candidate)
            raise
        return candidate
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(dest))


def _linked_before(part: Path) -> Path | None:
    """The video a finished ``part`` was already linked to, when that is so (it has a second name)."""
    info = part.stat()
    if info.st_nlink < 2:
        return None
    with os.scandir(part.parent) as entries:
        for entry in entries:
            if entry.name != part.name and entry.inode() == info.st_ino and part.samefile(entry.path):
                return Path(entry.path)
    return None
