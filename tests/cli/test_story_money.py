"""`veo-desktop story`: what was paid for is never filmed again, whatever name the storyboard is run by
(a symbolic or hard link to it) and whether the demo was tried on it in between."""

from __future__ import annotations

import os
from pathlib import Path

from tests.cli.test_story import FAST, storyboard, submitted_prompts
from tests.helpers.cli import cli_env, run_cli, start_cli
from veo_desktop.emulator.server import EmulatorThread


def test_two_runs_at_once_by_two_names_of_one_storyboard_send_each_shot_once(
    tmp_path: Path, app_home: Path, emulator: EmulatorThread
) -> None:
    path = storyboard(tmp_path, [{"prompt": "a"}, {"prompt": "b"}])
    link = tmp_path / "current.json"
    link.symlink_to(path.name)
    env = cli_env(app_home, emulator)
    first = start_cli("story", str(path), "--yes", *FAST, env=env)
    second = start_cli("story", str(link), "--yes", *FAST, env=env)
    _, err1 = first.communicate(timeout=180)
    _, err2 = second.communicate(timeout=180)
    assert submitted_prompts(emulator) == {"a": 1, "b": 1}, f"{err1}\n---\n{err2}"
    assert 0 in (first.returncode, second.returncode), f"{err1}\n---\n{err2}"


def test_a_rerun_by_another_name_continues_rather_than_filming_again(
    tmp_path: Path, app_home: Path, emulator: EmulatorThread
) -> None:
    path = storyboard(tmp_path, [{"prompt": "a"}, {"prompt": "b"}])
    (tmp_path / "current.json").symlink_to(path.name)
    os.link(path, tmp_path / "take2.json")
    env = cli_env(app_home, emulator)
    done = run_cli("story", str(path), "--yes", *FAST, env=env, timeout=180)
    assert done.returncode == 0, done.stderr
    for name in ("current.json", "take2.json"):
        again = run_cli("story", str(tmp_path / name), "--yes", *FAST, env=env, timeout=180)
        assert again.returncode == 0, again.stderr
        assert "To send now: 0 shot(s)" in again.stderr
    assert submitted_prompts(emulator) == {"a": 1, "b": 1}


def test_a_demo_run_in_between_never_makes_the_real_run_pay_again(
    tmp_path: Path, app_home: Path, emulator: EmulatorThread
) -> None:
    path = storyboard(tmp_path, [{"prompt": "a"}, {"prompt": "b"}])
    real = cli_env(app_home, emulator)
    done = run_cli("story", str(path), "--yes", *FAST, env=real, timeout=180)
    assert done.returncode == 0, done.stderr
    film = done.stdout.strip()
    demo = run_cli("story", str(path), "--demo", "--yes", *FAST, env=cli_env(app_home), timeout=180)
    assert demo.returncode == 0, demo.stderr
    assert demo.stdout.strip() != film  # the demo's own film, never taken for the real one
    plan = run_cli("story", str(path), "--plan", env=real, timeout=60)
    assert plan.stdout.count("[saved (") == 2, plan.stdout
    assert "To send now: 0 shot(s), $0.00" in plan.stdout
    again = run_cli("story", str(path), "--yes", *FAST, env=real, timeout=180)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == film
    assert submitted_prompts(emulator) == {"a": 1, "b": 1}
