"""The first video played: how long the window's thread stalls while Qt Multimedia loads.

    .venv/bin/python benchmarks/first_preview.py            # 5 processes of each, medians (offscreen)
    .venv/bin/python benchmarks/first_preview.py --xvfb     # the same on a private X server (Xvfb)
    .venv/bin/python benchmarks/first_preview.py --quick    # 1 of each (CI: runs, no verdict)

Qt Multimedia loads once per process, so each run is a fresh process: the window (as the app builds
it, no key, nothing followed) on qasync, a heartbeat coroutine that asks to wake every 5 ms and records
how late it woke, 2.5 s of the window idle after start-up, then a video played (a 2-second 640x360
H.264 clip from the emulator's renderer) and 1.5 s more. Two ways, interleaved in the same run:
"on first play" (the player made when the first video plays, as before) and "preloaded" (the app as it
ships: the player loads in steps while the window is idle, :meth:`PreviewPanel.preload`). Reported:
the longest stall while idle, the longest stall around the first play (target: none over 50 ms), and
the time from the play to its first decoded frame.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from child import ChildHung, xvfb

CHILD = r"""
import asyncio, json, sys, time
from pathlib import Path
import qasync
from PySide6.QtWidgets import QApplication
app = QApplication([])
from veo_desktop.gui.shell.app import App
mode, clip = sys.argv[1], Path(sys.argv[2])
BEAT = 0.005

async def main():
    veo = App()
    veo.window.show()
    veo.connect(demo=False)
    if mode == "preloaded":
        veo.started()  # what the app does once its window is up: the player loads while it is idle
    loop = asyncio.get_running_loop()
    beats = []  # (phase, how late the heartbeat woke, ms)
    phase = ["idle"]
    first_frame = []
    stop = asyncio.Event()

    async def heartbeat():
        while not stop.is_set():
            asked = loop.time()
            await asyncio.sleep(BEAT)
            beats.append((phase[0], max(0.0, loop.time() - asked - BEAT) * 1000))

    beat = asyncio.ensure_future(heartbeat())
    await asyncio.sleep(2.5)
    phase[0] = "play"
    preview = veo.window.preview
    played = time.perf_counter()
    preview.play_file(clip)

    def frame(video_frame):
        if video_frame.isValid() and not first_frame:
            first_frame.append((time.perf_counter() - played) * 1000)

    preview.video.videoSink().videoFrameChanged.connect(frame)
    await asyncio.sleep(1.5)
    stop.set()
    await beat
    print(json.dumps({
        "idle": max(late for p, late in beats if p == "idle"),
        "play": max(late for p, late in beats if p == "play"),
        "first_frame": first_frame[0] if first_frame else None,
    }), flush=True)
    await veo.controller.shutdown()

with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
    runner.run(main())
"""
MODES = {"lazy": "player made on the first play (before)", "preloaded": "preloaded while idle (as shipped)"}


def once(mode: str, clip: Path, env: dict[str, str]) -> dict[str, float]:
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, mode, str(clip)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ChildHung(f"{mode}: no answer within 120 s") from None
    lines = done.stdout.splitlines()
    if done.returncode != 0 or not lines:
        raise ChildHung(f"{mode}: exit {done.returncode}: {done.stderr[-2000:]}")
    result: dict[str, float] = json.loads(lines[0])
    return result


def make_clip(folder: Path) -> Path:
    from veo_desktop.emulator.render import render_clip

    clip = folder / "clip.mp4"
    clip.write_bytes(render_clip(seconds=2, aspect_ratio="16:9", image=None, prompt="first preview"))
    return clip


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--xvfb", action="store_true", help="on a private X server instead of offscreen")
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    home = Path(tempfile.mkdtemp(prefix="veo-first-preview-"))
    clip = make_clip(home)
    env = {**os.environ, "VEO_DESKTOP_HOME": str(home)}
    env.pop("APIYI_API_KEY", None)
    screen: contextlib.AbstractContextManager[dict[str, str]] = (
        xvfb() if args.xvfb else contextlib.nullcontext({})
    )
    with screen as display:
        env.update(display)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        results: dict[str, list[dict[str, float]]] = {mode: [] for mode in MODES}
        for _ in range(runs):
            for mode in MODES:  # interleaved, so machine noise spreads over both
                results[mode].append(once(mode, clip, env))
    platform = "Xvfb" if args.xvfb else env["QT_QPA_PLATFORM"]
    print(f"the first video played: longest stalls of the window's thread, medians of {runs} ({platform}):")
    for mode, label in MODES.items():
        rows = results[mode]
        idle = statistics.median(r["idle"] for r in rows)
        play = statistics.median(r["play"] for r in rows)
        frames = [r["first_frame"] for r in rows if r["first_frame"] is not None]
        first = f"{statistics.median(frames):6.0f} ms" if frames else "  none"
        print(
            f"  {label:<40} idle after start {idle:6.1f} ms   first play {play:6.1f} ms   "
            f"play to first frame {first}   (first play, each run: "
            + ", ".join(f"{r['play']:.0f}" for r in rows)
            + ")"
        )
    print("  target: no stall over 50 ms when the first video plays")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
