"""Kill the CLI with SIGKILL at the worst moments; ``veo-desktop resume`` must account for every task."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import fast_config
from tests.helpers.cli import cli_env, history, kill, run_cli, start_cli, wait_for
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread

pytestmark = pytest.mark.slow


def assert_one_clean_video(home: Path, emulator: EmulatorThread) -> Path:
    [task_id] = emulator.server.tasks
    assert len(emulator.server.submissions) == 1
    sidecar, video = sorted((home / "videos").iterdir())
    assert [sidecar.suffix, video.suffix] == [".json", ".mp4"]  # no .part survives, no duplicate
    assert video.read_bytes() == emulator.server.content_bytes(task_id)
    assert sidecar.stem == video.stem and task_id in sidecar.read_text()
    listing = run_cli("tasks", env=cli_env(home))
    [line] = listing.stdout.strip().splitlines()
    assert line.split("\t")[:2] == [task_id, "completed"]
    return video


def test_killed_while_polling_then_resume(app_home: Path, photo: Path) -> None:
    with EmulatorThread(fast_config(queue_seconds=1.0, render_seconds=1.0), FaultPlan()) as emulator:
        env = cli_env(app_home, emulator)
        process = start_cli("generate", str(photo), "--prompt", "harbour", "--poll-interval", "0.1", env=env)
        wait_for(lambda: len([r for r in emulator.server.received if r.route == "status"]) >= 2, "polling")
        kill(process)
        [(task_id, state)] = history(app_home)
        assert task_id in emulator.server.tasks and state in ("queued", "in_progress")
        resumed = run_cli("resume", "--poll-interval", "0.1", env=env)
        assert resumed.returncode == 0, resumed.stderr
        saved = assert_one_clean_video(app_home, emulator)
        assert resumed.stdout.strip().splitlines() == [str(saved)]


def test_killed_while_downloading_then_resume_asks_for_a_range(app_home: Path, photo: Path) -> None:
    config = fast_config(content_size=3_000_000, throttle_bytes_per_second=1_500_000)
    with EmulatorThread(config, FaultPlan()) as emulator:
        env = cli_env(app_home, emulator)
        process = start_cli("generate", str(photo), "--prompt", "harbour", "--poll-interval", "0.1", env=env)

        def parts() -> list[Path]:
            return list((app_home / "videos").glob("*.part"))

        wait_for(lambda: bool(parts()) and parts()[0].stat().st_size > 1_100_000, "half a download")
        kill(process)
        kept = parts()[0].stat().st_size
        emulator.server.config.throttle_bytes_per_second = None
        resumed = run_cli("resume", "--poll-interval", "0.1", env=env)
        assert resumed.returncode == 0, resumed.stderr
        assert_one_clean_video(app_home, emulator)
        ranges = [r.headers.get("range") for r in emulator.server.received if r.route == "content"]
        assert ranges[0] is None and ranges[-1] == f"bytes={kept}-"


def test_killed_while_submitting_is_never_submitted_twice(app_home: Path, photo: Path) -> None:
    faults = FaultPlan()
    faults.add("slow", "submit", slow_seconds=1.0)
    with EmulatorThread(fast_config(), faults) as emulator:
        env = cli_env(app_home, emulator)
        process = start_cli("generate", str(photo), "--prompt", "harbour", env=env)
        wait_for(lambda: any(r.route == "submit" for r in emulator.server.received), "the submission")
        kill(process)
        assert history(app_home) == [(None, "submitting")]
        resumed = run_cli("resume", env=env)
        assert resumed.returncode == 0
        assert history(app_home) == [(None, "unknown")]
        listing = run_cli("tasks", env=env)
        assert "unknown" in listing.stdout
        wait_for(lambda: len(emulator.server.tasks) == 1, "the slow answer to land")
        assert len([r for r in emulator.server.received if r.route == "submit"]) == 1
