"""Timing a child process until it says "ready", with a deadline: a hung child is killed and reported,
never left to block the benchmark (or CI) forever."""

from __future__ import annotations

import contextlib
import os
import selectors
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator


class ChildHung(RuntimeError):
    pass


def time_to_ready(
    code: str, args: list[str], env: dict[str, str], timeout: float = 60
) -> tuple[float, list[str]]:
    """Seconds from start to the child's "ready" line, and the lines it printed after it."""
    started = time.perf_counter()
    command = [sys.executable, "-c", code, *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            process.kill()
            process.wait()
            raise ChildHung(f"no 'ready' within {timeout:.0f} s")
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    try:
        rest, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise ChildHung(f"did not finish within {timeout:.0f} s after 'ready'") from None
    if line.strip() != "ready":
        raise ChildHung(f"said {line!r} instead of 'ready'")
    return elapsed, rest.splitlines()


def time_lines(
    code: str, args: list[str], env: dict[str, str], wanted: tuple[str, ...], timeout: float = 60
) -> dict[str, float]:
    """Seconds from start until the child printed each of the ``wanted`` lines (in that order)."""
    started = time.perf_counter()
    command = [sys.executable, "-c", code, *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert process.stdout is not None
    seen: dict[str, float] = {}
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        for name in wanted:
            if not selector.select(max(0.0, started + timeout - time.perf_counter())):
                process.kill()
                process.wait()
                raise ChildHung(f"no {name!r} within {timeout:.0f} s")
            line = process.stdout.readline().strip()
            if line != name:
                process.kill()
                process.wait()
                raise ChildHung(f"said {line!r} instead of {name!r}")
            seen[name] = time.perf_counter() - started
    try:
        process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise ChildHung(f"did not finish within {timeout:.0f} s after {wanted[-1]!r}") from None
    return seen


@contextlib.contextmanager
def xvfb() -> Iterator[dict[str, str]]:
    """A private X server (Xvfb) for the run: the environment that puts a child's window on it. A real X
    server paints through the X protocol (and OpenGL for video) where Qt's offscreen platform does not."""
    program = shutil.which("Xvfb")
    if program is None:
        raise RuntimeError("no Xvfb on this machine (bash .ci/setup installs it)")
    read, write = os.pipe()
    server = subprocess.Popen(
        [program, "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as announced:
            number = announced.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield {"DISPLAY": f":{number}", "QT_QPA_PLATFORM": "xcb"}
    finally:
        server.terminate()
        server.wait(10)
