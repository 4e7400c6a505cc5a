"""Timing a child process until it says "ready", with a deadline: a hung child is killed and reported,
never left to block the benchmark (or CI) forever."""

from __future__ import annotations

import selectors
import subprocess
import sys
import time


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
