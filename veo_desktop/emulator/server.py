"""The local emulator of the video service: same routes, auth, validation and quirks, over real HTTP.

This file holds the server (connections, the key check, faults, dispatch) and :class:`EmulatorThread`;
the routes and their quirks are :mod:`veo_desktop.emulator.routes`, the faults'
effects :mod:`veo_desktop.emulator.faults_inject`.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import tempfile
import threading
from pathlib import Path

from veo_desktop.emulator import http11
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.faults_inject import inject
from veo_desktop.emulator.http11 import HttpRequest, HttpResponse
from veo_desktop.emulator.routes import PREFIX, Received, VideoRoutes, reply, route_of
from veo_desktop.emulator.tasks import DEMO_KEY, SAFETY_REASON, EmulatedTask, EmulatorConfig

# Where the rest of the app has always found them.
__all__ = [
    "DEMO_KEY",
    "SAFETY_REASON",
    "EmulatorConfig",
    "EmulatorServer",
    "EmulatorThread",
]


class EmulatorServer:
    """Runs on an asyncio loop; see :class:`EmulatorThread` to run it beside a GUI or a test."""

    def __init__(
        self,
        config: EmulatorConfig | None = None,
        faults: FaultPlan | None = None,
        workdir: Path | None = None,
    ) -> None:
        self.faults = faults or FaultPlan()
        self.received: list[Received] = []
        self._own_workdir = workdir is None
        self.workdir = workdir or Path(tempfile.mkdtemp(prefix="veo-emulator-"))
        self.routes = VideoRoutes(config or EmulatorConfig(), self.workdir)
        self._server: asyncio.Server | None = None
        self._connections: dict[asyncio.Task[object], asyncio.StreamWriter] = {}
        self.base_url = ""

    @property
    def config(self) -> EmulatorConfig:
        return self.routes.config

    @property
    def tasks(self) -> dict[str, EmulatedTask]:
        return self.routes.tasks

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
        for task in [*self._connections, *self.routes.jobs]:
            task.cancel()
        await asyncio.gather(*self.routes.jobs, *self._connections, return_exceptions=True)
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
        route, task_id = route_of(request)
        record = Received(request.method, request.path, dict(request.headers), route)
        self.received.append(record)
        if route == "none":
            return await reply(writer, request, record, HttpResponse.error(404, "no such route"))
        presented = request.headers.get("authorization", "")
        if presented != f"Bearer {self.config.api_key}":
            message = "Invalid token"
            if self.config.echo_rejected_key:
                message += f": {presented.removeprefix('Bearer ')}"
            response = HttpResponse.error(401, message, "invalid_api_key", "authentication_error")
            return await reply(writer, request, record, response)
        fault = self.faults.take(route)
        if fault is not None:
            record.fault = fault.kind
            handled = await inject(fault, route, request, writer, record, self.routes)
            if handled is not None:
                return handled
        if route == "submit":
            response = await self.routes.submit(request, record)
        elif route == "status":
            response = self.routes.status(task_id)
        else:
            return await self.routes.content(task_id, request, writer, record, fault)
        return await reply(writer, request, record, response)


class EmulatorThread:
    """The emulator on its own thread and event loop: for the offline demo and for tests."""

    def __init__(self, config: EmulatorConfig | None = None, faults: FaultPlan | None = None) -> None:
        self.server = EmulatorServer(config, faults)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="veo-emulator", daemon=True)
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._port = 0

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
