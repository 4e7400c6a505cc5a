"""``veo-desktop download`` loads what a download needs and nothing else: no PyAV, no Pillow, no Qt, no
emulator, and no keyring when the key is in the environment (each costs start-up time in every run)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.helpers.cli import cli_env
from veo_desktop.emulator.server import EmulatorThread

CHILD = """
import sys
from veo_desktop.main import main
code = main(sys.argv[1:])
print(" ".join(sorted(sys.modules)))
sys.exit(code)
"""
NOT_NEEDED = ("av", "PIL", "PySide6", "qasync", "keyring", "veo_desktop.emulator", "veo_desktop.gui")


def finished_task(emulator: EmulatorThread) -> str:
    headers = {"Authorization": f"Bearer {emulator.api_key}"}
    answer = httpx.post(
        f"{emulator.base_url}/videos",
        headers=headers,
        json={"model": "veo-3.1-fast-generate-preview", "prompt": "made elsewhere", "seconds": "4"},
    )
    task_id: str = answer.json()["task_id"]
    deadline = time.monotonic() + 30
    while httpx.get(f"{emulator.base_url}/videos/{task_id}", headers=headers).json()["status"] != "completed":
        assert time.monotonic() < deadline, "the emulator never finished the task"
        time.sleep(0.05)
    return task_id


def test_download_imports_only_what_it_needs(
    emulator: EmulatorThread, app_home: Path, tmp_path: Path
) -> None:
    task_id = finished_task(emulator)
    saved = tmp_path / "saved.mp4"
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "download", task_id, "-o", str(saved)],
        env=cli_env(app_home, emulator),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    *said, loaded_line = done.stdout.strip().splitlines()
    assert said[-1] == str(saved)
    assert saved.read_bytes() == emulator.server.content_bytes(task_id)
    loaded = loaded_line.split()
    assert [m for m in loaded if m.split(".")[0] in NOT_NEEDED or m.startswith(NOT_NEEDED[-2:])] == []
