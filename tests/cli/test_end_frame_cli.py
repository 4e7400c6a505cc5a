"""`generate` with an end frame says, after saving, when the service did not end the clip on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import fast_config
from tests.helpers.cli import cli_env, run_cli
from tests.helpers.frames import END, START
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread

NOT_ON_THE_END_FRAME = "The service did not end this clip on your end frame"


@pytest.fixture
def drops_the_end_frame() -> Iterator[EmulatorThread]:
    thread = EmulatorThread(fast_config(ignore_end_frame=True), FaultPlan(seed=1))
    thread.start()
    try:
        yield thread
    finally:
        thread.stop()


def generate(emulator: EmulatorThread, home: Path, folder: Path) -> tuple[int, str, str]:
    start, end = folder / "dawn.png", folder / "dusk.png"
    start.write_bytes(START)
    end.write_bytes(END)
    done = run_cli(
        "generate", str(start), "--end-frame", str(end), "--model", "veo-3.1-landscape-fast-fl",
        "--prompt", "dawn to dusk", "--poll-interval", "0.1", env=cli_env(home, emulator),
    )  # fmt: skip
    return done.returncode, done.stdout, done.stderr


def test_the_cli_says_when_the_clip_did_not_end_on_the_end_frame(
    drops_the_end_frame: EmulatorThread, app_home: Path, tmp_path: Path
) -> None:
    code, out, err = generate(drops_the_end_frame, app_home, tmp_path)
    assert code == 0, err  # the video was made and saved: it is the clip that is wrong
    assert Path(out.strip()).is_file()
    said = [line for line in err.splitlines() if NOT_ON_THE_END_FRAME in line]
    assert len(said) == 1, err  # once, on the line that says the video is ready
    assert "Ready" in said[0]


def test_the_cli_says_nothing_when_the_clip_ends_on_the_end_frame(
    emulator: EmulatorThread, app_home: Path, tmp_path: Path
) -> None:
    code, out, err = generate(emulator, app_home, tmp_path)
    assert code == 0, err
    assert Path(out.strip()).is_file()
    assert NOT_ON_THE_END_FRAME not in err
