"""Just enough HTTP/1.1 for the emulator: read a request, write a response, drop a connection."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import struct
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Final
from urllib.parse import unquote, urlsplit

MAX_HEAD: Final = 64 * 1024
MAX_BODY: Final = 64 * 1024 * 1024


class BadHttp(Exception):
    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


@dataclass
class HttpRequest:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes = b""

    @property
    def path(self) -> str:
        return unquote(urlsplit(self.target).path)

    @property
    def keep_alive(self) -> bool:
        return self.headers.get("connection", "").lower() != "close"


@dataclass
class HttpResponse:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, data: Any, **headers: str) -> HttpResponse:
        return cls(status, json.dumps(data).encode(), {"Content-Type": "application/json", **headers})

    @classmethod
    def error(
        cls, status: int, message: str, code: str = "", kind: str = "invalid_request_error"
    ) -> HttpResponse:
        error = {"message": message, "type": kind, "code": code or HTTPStatus(status).phrase.lower()}
        return cls.json(status, {"error": error})


async def read_request(reader: asyncio.StreamReader) -> HttpRequest | None:
    """The next request on the connection, or None when the client closed it."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as exc:
        if exc.partial.strip():
            raise BadHttp(400, "incomplete request head") from None
        return None
    except asyncio.LimitOverrunError:
        raise BadHttp(431, "request head too large") from None
    lines = head.decode("latin-1").split("\r\n")
    try:
        method, target, _version = lines[0].split(" ", 2)
    except ValueError:
        raise BadHttp(400, "malformed request line") from None
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if line:
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
    body = b""
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = await _read_chunked(reader)
    elif headers.get("content-length"):
        length = int(headers["content-length"])
        if length > MAX_BODY:
            raise BadHttp(413, "request body too large")
        body = await reader.readexactly(length)
    return HttpRequest(method.upper(), target, headers, body)


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts: list[bytes] = []
    total = 0
    while True:
        size_line = await reader.readuntil(b"\r\n")
        size = int(size_line.split(b";")[0].strip() or b"0", 16)
        if size == 0:
            await reader.readuntil(b"\r\n")
            return b"".join(parts)
        total += size
        if total > MAX_BODY:
            raise BadHttp(413, "request body too large")
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)


def head_bytes(status: int, headers: dict[str, str], *, keep_alive: bool) -> bytes:
    lines = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}"]
    merged = {"Server": "veo-desktop-emulator", "Connection": "keep-alive" if keep_alive else "close"}
    merged.update(headers)
    lines += [f"{k}: {v}" for k, v in merged.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def write_response(writer: asyncio.StreamWriter, response: HttpResponse, *, keep_alive: bool) -> None:
    headers = {**response.headers, "Content-Length": str(len(response.body))}
    writer.write(head_bytes(response.status, headers, keep_alive=keep_alive) + response.body)
    await writer.drain()


def reset(writer: asyncio.StreamWriter) -> None:
    """Drop the connection with a TCP reset, as a crashed proxy or a flaky network does."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()
