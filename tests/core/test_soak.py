"""The reliability soaks in their quick form (the long form: ``python -m tests.soak``, see its docstring)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.soak import crash_soak, fault_soak, wal_soak

pytestmark = pytest.mark.slow
SEED = 20261125


async def test_fault_soak_every_job_completes_identical_or_fails_with_the_reason(app_home: Path) -> None:
    report = await fault_soak(SEED, 150, app_home)
    print("\n" + report.markdown())
    assert report.problems == []
    assert report.outcomes["completed"] + report.outcomes["failed"] + report.outcomes["unknown"] == 150
    assert report.outcomes["failed"] >= 5 and report.outcomes["completed"] >= 100
    assert sum(v for k, v in report.counts.items() if k.startswith("injected")) >= 100


def test_crash_soak_resume_accounts_for_every_task(app_home: Path, photo: Path) -> None:
    report = crash_soak(SEED, 6, app_home, photo)
    print("\n" + report.markdown())
    assert report.problems == []
    assert report.counts["tasks the service accepted"] >= 3


def test_a_kill_during_history_writes_loses_no_committed_row(app_home: Path) -> None:
    report = wal_soak(SEED, 4, app_home)
    print("\n" + report.markdown())
    assert report.problems == []
    assert report.counts["rows reported committed before a kill"] >= 20
