"""Download throughput: the app's client against curl, same emulator, same file, same run.

    .venv/bin/python benchmarks/download_throughput.py            # 400 MB, 3 rounds each
    .venv/bin/python benchmarks/download_throughput.py --quick    # 20 MB, 1 round (CI: runs, no verdict)

Prints medians and the ratio (app time / curl time), and the app's peak RSS growth while downloading.
Each app round runs in a fresh child process so its memory is its own.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorConfig, EmulatorThread

CHILD = r"""
import asyncio, json, resource, sys, time
from pathlib import Path
from veo_desktop.api.client import VeoClient, make_http_client

base_url, key, task_id, dest = sys.argv[1:5]

async def main():
    async with make_http_client() as http:
        client = VeoClient(http, base_url=base_url, api_key=key)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        result = await client.download(task_id, Path(dest))
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": elapsed, "bytes": result.size, "rss_growth_kb": after - before}))

asyncio.run(main())
"""


def curl_once(url: str, key: str, dest: Path) -> float:
    curl = shutil.which("curl") or "curl"
    started = time.perf_counter()
    subprocess.run(
        [curl, "-sS", "--fail", "-H", f"Authorization: Bearer {key}", "-o", str(dest), url], check=True
    )
    return time.perf_counter() - started


def app_once(base_url: str, key: str, task_id: str, dest: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, base_url, key, task_id, str(dest)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--megabytes", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    size_mb, rounds = (20, 1) if args.quick else (args.megabytes, args.rounds)
    if shutil.which("curl") is None:
        print("curl is not installed; the baseline needs it")
        return 2
    config = EmulatorConfig(
        queue_seconds=0,
        render_seconds=0,
        content_not_ready_seconds=0,
        content_size=size_mb * 1_000_000,
        fps=8,
        short_side=96,
    )
    with EmulatorThread(config, FaultPlan()) as emulator, tempfile.TemporaryDirectory() as scratch:
        headers = {"Authorization": f"Bearer {emulator.api_key}"}
        task_id = httpx.post(
            f"{emulator.base_url}/videos",
            headers=headers,
            json={"model": "veo-3.1-fast-generate-preview", "prompt": "bench", "seconds": "4"},
        ).json()["task_id"]
        while (
            httpx.get(f"{emulator.base_url}/videos/{task_id}", headers=headers).json()["status"]
            != "completed"
        ):
            time.sleep(0.1)
        url = f"{emulator.base_url}/videos/{task_id}/content"
        curl_times, app_times, rss = [], [], []
        for round_ in range(rounds):
            dest = Path(scratch) / f"curl-{round_}.mp4"
            curl_times.append(curl_once(url, emulator.api_key, dest))
            dest.unlink()
            result = app_once(
                emulator.base_url, emulator.api_key, task_id, Path(scratch) / f"app-{round_}.mp4"
            )
            assert result["bytes"] == size_mb * 1_000_000
            (Path(scratch) / f"app-{round_}.mp4").unlink()
            app_times.append(result["seconds"])
            rss.append(result["rss_growth_kb"] / 1024)
    curl_median, app_median = statistics.median(curl_times), statistics.median(app_times)
    print(f"download of {size_mb} MB over loopback, {rounds} round(s), medians:")
    print(f"  curl          {curl_median:.3f} s  ({size_mb / curl_median:.0f} MB/s)")
    print(f"  veo-desktop   {app_median:.3f} s  ({size_mb / app_median:.0f} MB/s)")
    print(f"  ratio app/curl {app_median / curl_median:.2f}x (target at most 1.2x)")
    print(f"  app peak RSS growth {statistics.median(rss):.1f} MB (target under 64 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
