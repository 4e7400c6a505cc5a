"""The service's task API (submit, poll, download) on one shared ``httpx.AsyncClient``.

The request machinery (redirects by hand, capped reads, the retry rules and why a submission is never
sent twice) is :mod:`veo_desktop.api.transport`; the resumable download is :mod:`veo_desktop.api.download`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from veo_desktop.api import errors, rules
from veo_desktop.api.download import Download, DownloadResult, ProgressCallback
from veo_desktop.api.download_files import partial_path
from veo_desktop.api.retry import Reachability, RetryPolicy, Sleep
from veo_desktop.api.transport import (
    MAX_REQUESTS,
    RequestRecord,
    Transport,
    make_http_client,
    poll_after_seconds,
)
from veo_desktop.api.wire import (
    ENDED_WITHOUT_VIDEO,
    ReferenceImage,
    TaskStatus,
    frame_parts,
    parse_submission,
    parse_task,
)

# Where the rest of the app has always found them.
__all__ = [
    "DownloadResult",
    "RequestRecord",
    "RetryPolicy",
    "VeoClient",
    "make_http_client",
    "partial_path",
]


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
        self._transport = Transport(
            http,
            base_url=base_url,
            api_key=api_key,
            retry=retry or RetryPolicy(),
            sleep=sleep,
            on_request=on_request,
            max_requests=max_requests,
        )
        self.base_url = self._transport.base_url
        self._chunk_size = chunk_size

    @property
    def retry(self) -> RetryPolicy:
        return self._transport.retry

    @property
    def cooldown_until(self) -> float:
        """Until when (time.monotonic()) the service asked us to hold back (its last 429), for the window."""
        return self._transport.cooldown_until

    def retry_now(self) -> None:
        """The user's "Retry now": every pause before trying the service again ends now, a 429's too."""
        self._transport.cooldown_until = 0.0
        self._transport.reachability.retry_now()

    @property
    def reachability(self) -> Reachability:
        """Whether the service answers now, when the next try is, and "Retry now" (see Reachability)."""
        return self._transport.reachability

    # ----- public calls -------------------------------------------------------------------------

    def hold_submissions(self) -> None:
        """The user is stopping: from now on a submission the service refused (429, or no connection)
        is not tried again; the one in flight still gets its answer."""
        self._transport.holding = True

    async def submit(
        self,
        request: rules.VideoRequest,
        image: ReferenceImage | None = None,
        end: ReferenceImage | None = None,
    ) -> TaskStatus:
        """Image-to-video as multipart (with a start frame, and on the Flow channel's ``-fl`` models an
        optional end frame) or text-to-video as JSON (without)."""
        reasons = rules.problems(request, start=image is not None, end=end is not None)
        if reasons:
            raise errors.InvalidRequest(reasons)
        frames = tuple(frame for frame in (image, end) if frame is not None)
        body: dict[str, Any]
        if request.channel == "flow":  # the model's name says the length, resolution and shape
            if frames:
                form = {"model": request.model, "prompt": request.prompt}
                body = {"data": form, "files": frame_parts(frames)}
            else:
                body = {"json": {"model": request.model, "prompt": request.prompt}}
        elif frames:
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
            body = {"data": form, "files": frame_parts(frames)}
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
            answer = await self._transport.call("POST", "/videos", idempotent=False, **body)
            return parse_submission(answer)
        except errors.BadResponse as exc:
            # The service may well have taken (and billed) the task: never treat it as refused.
            raise errors.OutcomeUnknown(f"the answer could not be read: {exc.detail}") from exc

    async def status(self, task_id: str) -> TaskStatus:
        path = self._task_path(task_id)
        answer, headers = await self._transport.exchange("GET", path, idempotent=True, task_id=task_id)
        return replace(parse_task(answer, expected_id=task_id), poll_after=poll_after_seconds(headers))

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
        download = Download(
            self._transport,
            self._task_path(task_id) + "/content",
            task_id,
            dest,
            chunk_size=self._chunk_size,
            on_progress=on_progress,
            ended=lambda: self._check_not_ended(task_id),
        )
        return await download.run()

    async def _check_not_ended(self, task_id: str) -> None:
        """After a 400 from ``/content``: :class:`~veo_desktop.api.errors.TaskEnded` when the status
        says failed, canceled or expired; otherwise (or when the status cannot be had) nothing."""
        try:
            found = await self.status(task_id)
        except errors.VeoError:
            return
        if found.status in ENDED_WITHOUT_VIDEO:
            raise errors.TaskEnded(found.status, found.word or found.status, found.error)

    def _task_path(self, task_id: str) -> str:
        return "/videos/" + quote(task_id, safe="")
