"""Start-up: process start to the main window shown and idle, as a child process sees it.

    .venv/bin/python benchmarks/startup.py            # 7 runs of each, medians
    .venv/bin/python benchmarks/startup.py --quick    # 2 runs of each (CI: runs, no verdict)

Three ways, measured in the same run: a bare PySide6 window (the baseline), the app as it ships (Qt
Multimedia loads on the first preview), and the app with the player made at start-up (what the lazy
player saves).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile

from child import time_to_ready

CHILD = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
mode = sys.argv[1]
app = QApplication([])
if mode == "bare":
    window = QMainWindow()
    window.resize(1100, 720)
    window.show()
else:
    from veo_desktop.gui.app import App
    veo = App()
    if mode == "eager":
        veo.window.preview.ensure_player()
    veo.window.show()
    veo.connect(demo=False)
def ready():
    print("ready", flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""


def once(mode: str, env: dict[str, str]) -> float:
    return time_to_ready(CHILD, [mode], env)[0]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    runs = 2 if args.quick else args.runs
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "VEO_DESKTOP_HOME": tempfile.mkdtemp(prefix="veo-startup-"),
    }
    env.pop("APIYI_API_KEY", None)
    modes = ("bare", "app", "eager")
    once("app", env)  # warm the file cache once, so no mode pays for the first read from disk
    times: dict[str, list[float]] = {mode: [] for mode in modes}
    for _ in range(runs):
        for mode in modes:  # interleaved, so machine noise spreads over all three
            times[mode].append(once(mode, env))
    bare = statistics.median(times["bare"])
    print(f"start-up to the window shown and idle, median of {runs} (offscreen):")
    labels = {
        "bare": "bare PySide6 window (baseline)",
        "app": "Veo Desktop, player made lazily",
        "eager": "Veo Desktop, player made at start",
    }
    for mode, label in labels.items():
        median = statistics.median(times[mode])
        print(f"  {label:<36} {median * 1000:7.0f} ms  ratio to baseline {median / bare:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
