"""A plain TCP proxy on loopback in front of a server, that a test can cut and restore.

``cut()`` drops every connection at once (RST) and closes the listening port, so new connections are
refused, as when a Wi-Fi link or a VPN goes down; ``restore()`` listens again on the same port. It runs
on its own thread and event loop, like :class:`veo_desktop.emulator.server.EmulatorThread`.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Coroutine
from typing import Any

from veo_desktop.emulator.server import EmulatorThread

CONNECT_TIMEOUT = 5.0
CHUNK = 64 * 1024


class TcpProxy:
    def __init__(self, emulator: EmulatorThread) -> None:
        host_port = emulator.base_url.split("//", 1)[1].split("/", 1)[0]
        self._target_host, port = host_port.rsplit(":", 1)
        self._target_port = int(port)
        self._path = "/" + emulator.base_url.split("//", 1)[1].split("/", 1)[1]
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="tcp-proxy", daemon=True)
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._pipes: set[asyncio.Task[None]] = set()
        self.port = 0
        self.connections = 0  # accepted so far

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self._path}"

    def __enter__(self) -> TcpProxy:
        self._thread.start()
        self.restore()
        return self

    def __exit__(self, *exc: object) -> None:
        self.cut()
        self._run(self._cancel_pipes())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    def cut(self) -> None:
        """Every open connection is reset and the port refuses new ones."""
        self._run(self._cut())

    def restore(self) -> None:
        """Listen again (on the same port after a cut)."""
        self._run(self._listen())

    def _run(self, coro: Coroutine[Any, Any, None]) -> None:
        asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=10)

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _cut(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def _cancel_pipes(self) -> None:
        for task in list(self._pipes):
            task.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.add(writer)
        try:
            up_reader, up_writer = await asyncio.wait_for(
                asyncio.open_connection(self._target_host, self._target_port), CONNECT_TIMEOUT
            )
        except (OSError, TimeoutError):
            writer.transport.abort()
            self._writers.discard(writer)
            return
        self._writers.add(up_writer)
        pipes = [
            asyncio.create_task(self._pipe(reader, up_writer)),
            asyncio.create_task(self._pipe(up_reader, writer)),
        ]
        self._pipes.update(pipes)
        try:
            await asyncio.gather(*pipes, return_exceptions=True)
        finally:
            self._pipes.difference_update(pipes)
            for end in (writer, up_writer):
                self._writers.discard(end)
                end.close()

    @staticmethod
    async def _pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        try:
            while chunk := await source.read(CHUNK):
                sink.write(chunk)
                await sink.drain()
        except (ConnectionError, OSError):
            sink.transport.abort()
        else:
            sink.close()  # the other side ended cleanly: pass the end on after what is buffered
