"""Upload of a 48-megapixel photo: bytes sent and time, raw against scaled for each resolution.

    .venv/bin/python benchmarks/upload_size.py            # medians of 5
    .venv/bin/python benchmarks/upload_size.py --quick    # 1 run (CI: runs, no verdict)

The photo is an 8000x6000 JPEG with camera-like noise (so it compresses like a real one). "raw" submits
the file as it is; the others go through ``fit_to_frame`` first, as the task manager does, which keeps
just enough pixels to cover the chosen frame. Times are submit-to-answer against the emulator on loopback
plus the scaling itself; loopback moves 25 MB in tens of milliseconds, so the last column works out what
the same bytes take on a 20 Mbit/s uplink (computed from the bytes and the measured scaling time).

Then memory: the peak resident size of checking and scaling an 80-megapixel PNG (the largest image the
app accepts; PNG cannot be decoded at a reduced size the way JPEG can), each in a fresh process, against
the baseline of a process that only decodes it once. Target: at most 1.5x the baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from veo_desktop.api.client import VeoClient, make_http_client
from veo_desktop.api.rules import SIZES, VideoRequest
from veo_desktop.core.clips.images import PreparedImage, fit_to_frame, prepare_image_bytes
from veo_desktop.emulator.server import EmulatorConfig, EmulatorThread

UPLINK_MBIT = 20  # a typical home upload speed, for the derived column


def uplink(size: int, scaling: float) -> float:
    """Seconds to send ``size`` bytes at UPLINK_MBIT, plus the scaling: arithmetic, not measured."""
    return scaling + size * 8 / (UPLINK_MBIT * 1e6)


def photo() -> bytes:
    noise = Image.effect_noise((8000, 6000), 40).convert("RGB")
    tint = Image.new("RGB", noise.size, (90, 140, 200))
    out = io.BytesIO()
    Image.blend(noise, tint, 0.5).save(out, format="JPEG", quality=92)
    return out.getvalue()


async def submit(client: VeoClient, image: PreparedImage, resolution: str) -> float:
    started = time.perf_counter()
    await client.submit(VideoRequest("upload", resolution=resolution), image.reference)
    return time.perf_counter() - started


async def measure(runs: int) -> None:
    data = photo()
    prepared = prepare_image_bytes(data, "48mp.jpg")
    config = EmulatorConfig(queue_seconds=3600)  # nothing is rendered: only the upload is measured
    with EmulatorThread(config) as emulator:
        async with make_http_client() as http:
            client = VeoClient(http, base_url=emulator.base_url, api_key=emulator.api_key)
            print(f"48-megapixel photo (8000x6000 JPEG, {len(data) / 1e6:.1f} MB), median of {runs}:")
            raw = [await submit(client, prepared, "720p") for _ in range(runs)]
            base = statistics.median(raw)
            print(
                f"  raw file (baseline)   {len(data) / 1e6:6.2f} MB sent   {base * 1000:6.0f} ms"
                f"{'':30}at {UPLINK_MBIT} Mbit/s: {uplink(len(data), 0):5.1f} s"
            )
            for resolution in ("720p", "1080p", "4k"):
                size = SIZES[(resolution, "16:9")]
                times, scalings, sent = [], [], 0
                for _ in range(runs):
                    started = time.perf_counter()
                    fitted = fit_to_frame(prepared, size)
                    scaling = time.perf_counter() - started
                    scalings.append(scaling)
                    times.append(scaling + await submit(client, fitted, resolution))
                    sent = len(fitted.reference.data)
                median = statistics.median(times)
                print(
                    f"  {resolution:<5} {fitted.width}x{fitted.height:<5}    {sent / 1e6:6.2f} MB sent   "
                    f"{median * 1000:6.0f} ms (scaling included)   {sent / len(data):5.1%} of the bytes, "
                    f"{median / base:.2f}x the time; at {UPLINK_MBIT} Mbit/s: "
                    f"{uplink(sent, statistics.median(scalings)):5.1f} s"
                )


MEMORY_CHILD = """
import sys
from pathlib import Path
# A forked child starts with its parent's peak size on its books: start the count afresh (Linux).
Path("/proc/self/clear_refs").write_text("5")
from PIL import Image
Image.MAX_IMAGE_PIXELS = None
path = Path(sys.argv[1])
if sys.argv[2] == "decode":
    with Image.open(path) as image:
        image.load()
else:
    from veo_desktop.core.clips.images import fit_to_frame, prepare_image_bytes
    fit_to_frame(prepare_image_bytes(path.read_bytes(), path.name), "1280x720")
status = Path("/proc/self/status").read_text()
print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
"""


def peak_mib(path: Path, what: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_CHILD, str(path), what],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return int(done.stdout.strip()) / 1024  # VmHWM is in KiB


def memory(runs: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "80mp.png"
        gradient = Image.linear_gradient("L").resize((10_000, 8_000))
        Image.merge("RGB", (gradient, gradient.transpose(Image.Transpose.ROTATE_180), gradient)).save(
            path, compress_level=1
        )
        del gradient
        base = statistics.median(peak_mib(path, "decode") for _ in range(runs))
        app = statistics.median(peak_mib(path, "app") for _ in range(runs))
        print(
            f"80-megapixel PNG (10000x8000 RGB), peak memory, median of {runs}: decoding it once (baseline) "
            f"{base:.0f} MiB; checked and scaled for 720p as the app does {app:.0f} MiB = {app / base:.2f}x"
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    asyncio.run(measure(1 if args.quick else 5))
    memory(1 if args.quick else 3)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
