"""A folder the video could not be saved in is refused before anything is sent (exit 2)."""

from __future__ import annotations

import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import fast_config
from tests.helpers.cli import PRIVATE_MOUNTS, can_mount_tmpfs, cli_env, command, run_cli
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread


def task_count(home: Path) -> int:
    if not (home / "history.sqlite3").exists():
        return 0
    with sqlite3.connect(home / "history.sqlite3") as db:
        return int(db.execute("SELECT COUNT(*) FROM tasks").fetchone()[0])


@pytest.mark.skipif(sys.platform != "linux" or not can_mount_tmpfs(), reason="needs a private mount")
@pytest.mark.parametrize("where", ["-o folder", "default folder"])
def test_a_read_only_output_folder_is_refused_before_sending(
    app_home: Path, tmp_path: Path, photo: Path, where: str
) -> None:
    folder = tmp_path / "read-only" if where == "-o folder" else app_home / "videos"
    folder.mkdir(parents=True)
    output = ["-o", str(folder)] if where == "-o folder" else []
    with EmulatorThread(fast_config(), FaultPlan()) as emulator:
        generate = shlex.join(command("generate", str(photo), "--prompt", "harbour", *output))
        script = f"mount -t tmpfs -o size=64k,ro tmpfs {shlex.quote(str(folder))} && {generate}"
        done = subprocess.run(
            [*PRIVATE_MOUNTS, script],
            env=cli_env(app_home, emulator),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2, done.stderr
        assert done.stderr.strip() == (
            f"veo-desktop: Cannot save videos in {folder}: Read-only file system. Nothing was sent."
        )
        assert emulator.server.received == []  # not one request
        assert task_count(app_home) == 0


def test_a_file_given_as_the_folder_is_refused_before_sending(app_home: Path, tmp_path: Path) -> None:
    settings = app_home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")
    settings.write_text(f'{{"output_dir": "{not_a_folder}"}}')
    with EmulatorThread(fast_config(), FaultPlan()) as emulator:
        done = run_cli("generate", "--prompt", "harbour", env=cli_env(app_home, emulator))
        assert done.returncode == 2, done.stderr
        assert "Nothing was sent." in done.stderr and "Traceback" not in done.stderr
        assert emulator.server.received == []


@pytest.mark.parametrize("spelled", ["NEW/", "NEW"])
def test_a_new_folder_given_with_o_is_made(app_home: Path, tmp_path: Path, photo: Path, spelled: str) -> None:
    """``-o clips/2025/`` (or a name without an extension): the folder is made, the video saved in it."""
    folder = tmp_path / "clips" / "2025"
    given = str(folder) + ("/" if spelled.endswith("/") else "")
    with EmulatorThread(fast_config(), FaultPlan()) as emulator:
        done = run_cli(
            "generate",
            str(photo),
            "--prompt",
            "harbour",
            "-o",
            given,
            "--poll-interval",
            "0.1",
            env=cli_env(app_home, emulator),
        )
    assert done.returncode == 0, done.stderr
    saved = Path(done.stdout.strip().splitlines()[-1])
    assert saved.parent == folder and saved.read_bytes()[4:8] == b"ftyp"
    assert f"Made the folder {folder}" in done.stderr
