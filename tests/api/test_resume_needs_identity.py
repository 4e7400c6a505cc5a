"""A download resumed with ``Range`` only when the answer it began with said how to tell its file from
another (a size or a validator): a server that gave neither, and whose file changed since, would
otherwise have one file's head joined to another's tail and saved as the video."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from pathlib import Path

import pytest

from tests.conftest import FAST_RETRY
from tests.helpers.clips import make_clip
from veo_desktop.api.client import VeoClient, make_http_client

TASK = "video_resume_check_1"


@pytest.fixture
def two_files(tmp_path: Path) -> tuple[bytes, bytes]:
    """A video, and the same video changed at the service: same length, same boxes, other bytes."""
    first = make_clip(tmp_path / "a.mp4", frames=36).read_bytes()
    inside = first.find(b"mdat") + 64
    changed = first[:inside] + bytes(b ^ 0xFF for b in first[inside : inside + 200]) + first[inside + 200 :]
    return first, changed


async def _serve(first: bytes, changed: bytes, ranges_asked: list[str]) -> AsyncGenerator[str, None]:
    """First answer: the first file, chunked, no length, no validator, cut half way. Then the changed
    file: its tail for a ``Range`` (206, total unknown), or the whole of it."""
    answered = 0

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal answered
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        fields = {
            k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in head[1:] if line)
        }
        answered += 1
        if answered == 1:
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nAccept-Ranges: bytes\r\n")
            writer.write(b"Transfer-Encoding: chunked\r\n\r\n")
            half = first[: len(first) // 2]
            writer.write(f"{len(half) + 1000:x}\r\n".encode() + half)  # the chunk says more: cut
        elif "range" in fields:
            ranges_asked.append(fields["range"])
            start = int(fields["range"].removeprefix("bytes=").split("-")[0])
            tail = changed[start:]
            writer.write(
                f"HTTP/1.1 206 Partial Content\r\nContent-Type: video/mp4\r\nContent-Length: {len(tail)}\r\n"
                f"Content-Range: bytes {start}-{len(changed) - 1}/*\r\nConnection: close\r\n\r\n".encode()
                + tail
            )
        else:
            writer.write(
                f"HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: {len(changed)}\r\n"
                "Connection: close\r\n\r\n".encode()
                + changed
            )
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        server.close()
        await server.wait_closed()


async def test_a_cut_download_without_size_or_validator_starts_over(
    tmp_path: Path, two_files: tuple[bytes, bytes]
) -> None:
    first, changed = two_files
    ranges_asked: list[str] = []
    serving = _serve(first, changed, ranges_asked)
    base_url = await anext(serving)
    try:
        async with make_http_client() as http:
            client = VeoClient(
                http, base_url=base_url, api_key="sk-resume-check-0123456789", retry=FAST_RETRY
            )
            result = await client.download(TASK, tmp_path / "clip.mp4")
    finally:
        await serving.aclose()
    saved = result.path.read_bytes()
    assert saved == changed, "the saved video is not one file the service served"
    assert ranges_asked == [], "a resume was asked of an answer that could not be told from another file"
