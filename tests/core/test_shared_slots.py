""" "Tasks at once" holds across processes: the window and `veo-desktop generate` in terminals share one
history and one API key, so they share one count of tasks at the service. A submission beyond the limit
waits, unsent and unbilled, until a task finishes in whichever process runs it; a slot held by a process
that was killed is freed with its lock, and its row is left for the recovery."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import fast_config, image_bytes, until
from tests.helpers.cli import cli_env, history, kill, start_cli, wait_for
from tests.helpers.tasks import manager_for, submissions, two_on_one_history
from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.clips.images import prepare_image_bytes
from veo_desktop.core.history.locks import TaskLocks
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorServer, EmulatorThread

REQUEST = VideoRequest(prompt="a slow pan", seconds="4")
QUICK = 0.1  # how often a waiting submission looks for a slot another process freed (2 s in the app)


def one_at_once(home: Path) -> None:
    """Settings → "Tasks at once" = 1, as the commands in a terminal read it."""
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "settings.json").write_text(json.dumps({"max_running": 1}))


def sent_after_the_first_finished(server: EmulatorServer) -> bool:
    first, second = sorted(server.tasks.values(), key=lambda t: t.created_mono)
    return first.finished_mono is not None and first.finished_mono <= second.created_mono


async def test_two_managers_on_one_history_share_one_slot(app_home: Path) -> None:
    with EmulatorThread(fast_config(queue_seconds=0.5, render_seconds=0.5), FaultPlan()) as emulator:
        async with two_on_one_history(emulator, app_home, recheck=QUICK) as (window, command):
            images = [prepare_image_bytes(image_bytes("PNG", (64 + i, 48)), f"s{i}.png") for i in range(2)]
            first = await window.submit(REQUEST, images[0])
            second = await command.submit(REQUEST, images[1])
            assert (first.state, second.state) == ("queued", "waiting")
            assert len(submissions(emulator)) == 1  # the second is not sent while the first runs
            [done] = await window.wait()
            assert done.state == "completed"
            [sent] = await command.wait()
        assert sent.state == "completed" and sent.task_id is not None
        assert Path(sent.output_path).read_bytes() == emulator.server.content_bytes(sent.task_id)
        assert len(submissions(emulator)) == 2  # each sent once
        assert sent_after_the_first_finished(emulator.server)


@pytest.mark.slow
async def test_a_command_waits_for_the_task_the_window_runs(app_home: Path, photo: Path) -> None:
    one_at_once(app_home)
    with EmulatorThread(fast_config(queue_seconds=1.0, render_seconds=1.0), FaultPlan()) as emulator:
        async with manager_for(
            emulator, app_home, max_running=1, locks=TaskLocks(app_home / "locks")
        ) as window:
            image = prepare_image_bytes(image_bytes("PNG", (70, 48)), "w.png")
            first = await window.submit(REQUEST, image)
            assert first.state == "queued"
            env = cli_env(app_home, emulator)
            process = start_cli(
                "generate", str(photo), "--prompt", "harbour", "--poll-interval", "0.1", env=env
            )
            # (a blocking wait: the window's task cannot end meanwhile, however slowly the command starts)
            wait_for(lambda: len(history(app_home)) == 2, "the command's task in the history")
            assert history(app_home)[1] == (None, "waiting")
            assert len(submissions(emulator)) == 1  # the command has not sent it
            [done] = await window.wait()
            assert done.state == "completed"
            out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        assert len(submissions(emulator)) == 2  # sent once, after the window's task finished
        assert sent_after_the_first_finished(emulator.server)
        assert "Waiting for a free slot" in err
        [(task_id, state)] = [row for row in history(app_home) if row[0] != done.task_id]
        assert state == "completed" and task_id is not None
        saved = Path(out.strip().splitlines()[-1])
        assert saved.read_bytes() == emulator.server.content_bytes(task_id)


@pytest.mark.slow
async def test_a_slot_held_by_a_killed_command_is_freed(app_home: Path, photo: Path) -> None:
    one_at_once(app_home)
    faults = FaultPlan()
    faults.add("slow", "submit", slow_seconds=60)  # the command's submission hangs: it holds the slot
    with EmulatorThread(fast_config(), faults) as emulator:
        process = start_cli("generate", str(photo), "--prompt", "harbour", env=cli_env(app_home, emulator))
        wait_for(lambda: len(submissions(emulator)) == 1, "the command sending its task")
        assert history(app_home) == [(None, "submitting")]
        async with manager_for(
            emulator, app_home, max_running=1, locks=TaskLocks(app_home / "locks")
        ) as window:
            window.slots.recheck = QUICK
            image = prepare_image_bytes(image_bytes("PNG", (72, 48)), "k.png")
            mine = await window.submit(REQUEST, image)
            assert mine.state == "waiting" and len(submissions(emulator)) == 1
            kill(process)  # SIGKILL mid-request: its claim (the "submitting" row, under its lock) is left
            await until(lambda: len(submissions(emulator)) == 2, "the waiting task sent")
            [done] = await window.wait()
            assert done.id == mine.id and done.state == "completed"
            # The killed command's row is as the recovery expects: "submitting", then "unknown", never resent.
            [left] = [r for r in await window.history.page(10) if r.id != mine.id]
            assert left.state == "submitting" and left.task_id is None
            [marked] = await window.recover_interrupted()
            assert marked.id == left.id and marked.state == "unknown"
        assert len(submissions(emulator)) == 2
