"""Start-up: process start to the main window painted on screen, as a child process sees it.

    .venv/bin/python benchmarks/startup.py            # 7 start-ups of each, medians (offscreen)
    .venv/bin/python benchmarks/startup.py --xvfb     # the same on a private X server (Xvfb)
    .venv/bin/python benchmarks/startup.py --quick    # 2 of each (CI: runs, no verdict)
    .venv/bin/python benchmarks/startup.py --real-keyring   # the key in the system's keyring (see below)

"Painted" is the first paint of the top-level window followed by a zero timer: Qt paints a window and
flushes its backing store to the window system in one call from the event loop, so the timer fires once
the pixels have been handed over. Three ways, interleaved in the same run:

- a bare PySide6 window (QMainWindow, the app's size), painted: the baseline;
- Veo Desktop as it ships (``veo-desktop`` through ``veo_desktop.main``): the window painted first,
  then the HTTP stack and the controllers, the keyring read and the history opened off the window's
  thread; its "usable" time is when the session is open, the task list shows the history (one task,
  not followed, so no request is made) and Generate can be pressed (a prompt is remembered in the form;
  the key is in a keyring, so it is read as a user's is);
- Veo Desktop built whole before it is shown (everything imported and opened first), as it started
  before: what painting first saves.

The key is in a keyring that answers at once from memory, unless ``--real-keyring``: then it is stored in
the system's keyring for the run (and removed after), and read from there as a user's is, through the
Secret Service and D-Bus. A throw-away one, as the tests use (no desktop needed):

    dbus-run-session -- bash -c 'echo -n x | gnome-keyring-daemon --unlock --components=secrets >/dev/null;
        .venv/bin/python benchmarks/startup.py --real-keyring'
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from child import time_lines, xvfb

PAINTED = r"""
from PySide6.QtCore import QEvent, QObject, QTimer

class Painted(QObject):  # the same test as veo_desktop.gui.shell.launch.wait_painted
    def __init__(self, widget, done):
        super().__init__(widget)
        self.widget, self.done = widget, done
        widget.installEventFilter(self)
    def eventFilter(self, watched, event):
        if watched is self.widget and event.type() == QEvent.Type.Paint:
            self.widget.removeEventFilter(self)
            QTimer.singleShot(0, self.done)
        return False
"""

CHILD = (
    PAINTED
    + r"""
import sys
mode = sys.argv[1]
if mode == "bare":
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication([])
    window = QMainWindow()
    window.resize(1100, 720)
    def painted():
        print("painted", flush=True)
        print("usable", flush=True)
        app.quit()
    Painted(window, painted)
    window.show()
    app.exec()
elif mode == "shipped":
    import veo_desktop.gui.shell.launch as launch
    from veo_desktop.gui.shell.main_window import MainWindow
    wait_painted = launch.wait_painted
    def painted_first(widget, *args):
        result = wait_painted(widget, *args)
        print("painted", flush=True)
        return result
    launch.wait_painted = painted_first
    show_loading = MainWindow.show_loading
    def loaded(self, loading):  # the history listed; then Generate held until the presses are handled
        show_loading(self, loading)
        if not loading:
            poll = QTimer(self)
            def usable():
                if self.form.generate.isEnabled() and self.task_list.model().rowCount():
                    poll.stop()
                    print("usable", flush=True)
                    self.close()
            poll.timeout.connect(usable)
            poll.start(1)
    MainWindow.show_loading = loaded
    from veo_desktop.main import main
    sys.exit(main([]))
else:  # "whole": everything imported, built and opened, then shown
    import asyncio
    import qasync
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from veo_desktop.gui.shell.app import App
    async def main():
        veo = App()
        veo.connect(demo=False)
        print("usable", flush=True)
        done = asyncio.get_running_loop().create_future()
        Painted(veo.window, lambda: done.set_result(None))
        veo.window.show()
        await done
        print("painted", flush=True)
        await veo.controller.shutdown()
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        runner.run(main())
"""
)

MODES = {
    "bare": "bare PySide6 window (baseline)",
    "shipped": "Veo Desktop, painted first (as shipped)",
    "whole": "Veo Desktop, built whole, then shown (before)",
}


# The home every start-up opens: a prompt remembered in the form, one finished task in the history.
PREPARE = r"""
from PySide6.QtCore import QSettings
from veo_desktop import paths
from veo_desktop.core.history.store import HistoryStore
from veo_desktop.core.task_record import TaskRecord
paths.config_dir().mkdir(parents=True, exist_ok=True)
state = QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)
state.setValue("draft/prompt", "a lighthouse at dusk")
state.sync()
store = HistoryStore(paths.history_db())
store.add(TaskRecord(id=0, state="failed", prompt="yesterday", model="veo-3.1-fast-generate-preview",
                     seconds="8", resolution="720p", aspect_ratio="16:9", task_id="task_old"))
store.close()
"""

BENCHMARK_KEY = "sk-startup-benchmark-key-0123456789"

# The key in a keyring that answers at once from memory: the keyring is asked as a user's is (the
# benchmark times the app, not a Secret Service).
KEYRING = r"""
from keyring.backend import KeyringBackend

class Keyring(KeyringBackend):
    priority = 1
    def get_password(self, service, username):
        return "sk-startup-benchmark-key-0123456789"
    def set_password(self, service, username, password):
        raise NotImplementedError
    def delete_password(self, service, username):
        raise NotImplementedError
"""


def once(mode: str, env: dict[str, str]) -> dict[str, float]:
    order = ("usable", "painted") if mode == "whole" else ("painted", "usable")
    return time_lines(CHILD, [mode], env, order)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--xvfb", action="store_true", help="on a private X server instead of offscreen")
    parser.add_argument("--real-keyring", action="store_true", help="the key in the system's keyring")
    args = parser.parse_args()
    runs = 2 if args.quick else args.runs
    modules = Path(tempfile.mkdtemp(prefix="veo-startup-keyring-"))
    (modules / "startup_keyring.py").write_text(KEYRING)
    root = Path(__file__).resolve().parents[1]
    env = {
        **{name: value for name, value in os.environ.items() if name != "APIYI_API_KEY"},
        "VEO_DESKTOP_HOME": tempfile.mkdtemp(prefix="veo-startup-"),
        # A key in the keyring, so the session opens (keyring, history, HTTP client) as a user's does;
        # nothing is followed, so nothing is sent to this address.
        "PYTHON_KEYRING_BACKEND": "startup_keyring.Keyring",
        "PYTHONPATH": os.pathsep.join([str(modules), str(root)]),
        "APIYI_BASE_URL": "http://127.0.0.1:9/v1",
        # Compiled modules cached, as in an installed copy or the bundle (a shell with
        # PYTHONDONTWRITEBYTECODE set would compile the app's own modules again at every start).
        "PYTHONPYCACHEPREFIX": tempfile.mkdtemp(prefix="veo-startup-pycache-"),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if args.real_keyring:
        env.pop("PYTHON_KEYRING_BACKEND")
    subprocess.run([sys.executable, "-c", PREPARE], env=env, check=True, timeout=120)
    with real_keyring(env) if args.real_keyring else contextlib.nullcontext():
        return measure(args, env, runs)


@contextlib.contextmanager
def real_keyring(env: dict[str, str]) -> Iterator[None]:
    """The benchmark's key in the system's keyring for the run, then removed. A keyring that holds a key
    already (a user's own) is left alone: the run stops before anything is written."""
    keyring = "import keyring, sys; from veo_desktop.core.keystore import KeyStore; keys = KeyStore()\n"
    stored = keyring + "sys.exit(3 if keys.get().key else 0)"
    if subprocess.run([sys.executable, "-c", stored], env=env, timeout=60).returncode == 3:
        raise SystemExit("the keyring holds a key already: run this in a throw-away keyring (see above)")
    store = keyring + "keys.set(sys.argv[1]); print(keyring.get_keyring(), flush=True)"
    subprocess.run([sys.executable, "-c", store, BENCHMARK_KEY], env=env, check=True, timeout=60)
    try:
        yield
    finally:
        remove = keyring + "keys.delete()"
        subprocess.run([sys.executable, "-c", remove], env=env, check=True, timeout=60)


def measure(args: argparse.Namespace, env: dict[str, str], runs: int) -> int:
    screen: contextlib.AbstractContextManager[dict[str, str]] = (
        xvfb() if args.xvfb else contextlib.nullcontext({})
    )
    with screen as display:
        env.update(display)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        for mode in MODES:  # warm the file cache (and compile each module once) for every mode
            once(mode, env)
        times: dict[str, list[dict[str, float]]] = {mode: [] for mode in MODES}
        for _ in range(runs):
            for mode in MODES:  # interleaved, so machine noise spreads over all three
                times[mode].append(once(mode, env))
    platform = "Xvfb" if args.xvfb else env["QT_QPA_PLATFORM"]
    bare = statistics.median(t["painted"] for t in times["bare"])
    print(f"start-up to the window painted, medians of {runs} processes ({platform}):")
    for mode, label in MODES.items():
        painted = statistics.median(t["painted"] for t in times[mode])
        usable = statistics.median(t["usable"] for t in times[mode])
        line = f"  {label:<46} painted {painted * 1000:5.0f} ms  {painted / bare:4.2f}x"
        if mode != "bare":
            what = "history listed, Generate on" if mode == "shipped" else "session open"
            line += f"   usable ({what}) {usable * 1000:5.0f} ms  {usable / bare:4.2f}x"
        print(line)
    print("  targets: painted at most 1.5x the bare window, usable at most 2.5x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
