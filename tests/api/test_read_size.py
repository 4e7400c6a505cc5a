"""Responses are read from the socket as asyncio reads it (256 KiB at a time), not in httpcore's 64 KiB
pieces: see ``READ_BYTES`` in :mod:`veo_desktop.api.transport` for what that saves."""

from __future__ import annotations

import inspect

import httpcore
from httpcore._async import http11

from veo_desktop.api.transport import READ_BYTES, make_http_client


async def test_the_http_client_reads_responses_in_large_pieces() -> None:
    async with make_http_client():
        assert httpcore.AsyncHTTP11Connection.READ_NUM_BYTES == READ_BYTES == 256 * 1024
    # httpcore still reads that constant through the connection, so setting it has an effect.
    assert "self.READ_NUM_BYTES" in inspect.getsource(http11)
