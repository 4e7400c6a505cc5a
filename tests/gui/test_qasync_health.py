"""Regression guard for the PySide6 6.12.0 / CPython 3.11 crash: every Python override Qt called lost a
reference to None, and qasync (which schedules through timerEvent) aborted with
"Fatal Python error: none_dealloc". The pins in pyproject.toml avoid it; this proves it on the
installed combination by driving 20,000 callbacks through a real qasync loop in a child process.
"""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = r"""
import asyncio, sys
import qasync
from PySide6.QtWidgets import QApplication

app = QApplication([])
loop = qasync.QEventLoop(app)
asyncio.set_event_loop(loop)
before = sys.getrefcount(None)

async def main():
    done = asyncio.get_running_loop().create_future()
    count = 0
    def tick():
        nonlocal count
        count += 1
        if count < 20_000:
            loop.call_soon(tick)
        else:
            done.set_result(count)
    loop.call_soon(tick)
    return await done

with loop:
    ran = loop.run_until_complete(main())
print(ran, sys.getrefcount(None) - before)
"""


def test_twenty_thousand_qasync_callbacks_leave_the_process_healthy() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    ran, none_delta = (int(x) for x in done.stdout.split())
    assert ran == 20_000
    # With the bug, None loses about one reference per callback (-20,000 here, then an abort).
    assert none_delta > -1_000, f"None lost {-none_delta} references"
