"""Start-up: process start to the main window painted on screen, as a child process sees it.

    .venv/bin/python benchmarks/startup.py            # 7 start-ups of each, medians (offscreen)
    .venv/bin/python benchmarks/startup.py --xvfb     # the same on a private X server (Xvfb)
    .venv/bin/python benchmarks/startup.py --quick    # 2 of each (CI: runs, no verdict)

"Painted" is the first paint of the top-level window followed by a zero timer: Qt paints a window and
flushes its backing store to the window system in one call from the event loop, so the timer fires once
the pixels have been handed over. Three ways, interleaved in the same run:

- a bare PySide6 window (QMainWindow, the app's size), painted: the baseline;
- Veo Desktop as it ships (``veo-desktop`` through ``veo_desktop.main``): the window painted first,
  then the HTTP stack, the keyring, the history and the controllers; its "usable" time is when the
  session is open and the task list shows the history (a key is set, nothing is followed, so no
  request is made);
- Veo Desktop built whole before it is shown (everything imported and opened first), as it started
  before: what painting first saves.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import tempfile

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
    def loaded(self, loading):
        show_loading(self, loading)
        if not loading:
            print("usable", flush=True)
            QTimer.singleShot(0, self.close)
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


def once(mode: str, env: dict[str, str]) -> dict[str, float]:
    order = ("usable", "painted") if mode == "whole" else ("painted", "usable")
    return time_lines(CHILD, [mode], env, order)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--xvfb", action="store_true", help="on a private X server instead of offscreen")
    args = parser.parse_args()
    runs = 2 if args.quick else args.runs
    env = {
        **os.environ,
        "VEO_DESKTOP_HOME": tempfile.mkdtemp(prefix="veo-startup-"),
        # A key, so the session opens (history, HTTP client) as a user's does; nothing is followed, so
        # nothing is sent to this address.
        "APIYI_API_KEY": "sk-startup-benchmark-key-0123456789",
        "APIYI_BASE_URL": "http://127.0.0.1:9/v1",
        # Compiled modules cached, as in an installed copy or the bundle (a shell with
        # PYTHONDONTWRITEBYTECODE set would compile the app's own modules again at every start).
        "PYTHONPYCACHEPREFIX": tempfile.mkdtemp(prefix="veo-startup-pycache-"),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
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
            line += f"   usable (history shown) {usable * 1000:5.0f} ms  {usable / bare:4.2f}x"
        print(line)
    print("  target: painted at most 2x the bare window")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
