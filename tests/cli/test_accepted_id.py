"""The disk fills just as the service accepts a task: the task id must still reach the user (kept in
memory, written once there is room, else printed with the command that fetches the video)."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import fast_config
from tests.helpers.cli import PRIVATE_MOUNTS, can_mount_tmpfs, cli_env, command, run_cli, wait_for
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform != "linux" or not can_mount_tmpfs(), reason="needs a private tmpfs"),
]


def generate_on_a_small_disk(
    tmp_path: Path, emulator: EmulatorThread, photo: Path, *, free_after: float | None
) -> subprocess.Popen[str]:
    """`generate` with its data folder on a 1 MB tmpfs that fills up once the file ``go`` appears
    (while the service holds its answer), and is freed ``free_after`` seconds later (or never)."""
    home = tmp_path / "small-home"
    home.mkdir()
    videos = tmp_path / "videos"
    videos.mkdir()
    go, filled = tmp_path / "go", tmp_path / "filled"
    generate = shlex.join(
        command("generate", str(photo), "--prompt", "harbour", "-o", str(videos), "--poll-interval", "0.1")
    )
    q = shlex.quote
    free = f"sleep {free_after}; rm {q(str(home / 'fill'))};" if free_after is not None else ""
    script = (
        f"mount -t tmpfs -o size=1m tmpfs {q(str(home))} || exit 99; "
        f"{generate} & pid=$!; "
        f"while [ ! -e {q(str(go))} ]; do sleep 0.02; done; "
        f"dd if=/dev/zero of={q(str(home / 'fill'))} bs=4k 2>/dev/null; touch {q(str(filled))}; "
        f"{free} wait $pid"
    )
    env = cli_env(home, emulator)
    return subprocess.Popen(
        [*PRIVATE_MOUNTS, script], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def hold_the_answer_until_the_disk_is_full(emulator: EmulatorThread, tmp_path: Path) -> None:
    wait_for(lambda: any(r.route == "submit" for r in emulator.server.received), "the submission")
    (tmp_path / "go").touch()
    wait_for(lambda: (tmp_path / "filled").exists(), "the disk to fill")


def test_an_id_that_cannot_be_written_is_printed_with_the_command_that_fetches_it(
    tmp_path: Path, photo: Path, app_home: Path
) -> None:
    faults = FaultPlan()
    faults.add("slow", "submit", slow_seconds=1.5)
    with EmulatorThread(fast_config(), faults) as emulator:
        process = generate_on_a_small_disk(tmp_path, emulator, photo, free_after=None)
        hold_the_answer_until_the_disk_is_full(emulator, tmp_path)
        out, err = process.communicate(timeout=60)
        [task_id] = emulator.server.tasks
        assert process.returncode == 1, err
        assert f"The service accepted the task {task_id}, but the history could not be written" in err
        assert f"`veo-desktop import {task_id}` fetches the video" in err
        assert "Traceback" not in err and out == ""
        # The printed id is all the user needs: from any history, import fetches the paid video.
        fetched = run_cli("import", task_id, "--poll-interval", "0.1", env=cli_env(app_home, emulator))
        assert fetched.returncode == 0, fetched.stderr
        assert Path(fetched.stdout.strip()).read_bytes() == emulator.server.content_bytes(task_id)
        assert len(emulator.server.submissions) == 1


def test_room_made_while_the_id_waits_in_memory_lets_the_task_finish(tmp_path: Path, photo: Path) -> None:
    faults = FaultPlan()
    faults.add("slow", "submit", slow_seconds=1.5)
    with EmulatorThread(fast_config(), faults) as emulator:
        process = generate_on_a_small_disk(tmp_path, emulator, photo, free_after=2.0)
        hold_the_answer_until_the_disk_is_full(emulator, tmp_path)
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        [task_id] = emulator.server.tasks
        assert Path(out.strip()).read_bytes() == emulator.server.content_bytes(task_id)
        assert "Traceback" not in err and len(emulator.server.submissions) == 1
