"""Download throughput: the app's client against curl, same emulator, same file, same run.

    .venv/bin/python benchmarks/download_throughput.py            # 400 MB, 3 rounds each
    .venv/bin/python benchmarks/download_throughput.py --quick    # 20 MB, 1 round (CI: runs, no verdict)

Prints medians and the ratio (app time / curl time), and the app's peak RSS growth while downloading.
Each app round runs in a fresh child process so its memory is its own.

Then whole processes, start to exit, interleaved in the same run: ``veo-desktop download TASK -o FILE``
(a key in the environment, an existing history) against the ten-line recipe a script would use. The
recipe is the seed's ``requests`` one when ``requests`` is installed; it is not a dependency of the
app, so otherwise the same ten lines with ``httpx`` (the app's HTTP library) and with the standard
library's ``urllib`` stand in for it, and the report says which ran.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
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


# The recipes: stream the body to a file, in chunks, and nothing else (argv: url, key, destination).
RECIPES = {
    "requests": r"""
import sys, requests
url, key, dest = sys.argv[1:4]
with requests.get(url, headers={"Authorization": f"Bearer {key}"}, stream=True, timeout=60) as r:
    r.raise_for_status()
    with open(dest, "wb") as out:
        for chunk in r.iter_content(chunk_size=1 << 20):
            out.write(chunk)
""",
    "httpx": r"""
import sys, httpx
url, key, dest = sys.argv[1:4]
with httpx.stream("GET", url, headers={"Authorization": f"Bearer {key}"}, timeout=60) as r:
    r.raise_for_status()
    with open(dest, "wb") as out:
        for chunk in r.iter_bytes():
            out.write(chunk)
""",
    "urllib": r"""
import shutil, sys, urllib.request
url, key, dest = sys.argv[1:4]
request = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"})
with urllib.request.urlopen(request, timeout=60) as r, open(dest, "wb") as out:
    shutil.copyfileobj(r, out, 1 << 20)
""",
}


SMALL_READS = r"""
import sys
import veo_desktop.api.transport
veo_desktop.api.transport.READ_BYTES = 64 * 1024
from veo_desktop.main import main
sys.exit(main(["download", sys.argv[1], "-o", sys.argv[2]]))
"""


def recipes() -> dict[str, str]:
    """The seed's requests recipe if requests is installed, else the httpx and urllib stand-ins."""
    if importlib.util.find_spec("requests") is None:
        return {name: code for name, code in RECIPES.items() if name != "requests"}
    return {"requests": RECIPES["requests"]}


def timed_process(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def whole_processes(
    base_url: str, key: str, task_id: str, scratch: Path, size: int, rounds: int
) -> dict[str, list[float]]:
    """Start to exit: ``veo-desktop download`` and the recipes, interleaved, each file checked."""
    url = f"{base_url}/videos/{task_id}/content"
    home = scratch / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIYI_")}
    env.update(VEO_DESKTOP_HOME=str(home), APIYI_API_KEY=key, APIYI_BASE_URL=base_url)
    env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled modules cached, as in an installed copy
    # Each command gets the destination as its last argument.
    commands = {
        "veo-desktop download": [sys.executable, "-m", "veo_desktop", "download", task_id, "-o"],
        # The same command reading 64 KiB at a time, as httpcore does by default (what READ_BYTES saves).
        "... with 64 KiB reads": [sys.executable, "-c", SMALL_READS, task_id],
    }
    for name, code in recipes().items():
        commands[f"{name} recipe"] = [sys.executable, "-c", code, url, key]
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(rounds + 1):  # the first round warms the caches (and makes the history)
        for name, command in commands.items():
            dest = scratch / f"whole-{round_}.mp4"
            seconds = timed_process([*command, str(dest)], env)
            assert dest.stat().st_size == size, f"{name}: {dest.stat().st_size} bytes"
            dest.unlink()
            if round_:
                times[name].append(seconds)
    return times


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
        whole = whole_processes(
            emulator.base_url, emulator.api_key, task_id, Path(scratch), size_mb * 1_000_000, rounds
        )
    curl_median, app_median = statistics.median(curl_times), statistics.median(app_times)
    print(f"download of {size_mb} MB over loopback, {rounds} round(s), medians:")
    print(f"  curl          {curl_median:.3f} s  ({size_mb / curl_median:.0f} MB/s)")
    print(f"  veo-desktop   {app_median:.3f} s  ({size_mb / app_median:.0f} MB/s)")
    print(f"  ratio app/curl {app_median / curl_median:.2f}x (target at most 1.2x)")
    print(f"  app peak RSS growth {statistics.median(rss):.1f} MB (target under 64 MB)")
    print(f"whole processes, start to exit, {rounds} round(s) interleaved, medians:")
    app_whole = statistics.median(whole["veo-desktop download"])
    for name, times in whole.items():
        median = statistics.median(times)
        print(f"  {name:<22} {median:.3f} s  ratio veo-desktop/this {app_whole / median:.2f}x")
    if "requests recipe" not in whole:
        print("  (requests is not installed: the httpx and urllib recipes stand in for the seed's)")
    print("  target: veo-desktop download no slower than the recipe")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
