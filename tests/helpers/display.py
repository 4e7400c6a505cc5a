"""A real X server (Xvfb) for the tests that run the window as a user meets it: a screen of a given
size, its display name. Without Xvfb the test is skipped, or fails where ``VEO_TEST_XVFB=required``
(``.ci/run``)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest


@contextlib.contextmanager
def xvfb(width: int, height: int) -> Iterator[str]:
    """A virtual X server with one screen of this size; its display name."""
    server = shutil.which("Xvfb")
    if server is None:
        if os.environ.get("VEO_TEST_XVFB") == "required":
            pytest.fail("Xvfb is not installed (bash .ci/setup installs it)")
        pytest.skip("Xvfb is not installed (bash .ci/setup installs it)")
    read, write = os.pipe()
    process = subprocess.Popen(
        [server, "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as told:
            number = told.readline().strip()  # written once the server takes connections
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        process.terminate()
        process.wait(timeout=10)
