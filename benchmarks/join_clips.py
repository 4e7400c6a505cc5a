"""Joining clips into a film: three 8-second 720p clips, matching (stream copy) and not (encoded again).

    .venv/bin/python benchmarks/join_clips.py            # medians of 5
    .venv/bin/python benchmarks/join_clips.py --quick    # 1 run, 2-second clips (CI: runs, no verdict)

The clips are made by the emulator's renderer (H.264 + AAC, as the service sends). Baselines, measured in
the same run: copying the three files' bytes into one file (what any join must at least do), and decoding
every frame of the three clips once (what any re-encode must at least do). Target for matching clips: well
under a second, within a few times the byte copy.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import av
from PIL import Image

from veo_desktop.core.clips.film import join
from veo_desktop.emulator.render import render_clip


def clips(folder: Path, seconds: int, shapes: list[str]) -> list[Path]:
    made = []
    for number, shape in enumerate(shapes):
        picture = io.BytesIO()
        Image.new("RGB", (1280, 720), (40 * number, 90, 160)).save(picture, "PNG")
        path = folder / f"clip{number}.mp4"
        path.write_bytes(
            render_clip(
                seconds=seconds, aspect_ratio=shape, image=picture.getvalue(), prompt="", short_side=720
            )
        )
        made.append(path)
    return made


def timed(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def byte_copy(paths: list[Path], dest: Path) -> None:
    with dest.open("wb") as out:
        for path in paths:
            with path.open("rb") as source:
                shutil.copyfileobj(source, out)


def decode_all(paths: list[Path]) -> None:
    for path in paths:
        with av.open(str(path)) as container:
            for _ in container.decode(video=0):
                pass


def fresh(folder: Path, name: str) -> Path:
    for old in folder.glob(name.replace(".mp4", "*")):
        old.unlink()
    return folder / name


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs, seconds = (1, 2) if args.quick else (5, 8)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        matching = clips(folder, seconds, ["16:9"] * 3)
        (folder / "tall").mkdir()
        mixed = [matching[0], *clips(folder / "tall", seconds, ["9:16"]), matching[2]]
        copy = timed(lambda: byte_copy(matching, folder / "bytes.bin"), runs)
        decode = timed(lambda: decode_all(mixed), runs)
        copied = timed(lambda: join(matching, fresh(folder, "film.mp4")), runs)
        encoded = timed(lambda: join(mixed, fresh(folder, "mixed-film.mp4")), max(1, runs // 2))
    print(f"three {seconds}-second 720p clips, medians of {runs}")
    print(f"  baseline: byte copy of the files   {copy * 1000:8.1f} ms")
    print(
        f"  join, matching (stream copy)       {copied * 1000:8.1f} ms   {copied / copy:6.1f}x the byte copy"
    )
    print(f"  baseline: decoding every frame     {decode * 1000:8.1f} ms")
    print(
        f"  join, one portrait (encoded again) {encoded * 1000:8.1f} ms   {encoded / decode:6.1f}x decoding"
    )


if __name__ == "__main__":
    main()
