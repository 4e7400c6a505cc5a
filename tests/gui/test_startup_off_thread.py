"""Nothing blocks the window's thread at start-up (issue 27): the real ``veo-desktop`` in a child process,
with a keyring that takes 4 s to answer (tests/helpers/slow_keyring.py, as one waiting for its unlock
prompt) and a history another process holds in a write transaction until 1.5 s after that (both waited
for at once, each on a thread of its own: veo_desktop/opening.py). The window paints at once
and says "Starting…", repaints when resized and moved while it waits, and its thread is never inside the
keyring, sqlite3 or the history (its stack sampled every 5 ms from another thread until the session is
handed to it); then the history is listed and Generate can be pressed. Closed while it waits, it exits at
once, even with a keyring that never answers or a history still held."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from tests.helpers.child_lines import ChildLines  # never the backend itself: it would join this keyring
from veo_desktop import paths
from veo_desktop.core.history.store import HistoryStore
from veo_desktop.core.task_record import TaskRecord

ROOT = Path(__file__).resolve().parents[2]
KEY = "sk-startup-off-thread-key-0123456789"
PROMPT = "the lighthouse at dusk, waves against the rocks"

# Another program writing to the history: it holds a write transaction from the start, and lets go
# ``seconds`` after it is told to (a line on its stdin), or never (it is killed).
HOLDER = r"""
import sqlite3, sys, threading, time, json
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("held", flush=True)
seconds = float(sys.stdin.readline())
threading.Event().wait(seconds)
db.execute("ROLLBACK")
db.close()
print(json.dumps({"released": time.time()}), flush=True)
sys.stdin.readline()
"""

# The window, watched from inside: a thread samples the stack of the window's thread every 5 ms until
# the session is handed to it (MainController.attach); a 20 ms timer ticks on the window's event loop.
CHILD = r"""
import json, os, sys, threading, time

MAIN = threading.get_ident()
INSIDE = ("/keyring/", "/sqlite3/", "/veo_desktop/core/history/", "/veo_desktop/core/keystore.py")
attached = threading.Event()
sampled = {"count": 0, "inside": []}

def report(at, **state):
    print("PROBE " + json.dumps({"at": at, "t": time.time(), **state}), flush=True)

def sample():
    while True:
        frame = sys._current_frames().get(MAIN)
        stack = []
        while frame is not None:
            stack.append((frame.f_code.co_filename.replace(os.sep, "/"), frame.f_code.co_name))
            frame = frame.f_back
        if attached.is_set():  # taken after the session was handed over: not the start-up's
            return
        sampled["count"] += 1
        # A module's body ("<module>") runs once, as it is imported: loading its code, not calling it.
        inside = [f"{name} in {file}" for file, name in stack
                  if name != "<module>" and any(part in file for part in INSIDE)]
        if inside and len(sampled["inside"]) < 5:
            sampled["inside"].append(inside)
        time.sleep(0.005)

threading.Thread(target=sample, daemon=True).start()

from PySide6.QtCore import QEvent, QObject, QTimer
import veo_desktop.gui.shell.launch as launch

CLOSE_WHEN = os.environ.get("VEO_TEST_CLOSE_WHEN", "")  # a worker thread's name: close while it works
wait_painted = launch.wait_painted

class Watch(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window, self.form = window, window.form
        self.ticks, self.longest, self.paints, self.moved, self.repainted = [], 0.0, 0, None, False
        window.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(20)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def eventFilter(self, watched, event):
        if watched is self.window and event.type() == QEvent.Type.Paint and self.moved is not None:
            if not self.repainted:
                self.repainted = True
                report("repainted", starting=not attached.is_set(), wanted=self.moved,
                       moved_to=[self.window.x(), self.window.y()], reason=self.form.why_not.text(),
                       list=self.window.empty_list.text())
        return False

    def tick(self):
        now = time.monotonic()
        if not attached.is_set():
            if self.ticks:
                self.longest = max(self.longest, now - self.ticks[-1])
            self.ticks.append(now)
        working = [t.name for t in threading.enumerate()]
        if self.moved is None and {"keyring", "history-open"} & set(working):  # moved while it waits
            self.moved = [self.window.x() + 15, self.window.y() + 10]
            self.window.move(*self.moved)
            self.window.resize(self.window.width() - 40, self.window.height() - 20)
            return
        if CLOSE_WHEN and self.repainted and CLOSE_WHEN in working and not attached.is_set():
            report("closing", working=working)
            self.timer.stop()
            self.window.close()
            return
        rows = self.window.task_list.model().rowCount()
        if attached.is_set() and self.form.generate.isEnabled() and rows:
            self.timer.stop()
            report("usable", rows=rows, ticks_while_starting=len(self.ticks), longest_gap=self.longest,
                   samples=sampled["count"], inside=sampled["inside"],
                   list=self.window.empty_list.isVisible())
            self.window.close()

def painted_first(widget, *args):
    painted = wait_painted(widget, *args)
    form = widget.form
    report("painted", painted=painted, visible=widget.isVisible(), reason=form.why_not.text(),
           generate=form.generate.isEnabled(), list=widget.empty_list.text())
    from veo_desktop.gui.shell.controller import MainController
    attach = MainController.attach
    def attaching(self, session):
        attached.set()  # first: the history is read on this thread from here on (the list, WAL reads)
        report("attached")
        return attach(self, session)
    MainController.attach = attaching
    Watch(widget)
    return painted

launch.wait_painted = painted_first
from veo_desktop.main import main
code = main([])
report("exited", code=code, working=[t.name for t in threading.enumerate()])
sys.exit(code)
"""


def prepare(home: Path) -> Path:
    """A history with one finished task (a failed one: nothing to follow, nothing sent), and a prompt
    remembered in the form, so Generate can be pressed once the session is open."""
    paths.config_dir().mkdir(parents=True, exist_ok=True)
    state = QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)
    state.setValue("draft/prompt", PROMPT)
    state.sync()
    store = HistoryStore(paths.history_db())
    store.add(
        TaskRecord(
            id=0,
            state="failed",
            prompt="yesterday's harbour",
            model="veo-3.1-fast-generate-preview",
            seconds="8",
            resolution="720p",
            aspect_ratio="16:9",
            task_id="task_yesterday",
            last_error="refused",
        )
    )
    store.close()
    return paths.history_db()


@pytest.fixture
def holder(app_home: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the history in a write transaction (``BEGIN IMMEDIATE``)."""
    history = prepare(app_home)
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(history)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stdout.readline() == "held\n"
        yield process
    finally:
        process.kill()
        process.wait(timeout=30)
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()


def let_go_after(holder: subprocess.Popen[str], seconds: float) -> Callable[[], float]:
    """Tell the holder to let go in ``seconds``; the returned call waits for it and says when it did."""
    assert holder.stdin is not None and holder.stdout is not None
    holder.stdin.write(f"{seconds}\n")
    holder.stdin.flush()
    stdout = holder.stdout
    return lambda: float(json.loads(stdout.readline())["released"])


def start_window(app_home: Path, keyring_seconds: float, **extra: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("APIYI_", "QT_", "PYTHON_KEYRING"))}
    env.update(
        VEO_DESKTOP_HOME=str(app_home),
        APIYI_BASE_URL="http://127.0.0.1:9/v1",  # nothing is followed: nothing is sent there
        PYTHON_KEYRING_BACKEND="tests.helpers.slow_keyring.SlowKeyring",
        VEO_TEST_KEYRING_SECONDS=str(keyring_seconds),
        VEO_TEST_KEYRING_KEY=KEY,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return subprocess.Popen(
        [sys.executable, "-c", CHILD],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish(window: subprocess.Popen[str], lines: ChildLines) -> int:
    """The window's exit code once it said it exited (else it is killed: the test failed already)."""
    try:
        if "exited" not in lines.names():
            window.kill()
        return window.wait(timeout=60)
    finally:
        if window.poll() is None:
            window.kill()
            window.wait()
        if window.stdout is not None:
            window.stdout.close()


def test_the_window_paints_and_answers_while_the_keyring_and_the_history_are_slow(
    app_home: Path, holder: subprocess.Popen[str]
) -> None:
    window = start_window(app_home, keyring_seconds=4)
    lines = ChildLines(window)
    try:
        answered = lines.wait("keyring answered")
        # The history is held 1.5 s more, about 6 s from the start: the window waits for both at once (the
        # history's own wait began with the keyring's), and the session opens once both are done.
        released = let_go_after(holder, 1.5)
        usable = lines.wait("usable")
        released_at = released()
        exited = lines.wait("exited")
    finally:
        code = finish(window, lines)
    assert code == 0 and exited["code"] == 0, "".join(lines.output[-40:])
    names = lines.names()
    # While it started, the window's stack, sampled every 5 ms, was never in the keyring, sqlite3 or the
    # history; and its event loop ran all along (a 20 ms timer: never 4 s without a tick).
    assert usable["inside"] == [], usable["inside"]
    assert usable["samples"] > 200, usable
    assert usable["ticks_while_starting"] > 50 and usable["longest_gap"] < 2.0, usable
    # The window is on screen, saying it starts, before the keyring has answered (in the order seen).
    painted = lines.wait("painted")
    assert (painted["painted"], painted["visible"], painted["generate"]) == (True, True, False)
    assert (painted["reason"], painted["list"]) == ("Starting…", "Loading…")
    assert names.index("painted") < names.index("keyring answered")
    # The keyring is asked off the window's thread; meanwhile the window was moved, resized and repainted.
    assert lines.wait("keyring asked")["thread"] == answered["thread"] == "keyring", answered
    assert "repainted" in names, f"the window was not repainted while it started: {names}"
    repainted = lines.wait("repainted")
    assert repainted["starting"] and names.index("repainted") < names.index("keyring answered")
    assert repainted["moved_to"] == repainted["wanted"]
    assert (repainted["reason"], repainted["list"]) == ("Starting…", "Loading…")
    # Then it is usable: the session opened once the other program let go, the history is listed,
    # Generate can be pressed.
    assert names.index("attached") > names.index("keyring answered")
    assert lines.wait("attached")["t"] >= released_at
    assert usable["rows"] == 1 and not usable["list"]  # the row shown, not "Your videos appear here."


@pytest.mark.parametrize(
    ("keyring_seconds", "close_when"),
    [(86400, "keyring"), (0, "history-open")],
    ids=["a keyring that never answers", "a history held"],
)
def test_closed_while_it_starts_the_window_exits_at_once(
    app_home: Path, holder: subprocess.Popen[str], keyring_seconds: float, close_when: str
) -> None:
    window = start_window(app_home, keyring_seconds, VEO_TEST_CLOSE_WHEN=close_when)
    lines = ChildLines(window)
    try:
        closing = lines.wait("closing", within=30)
        exited = lines.wait("exited")
    finally:
        code = finish(window, lines)  # the holder still holds the history, the keyring never answered
    assert close_when in closing["working"]
    assert code == 0 and exited["code"] == 0, "".join(lines.output[-40:])
    assert close_when in exited["working"]  # it exited without waiting for that thread
    assert "attached" not in lines.names()
    if keyring_seconds:
        assert "keyring answered" not in lines.names()
