"""A failing command says its failure once (issue 20): the progress leaves how the task ended to the
command's last line, instead of printing the same words twice, on a pipe and on a terminal."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.helpers.cli import cli_env, run_cli, run_cli_on_a_terminal
from veo_desktop.emulator.server import EmulatorThread

FAST = ("--poll-interval", "0.05")
GONE = b'{"error":{"message":"gone"}}'


@pytest.mark.parametrize(
    ("kind", "route", "options", "said", "code"),
    [
        ("fail", "status", {"reason": "the model refused the prompt"}, "the model refused the prompt", 1),
        ("balance", "submit", {}, "no balance left", 3),
        ("500", "submit", {}, "no usable answer came back", 3),
        ("answer", "content", {"status": 404, "body": GONE, "times": 50}, "Download failed", 1),
    ],
)
def test_a_failed_generate_says_why_once(
    emulator: EmulatorThread,
    app_home: Path,
    kind: str,
    route: str,
    options: dict[str, object],
    said: str,
    code: int,
) -> None:
    emulator.server.faults.add(kind, route, **options)  # type: ignore[arg-type]
    done = run_cli("generate", "--prompt", "harbour", *FAST, env=cli_env(app_home, emulator))
    assert done.returncode == code, done.stderr
    assert done.stdout == ""
    assert done.stderr.count(said) == 1, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("veo-desktop: ") and said in last  # the last line says it
    assert "Traceback" not in done.stderr


def test_a_failed_download_says_why_once(emulator: EmulatorThread, app_home: Path) -> None:
    env = cli_env(app_home, emulator)
    emulator.server.faults.add("answer", "content", status=404, body=GONE, times=50)
    assert run_cli("generate", "--prompt", "harbour", *FAST, env=env).returncode == 1
    [task_id] = emulator.server.tasks
    again = run_cli("download", task_id, env=env)
    assert again.returncode == 1, again.stderr
    assert again.stderr.count("Download failed") == 1, again.stderr
    assert again.stderr.strip().splitlines()[-1].startswith(f"veo-desktop: {task_id}: Download failed")


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has no pseudo-terminals")
def test_on_a_terminal_the_failure_is_said_once(emulator: EmulatorThread, app_home: Path) -> None:
    emulator.server.faults.add("fail", "status", reason="the model refused the prompt")
    code, out, shown = run_cli_on_a_terminal(
        "generate", "--prompt", "harbour", *FAST, env=cli_env(app_home, emulator)
    )
    assert code == 1 and out == "", shown
    assert shown.count("the model refused the prompt") == 1, shown
    last = shown.rstrip().splitlines()[-1]
    assert last.startswith("veo-desktop: task_") and last.endswith("Failed: the model refused the prompt")
