"""The request machinery under :class:`~veo_desktop.api.client.VeoClient`: one origin, one key.

Redirects are followed by hand, so the key never reaches another origin; answers that should be small are
read capped and decoded leniently (:mod:`veo_desktop.api.bodies`); every request waits for one of a fixed
number of slots.

Retries are the retry policy's (:meth:`RetryPolicy.decide`, by each error's category): a GET can be
repeated freely; a POST only when the service itself said it did not take it (a 429 that is not
"insufficient balance") or the connection failed before the request left, because a blind retry of a
submission can bill twice. A 5xx, the service's own JSON error or a gateway's page, may come after the
service took the task, and an answer lost on the way may be the answer to a task it took: their outcome
is unknown, and such a submission is never sent again.

Every answer body and header is read through :func:`security.scrub` first, so text from the service
(a failure reason, an error page's title, an odd task id) never carries the key any further.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import itertools
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any, Final

import httpcore
import httpx

from veo_desktop.api import errors, rules
from veo_desktop.api.answer_values import seconds_from_text
from veo_desktop.api.bodies import read_capped
from veo_desktop.api.errors import Category
from veo_desktop.api.retry import Loop, Reachability, RetryPolicy, Sleep
from veo_desktop.api.security import check_base_url, check_key_shape, redact, same_origin, scrub
from veo_desktop.api.tls import tls_context
from veo_desktop.api.wire import error_message, id_in_text, names_an_id
from veo_desktop.i18n import translate

log = logging.getLogger(__name__)

REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS: Final = 5
MAX_CONNECTIONS: Final = 16
MAX_REQUESTS: Final = 12  # at once, per client; below MAX_CONNECTIONS
# How much httpcore asks the socket for at a time: asyncio's own read size. At httpcore's 64 KiB, anyio
# cuts each 256 KiB that asyncio read into four, copying the rest at every cut, and every piece goes
# through h11, a timeout scope and the event loop again: about a quarter of a 400 MB download's time on
# the loop (py-spy, benchmarks/download_throughput.py). READ_NUM_BYTES is the class constant httpcore
# reads through ``self`` for exactly this; tests/api/test_read_size.py checks that it still does.
READ_BYTES: Final = 256 * 1024


@dataclass(frozen=True)
class RequestRecord:
    """One exchange with the service, for the support view and the log. Never holds the key."""

    method: str
    path: str
    status: int | None
    elapsed: float
    note: str = ""
    when: float = field(default_factory=time.time)


@dataclass(frozen=True)
class _Failed:
    """A try that failed: the error for the caller, what caused it, and whether the service answered
    (else the pause before the next try is the window's to count down and cut short)."""

    error: errors.VeoError
    cause: BaseException | None
    answered: bool


def make_http_client(**overrides: Any) -> httpx.AsyncClient:
    """The one ``AsyncClient`` an app instance shares; redirects are followed by :class:`Transport`."""
    options: dict[str, Any] = {
        "timeout": httpx.Timeout(connect=15.0, read=60.0, write=120.0, pool=60.0),
        "limits": httpx.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=8),
        "follow_redirects": False,
        # Only the codings api/bodies.py undoes (httpx would add br or zstd where their packages are).
        "headers": {"User-Agent": "VeoDesktop/0.1", "Accept-Encoding": "gzip, deflate"},
    }
    options.update(overrides)
    if "verify" not in options:  # httpx's default, made by one function (the window makes it early)
        options["verify"] = tls_context()
    httpcore.AsyncHTTP11Connection.READ_NUM_BYTES = READ_BYTES
    return httpx.AsyncClient(**options)


def poll_after_seconds(headers: httpx.Headers) -> float | None:
    """How long a status answer asks us to wait before asking again, as sent (the poll schedule bounds
    it): ``openai-poll-after-ms`` (as OpenAI-style APIs send it), else ``Retry-After``. None when there
    is no hint, or none that reads as a time."""
    millis = seconds_from_text(headers.get("openai-poll-after-ms"), per_second=1000)
    return millis if millis is not None else retry_after_seconds(headers.get("retry-after"))


def retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` as seconds from now: a count of seconds or an HTTP date; None when it is neither."""
    seconds = seconds_from_text(value)
    if seconds is not None or not value or len(value) > 64:
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(value.strip())
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError, IndexError, OverflowError, OSError):
        return None


class Transport:
    """Requests to the service at ``base_url`` with ``api_key``, on an ``httpx.AsyncClient`` from outside."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        base_url: str,
        api_key: str,
        retry: RetryPolicy,
        sleep: Sleep,
        on_request: Callable[[RequestRecord], None] | None,
        max_requests: int,
    ) -> None:
        self._http = http
        # Requests wait here, not in httpcore's pool: a pool that queues requests under timeouts can
        # be left with connections stuck "CONNECTING" and hang every later request (seen in the
        # fault soak; httpcore issues #550 and #822). Keep this below the pool's max_connections.
        self._slots = asyncio.Semaphore(max_requests)
        self.base_url = check_base_url(base_url)
        self._base = httpx.URL(self.base_url)
        self._key = check_key_shape(api_key)
        self.retry = retry
        self.sleep = sleep
        self._on_request = on_request
        # Whether the service answers, and the pauses before trying again (the window's "Retry now").
        self.reachability = Reachability()
        # Until when (time.monotonic()) the service asked us to hold back (its last 429), for the window.
        self.cooldown_until = 0.0
        # The user is stopping (Ctrl+C): a submission the service refused is not tried again.
        self.holding = False

    def scrub(self, data: bytes) -> bytes:
        """``data`` with the key masked in every spelling (see :func:`security.scrub`)."""
        return scrub(data, self._key)

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
            if method != "GET":  # taken, perhaps made (see _try): never followed, never resent
                raise errors.OutcomeUnknown(f"a redirect ({response.status_code}) in answer to a submission")
            url = url.join(location)
            if url.scheme != "https" and not same_origin(url, self._base):
                check_base_url(str(url))  # raises InsecureConnection for plain http elsewhere
        raise errors.BadResponse("too many redirects", category=Category.UNUSABLE)

    @contextlib.asynccontextmanager
    async def stream(self, path: str, headers: dict[str, str]) -> AsyncIterator[httpx.Response]:
        """A GET whose body is read by the caller (a download), holding a request slot meanwhile."""
        async with self._slots:
            response = await self._send("GET", path, stream=True, headers=headers)
            try:
                yield response
            finally:
                await response.aclose()

    async def call(
        self, method: str, path: str, *, idempotent: bool, task_id: str | None = None, **body: Any
    ) -> bytes:
        """The body of a successful answer (at most ``bodies.MAX_ANSWER_BYTES``), after retries."""
        answer, _headers = await self.exchange(method, path, idempotent=idempotent, task_id=task_id, **body)
        return answer

    async def exchange(
        self, method: str, path: str, *, idempotent: bool, task_id: str | None = None, **body: Any
    ) -> tuple[bytes, httpx.Headers]:
        """:meth:`call`, with the successful answer's headers (a status answer's poll-after hint). After
        each failed try the retry policy decides (:meth:`RetryPolicy.decide`)."""
        loop = Loop.GET if idempotent else Loop.POST
        for attempt in itertools.count():
            outcome = await self._try(method, path, idempotent, task_id, body)
            if not isinstance(outcome, _Failed):
                return outcome
            decision = self.retry.decide(outcome.error, attempt, loop, stopping=self.holding)
            if decision.retry:
                if outcome.answered:
                    await self.sleep(decision.wait)
                else:  # the window counts this pause down, and "Retry now" ends it
                    await self.reachability.pause(decision.wait, self.sleep)
                # Asked again: the user may have begun stopping meanwhile (a submission is then not
                # sent again).
                decision = self.retry.decide(outcome.error, attempt, loop, stopping=self.holding)
            if not decision.retry:
                if outcome.cause is None:
                    raise outcome.error
                raise outcome.error from outcome.cause
        raise AssertionError("unreachable: the tries go on until one returns or raises")

    async def _try(
        self, method: str, path: str, idempotent: bool, task_id: str | None, body: dict[str, Any]
    ) -> tuple[bytes, httpx.Headers] | _Failed:
        """One try: the successful answer and its headers, or what went wrong, in the request log."""
        started = time.monotonic()
        status: int | None = None
        try:
            async with self._slots:
                response = await self._send(method, path, stream=True, **body)
                status = response.status_code
                try:
                    answer = scrub(await read_capped(response), self._key)
                finally:
                    await response.aclose()
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            # Nothing left this machine: safe to repeat, POST included.
            self.record(method, path, None, started, type(exc).__name__)
            return _Failed(transport_error(exc), exc, answered=False)
        except httpx.TransportError as exc:
            self.record(method, path, status, started, type(exc).__name__)
            if not idempotent:  # the request may have reached the service: it may have the task
                return _Failed(errors.OutcomeUnknown(_transport_detail(exc)), exc, answered=False)
            return _Failed(transport_error(exc), exc, answered=False)
        except httpx.HTTPError as exc:  # any other trouble with an answer that came (a stream error)
            self.record(method, path, status, started, type(exc).__name__, answered=status is not None)
            if not idempotent:
                return _Failed(errors.OutcomeUnknown(type(exc).__name__), exc, answered=True)
            return _Failed(
                errors.BadResponse(type(exc).__name__, category=Category.UNUSABLE), exc, answered=True
            )
        except errors.VeoError as exc:
            # An answer too large to read, a redirect not followed: in the request log all the same.
            note = "answer too large" if status is not None else getattr(exc, "detail", type(exc).__name__)
            self.record(method, path, status, started, str(note), answered=True)
            return _Failed(exc, None, answered=True)
        self.record(method, path, response.status_code, started)
        if response.status_code < 300:
            return answer, response.headers
        error = self.error_for(response, answer, task_id)
        named = None if idempotent else id_in_text(answer)
        if named is not None:
            # A submission answered with an error that names one task (a relay that made it and then
            # failed, "already exists", a 429 after it was made): that task may be billed. It is the
            # answer: kept and followed, never resent, never called refused.
            log.warning("a submission answered HTTP %s names task %s: followed", response.status_code, named)
            return answer, response.headers
        if not idempotent and names_an_id(answer):
            # It names ids, but not one usable one (two, or one no request could use): something may
            # have been made and billed. Outcome unknown: never resent (a 429 included), never refused.
            said = translate("Errors", "an answer naming no single usable id")
            detail = f"HTTP {response.status_code}, {said}"
            return _Failed(errors.OutcomeUnknown(detail), error, answered=True)
        if not idempotent and not 400 <= response.status_code < 500:
            # A submission answered with neither its task nor a refusal (4xx): a 5xx (the service's own
            # JSON error or a gateway's page: the task may have been made before things went wrong) or a
            # redirect with nowhere to go (what a server sends after it made something). It may be billed
            # if it completes: never resent, never called refused.
            if isinstance(error, errors.ServiceUnavailable):
                detail = _gateway_detail(error)
            else:
                detail = f"HTTP {response.status_code}"
            return _Failed(errors.OutcomeUnknown(detail), error, answered=True)
        return _Failed(error, None, answered=True)

    def error_for(self, response: httpx.Response, body: bytes, task_id: str | None) -> errors.VeoError:
        """The typed error for an answer of 300 or more (``body`` already scrubbed)."""
        code = response.status_code
        message = redact(error_message(body, response.headers.get("content-type", "")), self._key)
        if code == 401 or code == 403:
            return errors.AuthError()
        if code == 404 and task_id is not None:
            return errors.TaskNotFound(task_id)
        if code == 413:
            return errors.ImageTooLarge()
        if code == 429:
            said = retry_after_seconds(response.headers.get("retry-after"))
            # Never longer than the app waits (10 minutes), in what the user reads too.
            limited = errors.RateLimited(message, None if said is None else min(said, rules.MAX_WAIT_SECONDS))
            if not limited.insufficient_balance:
                wait = min(rules.MAX_WAIT_SECONDS, limited.retry_after or self.retry.backoff(0))
                self.cooldown_until = max(self.cooldown_until, time.monotonic() + wait)
            return limited
        if code >= 500:
            return errors.ServiceUnavailable(code, message)
        if 300 <= code < 400:
            return errors.BadResponse(f"a redirect ({code}) with nowhere to go")
        return errors.RequestRejected(message or f"HTTP {code}", code)

    def record(
        self,
        method: str,
        path: str,
        status: int | None,
        started: float,
        note: str = "",
        *,
        answered: bool | None = None,
    ) -> None:
        """Tell the log and the request log about one exchange (``started`` from time.monotonic()),
        every one whatever its outcome; ``answered`` (by default: there is a status) says whether the
        service was reached."""
        record = RequestRecord(method, path, status, time.monotonic() - started, note)
        log.debug("%s %s -> %s in %.3f s %s", method, path, status, record.elapsed, note)
        if status is not None if answered is None else answered:
            self.reachability.answered()
        else:
            self.reachability.no_answer()
        if self._on_request is not None:
            self._on_request(record)


def _gateway_detail(error: errors.ServiceUnavailable) -> str:
    said = translate("Errors", "HTTP {status} from the service or a gateway in front of it").format(
        status=error.status
    )
    return f"{said}: {error.detail}" if error.detail else said


def transport_error(exc: httpx.TransportError) -> errors.VeoError:
    """The typed error for a request that got no (complete) answer."""
    if isinstance(exc, httpx.TimeoutException):
        return errors.RequestTimeout(_transport_detail(exc))
    return errors.NetworkError(_transport_detail(exc))


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
