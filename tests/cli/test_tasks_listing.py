"""`veo-desktop tasks`: what it lists for each task, as a user reads it in a terminal."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.cli import cli_env, run_cli
from veo_desktop.emulator.server import EmulatorThread

FAST = ("--poll-interval", "0.1")


def test_a_failed_task_is_listed_without_a_video_path(
    emulator: EmulatorThread, app_home: Path, photo: Path
) -> None:
    env = cli_env(app_home, emulator)
    failed = run_cli("generate", str(photo), "--prompt", "storm #fail", *FAST, env=env)
    assert failed.returncode == 1, failed.stderr
    made = run_cli("generate", str(photo), "--prompt", "calm sea", *FAST, env=env)
    assert made.returncode == 0, made.stderr
    saved = made.stdout.strip().splitlines()[-1]
    listing = run_cli("tasks", env=env)
    assert listing.returncode == 0, listing.stderr
    rows = {line.split("\t")[1]: line.split("\t") for line in listing.stdout.strip().splitlines()}
    assert rows["failed"][-1] == "-"
    assert ".mp4" not in "\t".join(rows["failed"])
    assert rows["completed"][-1] == saved
    assert not list((app_home / "videos").glob("*storm*"))
