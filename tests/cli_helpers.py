"""Running the real ``veo-desktop`` command in a child process, as a user's shell would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from veo_desktop.emulator.server import EmulatorThread


def cli_env(home: Path, emulator: EmulatorThread | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIYI_")}
    env["VEO_DESKTOP_HOME"] = str(home)
    if emulator is not None:
        env["APIYI_API_KEY"] = emulator.api_key
        env["APIYI_BASE_URL"] = emulator.base_url
    env.update(extra)
    return env


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "veo_desktop", *args]


def run_cli(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(*args), env=env, capture_output=True, text=True, timeout=timeout)


def start_cli(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command(*args), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
