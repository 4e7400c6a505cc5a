"""The CI workflow runs the tests on Linux, Windows and macOS on every push and pull request, then builds
the bundle and runs its own --self-test on each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

WORKFLOW = Path(__file__).resolve().parent.parent / ".github" / "workflows" / "tests.yml"
SYSTEMS = {"Linux": "ubuntu", "Windows": "windows-2022", "macOS": "macos-14"}


def load() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps() -> list[dict[str, Any]]:
    found = load()["jobs"]["test"]["steps"]
    assert isinstance(found, list)
    return found


def runs_on(step: dict[str, Any], system: str) -> bool:
    """Whether a step runs on ``system`` (by its ``if:`` on runner.os)."""
    condition = str(step.get("if", ""))
    if not condition:
        return True
    if f"runner.os == '{system}'" in condition:
        return True
    return "runner.os != '" in condition and f"runner.os != '{system}'" not in condition


def test_it_runs_on_every_push_and_pull_request() -> None:
    data = load()
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    assert isinstance(triggers, dict) and {"push", "pull_request"} <= set(triggers)
    assert not (triggers["push"] or {}).get("branches") and not (triggers["push"] or {}).get("tags")


def test_the_three_systems_are_there() -> None:
    job = load()["jobs"]["test"]
    assert job["runs-on"] == "${{ matrix.os }}"
    systems = job["strategy"]["matrix"]["os"]
    assert len(systems) == 3
    assert any(s.startswith("ubuntu") for s in systems)
    assert "windows-2022" in systems and "macos-14" in systems
    assert job["strategy"]["fail-fast"] is False  # one system failing still shows the others
    assert job["env"]["QT_QPA_PLATFORM"] == "offscreen"


def test_each_system_runs_the_tests_then_builds_and_self_tests_the_bundle() -> None:
    for system in SYSTEMS:
        mine = [step for step in steps() if runs_on(step, system)]
        commands = [str(step.get("run", "")) for step in mine]
        tests = [i for i, run in enumerate(commands) if ".ci/test" in run or "-m pytest" in run]
        build = [i for i, run in enumerate(commands) if "packaging/build.py" in run]
        self_test = [i for i, run in enumerate(commands) if "--self-test" in run]
        assert tests and build and self_test, system
        assert tests[0] < build[0] < self_test[0], system


def test_the_keyring_tests_use_the_system_keyring_off_linux() -> None:
    pytest_steps = [s for s in steps() if "-m pytest" in str(s.get("run", ""))]
    assert pytest_steps and all(s.get("env", {}).get("VEO_TEST_KEYRING") == "1" for s in pytest_steps)


def test_linux_type_checks_every_platform() -> None:
    commands = "\n".join(str(step.get("run", "")) for step in steps() if runs_on(step, "Linux"))
    assert "mypy --platform win32" in commands and "mypy --platform darwin" in commands
