"""The emulated service's three routes (under ``/v1``): ``POST /videos``, ``GET /videos/{task_id}``,
``GET /videos/{task_id}/content``.

Quirks kept on purpose: progress only 0/50/100; ``/content`` answers 400 for a moment after completion;
1080p/4k need "8"; a numeric ``seconds`` in JSON fails; only the first reference image is kept.
The Flow channel's models answer in their own shape: an ``id`` of ``video_…`` and no ``task_id``,
``created`` and no ``created_at`` or ``progress``, ``processing`` for ``in_progress``, and a failure's
``error`` as a plain string; their clips are always 8 s, and one from two frames moves from the first
to the second.
A prompt containing ``#fail`` ends failed with a reason, ``#fail-silent`` without one (failed tasks are free);
``#hold`` keeps a task queued for good (load tests: many tasks being polled); ``#cancel`` has the service
cancel it as it leaves the queue (canceled tasks are free). ``EmulatorConfig.status_words`` makes it say
a gateway's words (``SUCCESS``) or one nobody knows.
"""

from __future__ import annotations

import asyncio
import random
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from veo_desktop.emulator import http11
from veo_desktop.emulator.faults import Fault
from veo_desktop.emulator.http11 import HttpRequest, HttpResponse
from veo_desktop.emulator.provider_tables import STATUS_WORDS
from veo_desktop.emulator.render import render_clip, write_padded
from veo_desktop.emulator.tasks import SAFETY_REASON, EmulatedTask, EmulatorConfig
from veo_desktop.emulator.wire_in import Refused, Submission, submission_from_json, submission_from_multipart

PREFIX: Final = "/v1"
RouteName = Literal["submit", "status", "content", "none"]


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
    at: float = field(default_factory=time.monotonic)  # when it arrived (tests assert on the pace)


async def reply(
    writer: asyncio.StreamWriter, request: HttpRequest, record: Received, response: HttpResponse
) -> bool:
    """Send ``response`` and note its status; False when the connection must end."""
    record.status = response.status
    await http11.write_response(writer, response, keep_alive=request.keep_alive)
    return request.keep_alive


def route_of(request: HttpRequest) -> tuple[RouteName, str]:
    """Which route a request is for ("submit", "status", "content" or "none"), and its task id."""
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


class VideoRoutes:
    """The service's tasks and the answers about them. Clips are rendered in ``workdir`` by background
    jobs (:attr:`jobs`) when a task leaves the queue."""

    def __init__(self, config: EmulatorConfig, workdir: Path) -> None:
        self.config = config
        self.workdir = workdir
        self.tasks: dict[str, EmulatedTask] = {}
        self.jobs: set[asyncio.Task[None]] = set()
        self._draw = random.Random(config.seed)

    async def submit(self, request: HttpRequest, record: Received) -> HttpResponse:
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

    def status(self, task_id: str) -> HttpResponse:
        task = self.tasks.get(task_id)
        if task is None:
            return HttpResponse.error(404, f"task {task_id} not found", "task_not_found")
        status, progress = self._state(task)
        answer = self._task_json(task, status, progress)
        answer["status"] = self.config.status_words.get(status, str(answer["status"]))
        response = HttpResponse.json(200, answer)
        response.headers.update(self.config.status_headers)
        return response

    def fail_now(self, task_id: str, reason: str) -> None:
        task = self.tasks.get(task_id)
        if task is not None:
            task.fail_reason = reason
            task.queue_seconds = task.render_seconds = 0.0
            task.rendered.set()

    async def content(
        self,
        task_id: str,
        request: HttpRequest,
        writer: asyncio.StreamWriter,
        record: Received,
        fault: Fault | None,
    ) -> bool:
        task = self.tasks.get(task_id)
        if task is None:
            return await reply(writer, request, record, HttpResponse.error(404, "task not found"))
        status, _ = self._state(task)
        now = time.monotonic()
        finished = task.finished_mono or now
        not_ready = (fault is not None and fault.kind == "not_ready") or (
            status == "completed" and now - finished < self.config.content_not_ready_seconds
        )
        if status == "completed" and task.not_ready_answers < self.config.content_not_ready_answers:
            task.not_ready_answers += 1
            not_ready = True
        if status != "completed" or not_ready or task.content is None:
            ended = status in ("failed", "canceled")
            message = f"task {status}" if ended else "video is not ready yet, please retry later"
            return await reply(writer, request, record, HttpResponse.error(400, message, "video_not_ready"))
        content = task.content
        if fault is not None and fault.kind == "changed_content":
            content = _changed_copy(content)
        size = content.stat().st_size
        start = _range_start(request.headers.get("range", "")) if self.config.accept_ranges else None
        headers = {"Content-Type": "video/mp4"}
        if self.config.accept_ranges:
            headers["Accept-Ranges"] = "bytes"
        if start is not None and start >= size:
            headers["Content-Range"] = f"bytes */{size}"
            return await reply(writer, request, record, HttpResponse(416, b"", headers))
        status_code = 200
        offset = 0
        if start is not None:
            status_code, offset = 206, start
            headers["Content-Range"] = f"bytes {start}-{size - 1}/{size}"
        count = size - offset
        if fault is not None and fault.kind == "short_content":
            count //= 2  # and the length says so: only the MP4 itself can tell it is cut short
        headers["Content-Length"] = str(count)
        record.status = status_code
        writer.write(http11.head_bytes(status_code, headers, keep_alive=request.keep_alive))
        await writer.drain()
        if fault is not None and fault.kind == "truncate":
            await self._send_file(writer, content, offset, count // 2)
            await writer.drain()
            writer.close()  # a clean close mid-body: the client sees a short read
            return False
        await self._send_file(writer, content, offset, count)
        return request.keep_alive

    def _create(self, submission: Submission) -> EmulatedTask:
        flow = submission.request.channel == "flow"
        task_id = ("video_" if flow else "task_") + secrets.token_hex(8)
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
            config.render_seconds_for(submission.request.model, self._draw),
            fail,
        )
        task.canceled = "#cancel" in prompt
        self.tasks[task_id] = task
        self._state(task)
        return task

    def _state(self, task: EmulatedTask) -> tuple[str, int]:
        now = time.monotonic()
        if task.left_queue(now) and not task.render_started:
            task.render_started = True
            job = asyncio.get_running_loop().create_task(self._render(task), name=f"render-{task.task_id}")
            self.jobs.add(job)
            job.add_done_callback(self.jobs.discard)
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
                end=None if self.config.ignore_end_frame else task.submission.end_image,
                prompt=request.prompt,
                fps=self.config.fps,
                short_side=self.config.short_side,
            )
            if self.config.content_size:
                await asyncio.to_thread(write_padded, path, data, self.config.content_size)
            else:
                await asyncio.to_thread(path.write_bytes, data)
            task.content = path
        task.rendered_mono = time.monotonic()
        task.rendered.set()

    def _task_json(self, task: EmulatedTask, status: str, progress: int) -> dict[str, object]:
        if task.channel == "flow":
            return self._flow_json(task, status)
        answer: dict[str, object] = {
            "id": task.task_id,
            "task_id": task.task_id,
            "object": "video",
            "model": task.submission.request.model,
            "status": STATUS_WORDS["official"].get(status, status),
            "progress": progress,
            "created_at": int(task.created_at * self.config.time_unit),
        }
        if status == "completed":
            done = task.created_at + task.queue_seconds + task.render_seconds
            answer["completed_at"] = int(done * self.config.time_unit)
        if status == "failed" and task.fail_reason:
            answer["error"] = {"message": self._reason(task), "code": "content_policy_violation"}
        return answer

    def _flow_json(self, task: EmulatedTask, status: str) -> dict[str, object]:
        """The Flow channel's answer: no ``task_id`` or ``progress``, ``created``, ``processing``, and
        a failure's reason as a plain string."""
        answer: dict[str, object] = {
            "id": task.task_id,
            "object": "video",
            "created": int(task.created_at * self.config.time_unit),
            "status": STATUS_WORDS["flow"].get(status, status),  # "processing" for in_progress
            "model": task.submission.request.model,
        }
        if status == "failed" and task.fail_reason:
            answer["error"] = self._reason(task)
        return answer

    def _reason(self, task: EmulatedTask) -> str:
        message = task.fail_reason or ""
        if self.config.echo_key:
            message += f" (request made with the key {self.config.api_key})"
        return message

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


def _range_start(value: str) -> int | None:
    if not value.startswith("bytes="):
        return None
    first = value[len("bytes=") :].split(",")[0]
    start, _, _end = first.partition("-")
    return int(start) if start.strip().isdigit() else None


def _changed_copy(content: Path) -> Path:
    """The same video with 64 more bytes (a ``free`` box): what a service serves once it re-encoded or
    replaced a file, of another size."""
    changed = content.with_name(content.stem + ".changed.mp4")
    if not changed.exists():
        changed.write_bytes(content.read_bytes() + (64).to_bytes(4, "big") + b"free" + bytes(56))
    return changed
