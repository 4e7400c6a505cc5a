"""A long history: start-up with 5,000 tasks against an empty history, and the task list scrolled.

    .venv/bin/python benchmarks/history_scale.py            # 7 start-ups of each, medians; 300 scroll steps
    .venv/bin/python benchmarks/history_scale.py --quick    # 2 of each, 60 steps (CI: runs, no verdict)

Both histories are opened by the app as it ships (key set, nothing left to follow, so no request is
made), from process start to the window shown and idle. Scrolling: the list moves three rows at a
time through the whole history (pages of 200 load as it goes), each step repainted at once; the time
per step is what a frame costs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from child import time_to_ready

CHILD = r"""
import asyncio, json, sys, time
import qasync
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from veo_desktop.gui.shell.app import App
steps = int(sys.argv[1])

async def main():  # as the app runs: the window on qasync's loop
    veo = App()
    veo.window.show()
    veo.connect(demo=False)
    done = asyncio.get_running_loop().create_future()
    def scroll():
        view = veo.window.task_list
        bar = view.verticalScrollBar()
        times = []
        for _ in range(steps):
            started = time.perf_counter()
            bar.setValue(bar.value() + 3 * bar.singleStep())  # three wheel notches
            app.processEvents()  # fetchMore, layout
            view.viewport().repaint()
            times.append(time.perf_counter() - started)
        print(json.dumps({"rows": veo.model.rowCount(), "times": times}), flush=True)
        done.set_result(None)
    def ready():
        print("ready", flush=True)
        if steps:
            QTimer.singleShot(200, scroll)
        else:
            done.set_result(None)
    QTimer.singleShot(0, ready)
    await done
    await veo.controller.shutdown()

with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
    runner.run(main())
"""


def make_history(home: Path, count: int) -> None:
    """``count`` finished tasks over a year, with 20 reference images shared among them."""
    from veo_desktop.api.rules import VideoRequest
    from veo_desktop.core.clips.images import prepare_image_bytes
    from veo_desktop.core.history.store import HistoryStore, TaskRecord

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.conftest import image_bytes

    references = home / "data" / "references"
    references.mkdir(parents=True, exist_ok=True)
    copies = []
    for n in range(20):
        prepared = prepare_image_bytes(image_bytes("JPEG", (1600 + n, 1200)), f"photo-{n}.jpg")
        path = references / f"{prepared.sha256}.jpg"
        path.write_bytes(prepared.reference.data)
        copies.append(str(path))
    chooser = random.Random(5000)
    store = HistoryStore(home / "history.sqlite3")
    now = time.time()
    for n in range(count):
        request = VideoRequest(
            f"task {n}: the camera drifts over scene {chooser.randint(1, 999)}", seconds="8"
        )
        state = "completed" if chooser.random() < 0.9 else "failed"
        store.add(
            TaskRecord.for_request(
                request,
                state=state,
                task_id=f"task_{n:016x}",
                created_at=now - (count - n) * 6000,
                image_copy=copies[n % len(copies)],
                output_path=str(home / "videos" / f"video-{n}.mp4") if state == "completed" else "",
                cost_cents=30 if state == "completed" else None,
            )
        )
    store.close()


def once(env: dict[str, str], steps: int = 0) -> tuple[float, dict[str, object] | None]:
    elapsed, rest = time_to_ready(CHILD, [str(steps)], env)
    return elapsed, json.loads(rest[0]) if steps else None


def environment(home: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "VEO_DESKTOP_HOME": str(home),
        "APIYI_API_KEY": "sk-benchmark-key-not-used-0000",
        "APIYI_BASE_URL": "http://127.0.0.1:9/v1",  # never asked: nothing is left to follow
    }
    return env


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--tasks", type=int, default=5000)
    args = parser.parse_args()
    runs, steps = (2, 60) if args.quick else (7, 300)
    with tempfile.TemporaryDirectory(prefix="veo-history-") as scratch:
        empty, full = Path(scratch) / "empty", Path(scratch) / "full"
        empty.mkdir()
        make_history(full, args.tasks)
        envs = {"empty": environment(empty), "full": environment(full)}
        once(envs["full"])  # warm the file cache
        times: dict[str, list[float]] = {"empty": [], "full": []}
        for _ in range(runs):
            for name, env in envs.items():  # interleaved, so machine noise spreads over both
                times[name].append(once(env)[0])
        _, scrolled = once(envs["full"], steps)
    base = statistics.median(times["empty"])
    print(f"start-up to the window shown and idle, median of {runs} (offscreen):")
    print(f"  empty history (baseline)      {base * 1000:7.0f} ms")
    full_median = statistics.median(times["full"])
    print(
        f"  {args.tasks} tasks in the history   {full_median * 1000:7.0f} ms  ratio {full_median / base:.2f}x"
    )
    assert scrolled is not None
    frames = [t * 1000 for t in scrolled["times"]]  # type: ignore[union-attr]
    p99 = statistics.quantiles(frames, n=100, method="inclusive")[98]
    print(
        f"scrolling {steps} steps of 3 rows ({scrolled['rows']} rows loaded by the end): "
        f"median {statistics.median(frames):.1f} ms, p99 {p99:.1f} ms, longest {max(frames):.1f} ms per frame"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
