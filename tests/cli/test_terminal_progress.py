"""The CLI's progress on a terminal (issue 20): the status line's clocks tick every second between polls,
and ``download``'s clock counts from the download, not from the task's creation."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tests.conftest import fast_config
from tests.helpers.cli import cli_env, run_cli, run_cli_on_a_terminal
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has no pseudo-terminals")
def test_on_a_terminal_the_clock_ticks_between_polls(app_home: Path, photo: Path) -> None:
    with EmulatorThread(fast_config(queue_seconds=1.5, render_seconds=2.5), FaultPlan()) as emulator:
        code, out, shown = run_cli_on_a_terminal(
            "generate",
            str(photo),
            "--prompt",
            "harbour",
            "--poll-interval",
            "3",
            env=cli_env(app_home, emulator),
        )
    assert code == 0, shown
    assert Path(out.strip().splitlines()[-1]).is_file()
    # Polls come every 3 s; the line is redrawn in place ("\r", the rest of the line cleared) each second.
    redrawn = re.findall(r"\r\[(0:0\d)\] task_\w+: (\w+)[^\r\n]*\x1b\[K", shown)
    assert {"Queued", "Generating"} <= {state for _clock, state in redrawn}, shown
    assert len({clock for clock, _state in redrawn}) >= 4, shown  # second after second, not each 3 s
    assert "Ready" in shown and "Traceback" not in shown
    last_line = shown.rstrip().splitlines()[-1]
    assert "Ready" in last_line  # the status line was ended: nothing is left half-drawn


def test_the_download_clock_counts_from_the_download(app_home: Path, photo: Path, tmp_path: Path) -> None:
    with EmulatorThread(fast_config(), FaultPlan()) as emulator:
        made = run_cli(
            "generate",
            str(photo),
            "--prompt",
            "harbour",
            "--poll-interval",
            "0.1",
            env=cli_env(app_home, emulator),
        )
        assert made.returncode == 0, made.stderr
        [task_id] = emulator.server.tasks
        emulator.server.tasks[task_id].created_at -= 3 * 3600  # made three hours ago, at the service
        elsewhere = tmp_path / "another-computer"
        done = run_cli("download", task_id, env=cli_env(elsewhere, emulator))
    assert done.returncode == 0, done.stderr
    clocks = re.findall(r"^\[([\d:]+)\] task_", done.stderr, re.MULTILINE)
    assert clocks and all(clock in ("0:00", "0:01", "0:02") for clock in clocks), done.stderr
