"""One log file per process: the window and a command running at once never share (or roll over) one file,
which fails on Windows when the other process holds it open; old files are cleaned up, newest kept."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from veo_desktop import logs

WRITER = """
import logging, sys, time
from pathlib import Path
from veo_desktop.logs import current_log_file, setup_logging
setup_logging(sys.argv[2], folder=Path(sys.argv[1]))
print(current_log_file(), flush=True)
sys.stdin.readline()  # both processes have their files open now
for n in range(200):
    logging.getLogger("veo_desktop.test").info("%s line %d", sys.argv[2], n)
"""


@pytest.fixture
def quiet_root() -> Iterator[None]:
    """setup_logging replaces the app logger's handlers: put the test run's back afterwards."""
    root = logging.getLogger("veo_desktop")
    before, level, propagate = list(root.handlers), root.level, root.propagate
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    for handler in before:
        root.addHandler(handler)
    root.setLevel(level)
    root.propagate = propagate


def test_two_processes_at_once_each_write_their_own_file(tmp_path: Path) -> None:
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), kind],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for kind in ("window", "cli")
    ]
    files = []
    for writer in writers:
        assert writer.stdout is not None
        files.append(Path(writer.stdout.readline().strip()))
    for writer in writers:
        writer.communicate("go\n", timeout=60)
        assert writer.returncode == 0
    window, cli = files
    assert window != cli and window.parent == cli.parent == tmp_path
    assert window.name.startswith("veo-desktop-window-") and cli.name.startswith("veo-desktop-cli-")
    assert str(writers[0].pid) in window.name and str(writers[1].pid) in cli.name
    for path, kind in ((window, "window"), (cli, "cli")):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 200 and all(f" {kind} line " in line for line in lines)


def test_each_start_keeps_the_newest_files_only(tmp_path: Path, quiet_root: None) -> None:
    now = time.time()
    old = []
    for n in range(logs.KEEP_FILES + 5):
        path = tmp_path / logs.log_name("cli", pid=1000 + n, when=now - 3600 + n)
        path.write_text("old\n", encoding="utf-8")
        os.utime(path, (now - 3600 + n, now - 3600 + n))
        old.append(path)
    other = tmp_path / "notes.txt"  # not the app's: never touched
    other.write_text("mine", encoding="utf-8")
    logs.setup_logging("window", folder=tmp_path)
    mine = logs.current_log_file()
    assert mine is not None and mine.exists() and mine.name.endswith(f"-{os.getpid()}.log")
    left = logs.log_files(tmp_path)
    assert len(left) == logs.KEEP_FILES and mine in left
    assert set(left) - {mine} == set(old[-(logs.KEEP_FILES - 1) :])  # the newest of the old ones
    assert other.exists()


def test_a_file_another_process_holds_is_left_for_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows an open file cannot be removed: the clean-up goes on without it, and without a word."""
    now = time.time()
    for n in range(5):
        path = tmp_path / logs.log_name("cli", pid=n, when=now - 100 + n)
        path.write_text("x", encoding="utf-8")
        os.utime(path, (now - 100 + n, now - 100 + n))
    held = tmp_path / logs.log_name("cli", pid=0, when=now - 100)
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self == held:
            raise PermissionError(32, "The process cannot access the file", str(self))
        real_unlink(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    logs.remove_old_logs(tmp_path, keep=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [held.name, logs.log_name("cli", pid=4, when=now - 96)]
    )
