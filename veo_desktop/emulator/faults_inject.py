"""What each fault of :mod:`veo_desktop.emulator.faults` does to the request it hits."""

from __future__ import annotations

import asyncio
import json
import random
from typing import Final

from veo_desktop.emulator import http11
from veo_desktop.emulator.faults import Fault, Route
from veo_desktop.emulator.http11 import HttpRequest, HttpResponse
from veo_desktop.emulator.routes import Received, VideoRoutes, reply, route_of

# In an ``answer`` fault's body, where the task's id goes.
TASK_ID_MARK: Final = b"{task_id}"


async def inject(
    fault: Fault,
    route: Route,
    request: HttpRequest,
    writer: asyncio.StreamWriter,
    record: Received,
    routes: VideoRoutes,
) -> bool | None:
    """Apply a fault; None lets the request go on normally (after a delay, or to truncate later);
    otherwise whether the connection may stay open."""
    kind = fault.kind
    if kind == "slow":
        await asyncio.sleep(fault.slow_seconds)
        return None
    if kind in ("truncate", "not_ready", "short_content", "changed_content"):  # applied by the route
        return None
    if kind == "reset_after_accept":
        await routes.submit(request, record)
        http11.reset(writer)
        return False
    if kind == "reset":
        http11.reset(writer)
        return False
    if kind == "fail":
        routes.fail_now(route_of(request)[1], fault.reason)
        return None
    if kind == "gateway_after_accept":
        await routes.submit(request, record)
        code = random.choice((502, 504))
        title = f"{code} {'Bad Gateway' if code == 502 else 'Gateway Time-out'}".encode()
        page = b"<html><head><title>" + title + b"</title></head><body>nginx</body></html>"
        return await reply(writer, request, record, HttpResponse(code, page, {"Content-Type": "text/html"}))
    if kind == "404":
        task_id = route_of(request)[1]
        response = HttpResponse.error(404, f"task {task_id} not found", "task_not_found")
        return await reply(writer, request, record, response)
    if kind == "answer":
        task_id = route_of(request)[1]
        if route == "submit" and fault.accept:
            made = await routes.submit(request, record)
            task_id = str(json.loads(made.body).get("id", "")) if made.status == 200 else ""
        # ``{task_id}`` in the body stands for the task's own id (the one just made, on submit).
        body = fault.body.replace(TASK_ID_MARK, task_id.encode())
        response = HttpResponse(fault.status, body, {"Content-Type": fault.content_type, **fault.headers})
        return await reply(writer, request, record, response)
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
        page = b"<!doctype html><html><head><title>Video unavailable</title></head><body>sorry</body></html>"
        response = HttpResponse(200, page, {"Content-Type": "text/html; charset=utf-8"})
    elif kind == "429":
        response = HttpResponse.error(429, "Rate limit reached, slow down", "rate_limit_exceeded")
        response.headers["Retry-After"] = f"{fault.retry_after:g}"
    else:  # balance
        response = HttpResponse.error(
            429, "Insufficient account balance, please top up", "insufficient_quota"
        )
    return await reply(writer, request, record, response)
