"""The local emulator of the video service: same routes, auth, validation and quirks, over real HTTP.

Routes (under ``/v1``): ``POST /videos``, ``GET /videos/{task_id}``, ``GET /videos/{task_id}/content``.
Quirks kept on purpose: progress only 0/50/100; ``/content`` answers 400 for a moment after completion;
1080p/4k need "8"; a numeric ``seconds`` in JSON fails; only the first reference image is kept.
A prompt containing ``#fail`` ends failed with a reason, ``#fail-silent`` without one (failed tasks are free);
``#hold`` keeps a task queued for good (load tests: many tasks being polled).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from veo_desktop.emulator import http11
from veo_desktop.emulator.faults import Fault, FaultPlan, Route
from veo_desktop.emulator.http11 import HttpRequest, HttpResponse
from veo_desktop.emulator.render import render_clip, write_padded
from veo_desktop.emulator.wire_in import Refused, Submission, submission_from_json, submission_from_multipart

log = logging.getLogger(__name__)

DEMO_KEY: Final = "sk-demo-offline-veo-desktop"
PREFIX: Final = "/v1"
SAFETY_REASON: Final = "The prompt was blocked by the content safety system (emulated)."


@dataclass
class EmulatorConfig:
    api_key: str = DEMO_KEY
    queue_seconds: float = 2.0
    render_seconds: float = 6.0
    content_not_ready_seconds: float = 3.0
    fps: int = 24
    short_side: int = 360
    content_size: int | None = None  # pad every clip to this many bytes (download benchmarks)
    accept_ranges: bool = True
    throttle_bytes_per_second: float | None = None
    echo_rejected_key: bool = False  # a 401 repeats the key it was given, as some services do
    echo_key: bool = False  # a failed task's reason repeats the key, as a careless service might


@dataclass
class EmulatedTask:
    task_id: str
    submission: Submission
    created_at: float  # wall clock, for the answers
    created_mono: float
    queue_seconds: float  # the timings in force when it was submitted
    render_seconds: float
    fail_reason: str | None = None  # "" fails with no reason
    content: Path | None = None
    render_started: bool = False  # the clip is made when the task leaves the queue, not before
    rendered: asyncio.Event = field(default_factory=asyncio.Event)
    finished_mono: float | None = None

    def left_queue(self, now: float) -> bool:
        return now - self.created_mono >= self.queue_seconds

    def state(self, now: float) -> tuple[str, int]:
        elapsed = now - self.created_mono
        if elapsed < self.queue_seconds:
            return "queued", 0
        if elapsed < self.queue_seconds + self.render_seconds or not self.rendered.is_set():
            return "in_progress", 50
        if self.finished_mono is None:
            self.finished_mono = now
        return ("failed" if self.fail_reason is not None else "completed"), 100


@dataclass
class Received:
    """A request as the emulator saw it, for tests to assert on (headers include Authorization)."""

    method: str
    path: str
    headers: dict[str, str]
    route: str
    status: int = 0
    submission: Submission | None = None
    fault: str = ""


class EmulatorServer:
    """Runs on an asyncio loop; see :class:`EmulatorThread` to run it beside a GUI or a test."""

    def __init__(
        self,
        config: EmulatorConfig | None = None,
        faults: FaultPlan | None = None,
        workdir: Path | None = None,
    ) -> None:
        self.config = config or EmulatorConfig()
        self.faults = faults or FaultPlan()
        self.tasks: dict[str, EmulatedTask] = {}
        self.received: list[Received] = []
        self._own_workdir = workdir is None
        self.workdir = workdir or Path(tempfile.mkdtemp(prefix="veo-emulator-"))
        self._server: asyncio.Server | None = None
        self._background: set[asyncio.Task[None]] = set()
        self._connections: dict[asyncio.Task[object], asyncio.StreamWriter] = {}
        self.base_url = ""

    # ----- lifecycle ----------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        self._server = await asyncio.start_server(self._connection, host, port, limit=http11.MAX_HEAD)
        bound = self._server.sockets[0].getsockname()
        self.base_url = f"http://{host}:{bound[1]}{PREFIX}"
        return self.base_url

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        for writer in list(self._connections.values()):
            writer.transport.abort()  # a handler then ends on its own; cancelling it makes asyncio log
        if self._connections:
            await asyncio.wait(list(self._connections), timeout=1)
        for task in [*self._connections, *self._background]:
            task.cancel()
        await asyncio.gather(*self._background, *self._connections, return_exceptions=True)
        if self._server is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    # ----- what tests look at -------------------------------------------------------------------

    @property
    def submissions(self) -> list[Received]:
        """Submissions the service accepted (a task was created, and would be billed on completion)."""
        return [
            r
            for r in self.received
            if r.route == "submit"
            and r.submission is not None
            and (r.status == 200 or r.fault in ("reset_after_accept", "gateway_after_accept", "answer"))
        ]

    def content_bytes(self, task_id: str) -> bytes:
        path = self.tasks[task_id].content
        assert path is not None, "not rendered yet"
        return path.read_bytes()

    # ----- connections --------------------------------------------------------------------------

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        handler = asyncio.current_task()
        assert handler is not None
        self._connections[handler] = writer
        try:
            while True:
                try:
                    request = await http11.read_request(reader)
                except http11.BadHttp as exc:
                    await http11.write_response(
                        writer, HttpResponse.error(exc.status, str(exc)), keep_alive=False
                    )
                    return
                if request is None:
                    return
                if not await self._serve(request, writer):
                    return
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            return
        finally:
            self._connections.pop(handler, None)
            with contextlib.suppress(Exception):
                writer.close()

    async def _serve(self, request: HttpRequest, writer: asyncio.StreamWriter) -> bool:
        """Answer one request; False when the connection must end."""
        route, task_id = _route(request)
        record = Received(request.method, request.path, dict(request.headers), route)
        self.received.append(record)
        if route == "none":
            return await self._reply(writer, request, record, HttpResponse.error(404, "no such route"))
        presented = request.headers.get("authorization", "")
        if presented != f"Bearer {self.config.api_key}":
            message = "Invalid token"
            if self.config.echo_rejected_key:
                message += f": {presented.removeprefix('Bearer ')}"
            response = HttpResponse.error(401, message, "invalid_api_key", "authentication_error")
            return await self._reply(writer, request, record, response)
        fault = self.faults.take(route)  # type: ignore[arg-type]
        if fault is not None:
            record.fault = fault.kind
            handled = await self._inject(fault, route, request, writer, record)  # type: ignore[arg-type]
            if handled is not None:
                return handled
        if route == "submit":
            response = await self._submit(request, record)
        elif route == "status":
            response = self._status(task_id)
        else:
            return await self._content(task_id, request, writer, record, fault)
        return await self._reply(writer, request, record, response)

    async def _reply(
        self, writer: asyncio.StreamWriter, request: HttpRequest, record: Received, response: HttpResponse
    ) -> bool:
        record.status = response.status
        await http11.write_response(writer, response, keep_alive=request.keep_alive)
        return request.keep_alive

    async def _inject(
        self, fault: Fault, route: Route, request: HttpRequest, writer: asyncio.StreamWriter, record: Received
    ) -> bool | None:
        """Apply a fault; None lets the request go on normally (after a delay, or to truncate later)."""
        kind = fault.kind
        if kind == "slow":
            await asyncio.sleep(fault.slow_seconds)
            return None
        if kind in ("truncate", "not_ready"):
            return None
        if kind == "reset_after_accept":
            await self._submit(request, record)
            http11.reset(writer)
            return False
        if kind == "reset":
            http11.reset(writer)
            return False
        if kind == "fail":
            self._fail_now(_route(request)[1], fault.reason)
            return None
        if kind == "gateway_after_accept":
            await self._submit(request, record)
            code = random.choice((502, 504))
            title = f"{code} {'Bad Gateway' if code == 502 else 'Gateway Time-out'}".encode()
            page = b"<html><head><title>" + title + b"</title></head><body>nginx</body></html>"
            return await self._reply(
                writer, request, record, HttpResponse(code, page, {"Content-Type": "text/html"})
            )
        if kind == "404":
            task_id = _route(request)[1]
            response = HttpResponse.error(404, f"task {task_id} not found", "task_not_found")
            return await self._reply(writer, request, record, response)
        if kind == "answer":
            if route == "submit" and fault.accept:
                await self._submit(request, record)
            response = HttpResponse(fault.status, fault.body, {"Content-Type": fault.content_type})
            return await self._reply(writer, request, record, response)
        if kind == "500":
            response = HttpResponse.error(500, "internal error (emulated)", "server_error", "server_error")
        elif kind == "html502":
            page = (
                b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>"
                b"<hr><center>nginx</center></body></html>"
            )
            response = HttpResponse(502, page, {"Content-Type": "text/html"})
        elif kind == "redirect":
            response = HttpResponse(302, b"", {"Location": fault.location})
        elif kind == "html_content":
            page = (
                b"<!doctype html><html><head><title>Video unavailable</title></head><body>sorry</body></html>"
            )
            response = HttpResponse(200, page, {"Content-Type": "text/html; charset=utf-8"})
        elif kind == "429":
            response = HttpResponse.error(429, "Rate limit reached, slow down", "rate_limit_exceeded")
            response.headers["Retry-After"] = f"{fault.retry_after:g}"
        else:  # balance
            response = HttpResponse.error(
                429, "Insufficient account balance, please top up", "insufficient_quota"
            )
        return await self._reply(writer, request, record, response)

    # ----- routes -------------------------------------------------------------------------------

    async def _submit(self, request: HttpRequest, record: Received) -> HttpResponse:
        content_type = request.headers.get("content-type", "")
        try:
            if content_type.startswith("multipart/form-data"):
                submission = submission_from_multipart(request.body, content_type)
            elif content_type.startswith("application/json"):
                submission = submission_from_json(request.body)
            else:
                raise Refused("Content-Type must be multipart/form-data or application/json")
        except Refused as exc:
            return HttpResponse.error(exc.status, exc.message, exc.code)
        record.submission = submission
        task = self._create(submission)
        return HttpResponse.json(200, self._task_json(task, "queued", 0))

    def _create(self, submission: Submission) -> EmulatedTask:
        task_id = "task_" + secrets.token_hex(8)
        prompt = submission.request.prompt
        fail: str | None = None
        if "#fail-silent" in prompt:
            fail = ""
        elif "#fail" in prompt:
            fail = SAFETY_REASON
        config = self.config
        queue_seconds = float("inf") if "#hold" in prompt else config.queue_seconds
        task = EmulatedTask(
            task_id,
            submission,
            time.time(),
            time.monotonic(),
            queue_seconds,
            config.render_seconds,
            fail,
        )
        self.tasks[task_id] = task
        self._state(task)
        return task

    def _state(self, task: EmulatedTask) -> tuple[str, int]:
        now = time.monotonic()
        if task.left_queue(now) and not task.render_started:
            task.render_started = True
            job = asyncio.get_running_loop().create_task(self._render(task), name=f"render-{task.task_id}")
            self._background.add(job)
            job.add_done_callback(self._background.discard)
        return task.state(now)

    async def _render(self, task: EmulatedTask) -> None:
        if task.fail_reason is None:
            request = task.submission.request
            path = self.workdir / f"{task.task_id}.mp4"
            data = await asyncio.to_thread(
                render_clip,
                seconds=int(request.seconds),
                aspect_ratio=request.aspect_ratio,
                image=task.submission.image,
                prompt=request.prompt,
                fps=self.config.fps,
                short_side=self.config.short_side,
            )
            if self.config.content_size:
                await asyncio.to_thread(write_padded, path, data, self.config.content_size)
            else:
                await asyncio.to_thread(path.write_bytes, data)
            task.content = path
        task.rendered.set()

    def _task_json(self, task: EmulatedTask, status: str, progress: int) -> dict[str, object]:
        answer: dict[str, object] = {
            "id": task.task_id,
            "task_id": task.task_id,
            "object": "video",
            "model": task.submission.request.model,
            "status": status,
            "progress": progress,
            "created_at": int(task.created_at),
        }
        if status == "completed":
            done = task.created_at + task.queue_seconds + task.render_seconds
            answer["completed_at"] = int(done)
        if status == "failed" and task.fail_reason:
            message = task.fail_reason
            if self.config.echo_key:
                message += f" (request made with the key {self.config.api_key})"
            answer["error"] = {"message": message, "code": "content_policy_violation"}
        return answer

    def _fail_now(self, task_id: str, reason: str) -> None:
        task = self.tasks.get(task_id)
        if task is not None:
            task.fail_reason = reason
            task.queue_seconds = task.render_seconds = 0.0
            task.rendered.set()

    def _status(self, task_id: str) -> HttpResponse:
        task = self.tasks.get(task_id)
        if task is None:
            return HttpResponse.error(404, f"task {task_id} not found", "task_not_found")
        status, progress = self._state(task)
        return HttpResponse.json(200, self._task_json(task, status, progress))

    async def _content(
        self,
        task_id: str,
        request: HttpRequest,
        writer: asyncio.StreamWriter,
        record: Received,
        fault: Fault | None,
    ) -> bool:
        task = self.tasks.get(task_id)
        if task is None:
            return await self._reply(writer, request, record, HttpResponse.error(404, "task not found"))
        status, _ = self._state(task)
        now = time.monotonic()
        finished = task.finished_mono or now
        not_ready = (fault is not None and fault.kind == "not_ready") or (
            status == "completed" and now - finished < self.config.content_not_ready_seconds
        )
        if status != "completed" or not_ready or task.content is None:
            message = "video is not ready yet, please retry later" if status != "failed" else "task failed"
            return await self._reply(
                writer, request, record, HttpResponse.error(400, message, "video_not_ready")
            )
        size = task.content.stat().st_size
        start = _range_start(request.headers.get("range", "")) if self.config.accept_ranges else None
        headers = {"Content-Type": "video/mp4"}
        if self.config.accept_ranges:
            headers["Accept-Ranges"] = "bytes"
        if start is not None and start >= size:
            headers["Content-Range"] = f"bytes */{size}"
            return await self._reply(writer, request, record, HttpResponse(416, b"", headers))
        status_code = 200
        offset = 0
        if start is not None:
            status_code, offset = 206, start
            headers["Content-Range"] = f"bytes {start}-{size - 1}/{size}"
        headers["Content-Length"] = str(size - offset)
        record.status = status_code
        writer.write(http11.head_bytes(status_code, headers, keep_alive=request.keep_alive))
        await writer.drain()
        count = size - offset
        if fault is not None and fault.kind == "truncate":
            await self._send_file(writer, task.content, offset, count // 2)
            await writer.drain()
            writer.close()  # a clean close mid-body: the client sees a short read
            return False
        await self._send_file(writer, task.content, offset, count)
        return request.keep_alive

    async def _send_file(self, writer: asyncio.StreamWriter, path: Path, offset: int, count: int) -> None:
        rate = self.config.throttle_bytes_per_second
        with path.open("rb") as handle:
            if not rate:
                await asyncio.get_running_loop().sendfile(writer.transport, handle, offset, count)
                return
            handle.seek(offset)
            step = max(1024, int(rate / 20))
            left = count
            while left > 0:
                chunk = handle.read(min(step, left))
                if not chunk:
                    return
                writer.write(chunk)
                await writer.drain()
                left -= len(chunk)
                await asyncio.sleep(len(chunk) / rate)


def _route(request: HttpRequest) -> tuple[str, str]:
    path = request.path
    if not path.startswith(PREFIX + "/videos"):
        return "none", ""
    rest = path[len(PREFIX + "/videos") :].strip("/")
    if request.method == "POST" and rest == "":
        return "submit", ""
    if request.method == "GET" and rest and "/" not in rest:
        return "status", rest
    if request.method == "GET" and rest.endswith("/content") and rest.count("/") == 1:
        return "content", rest.split("/")[0]
    return "none", ""


def _range_start(value: str) -> int | None:
    if not value.startswith("bytes="):
        return None
    first = value[len("bytes=") :].split(",")[0]
    start, _, _end = first.partition("-")
    return int(start) if start.strip().isdigit() else None


class EmulatorThread:
    """The emulator on its own thread and event loop: for the offline demo and for tests."""

    def __init__(self, config: EmulatorConfig | None = None, faults: FaultPlan | None = None) -> None:
        self.server = EmulatorServer(config, faults)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="veo-emulator", daemon=True)
        self._ready = threading.Event()
        self._error: BaseException | None = None

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def api_key(self) -> str:
        return self.server.config.api_key

    def start(self, port: int = 0) -> str:
        self._port = port
        self._thread.start()
        self._ready.wait(10)
        if self._error is not None:
            raise self._error
        return self.base_url

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self.server.start(port=self._port))
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        self._loop.run_forever()
        self._loop.run_until_complete(self.server.stop())
        self._loop.close()

    def stop(self) -> None:
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)

    def __enter__(self) -> EmulatorThread:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
