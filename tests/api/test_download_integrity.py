"""A saved video is the service's whole file, never a part of it and never two files joined: a body cut
short behind an honest-looking length, or a resume answered from a file that changed at the service."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import fast_config
from tests.helpers.cli import cli_env, run_cli
from tests.helpers.tasks import client_for, submit_and_finish
from veo_desktop.api import errors
from veo_desktop.api.client import make_http_client
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread


def content_requests(emulator: EmulatorThread) -> list[dict[str, str]]:
    return [r.headers for r in emulator.server.received if r.route == "content"]


async def test_a_body_cut_short_behind_a_matching_length_is_never_saved(
    emulator: EmulatorThread, tmp_path: Path
) -> None:
    emulator.server.faults.add("short_content", "content")
    dest = tmp_path / "clip.mp4"
    async with make_http_client() as http:
        client = client_for(emulator, http)
        task_id = await submit_and_finish(client)
        with pytest.raises(errors.DownloadFailed, match="the video is incomplete"):
            await client.download(task_id, dest)
        assert sorted(p.name for p in tmp_path.iterdir()) == []  # no half video, no .part
        saved = await client.download(task_id, dest)  # the next try starts from the first byte
    assert saved.path.read_bytes() == emulator.server.content_bytes(task_id)
    assert "range" not in content_requests(emulator)[-1]


async def test_a_resume_answered_from_a_changed_file_starts_over(app_home: Path, tmp_path: Path) -> None:
    config = fast_config(content_size=400_000, throttle_bytes_per_second=2_000_000)
    with EmulatorThread(config, FaultPlan()) as emulator:
        emulator.server.faults.add("truncate", "content")  # the first answer stops half-way
        emulator.server.faults.add("changed_content", "content")  # the resume is of another file
        async with make_http_client() as http:
            client = client_for(emulator, http)
            task_id = await submit_and_finish(client)
            saved = await client.download(task_id, tmp_path / "clip.mp4")
        asked = content_requests(emulator)
        assert "range" not in asked[0] and "range" in asked[1] and "range" not in asked[2]
        assert saved.path.read_bytes() == emulator.server.content_bytes(task_id)


def test_the_command_never_says_ready_for_a_video_cut_short(app_home: Path) -> None:
    with EmulatorThread(fast_config(), FaultPlan()) as emulator:
        emulator.server.faults.add("short_content", "content", times=20)
        env = cli_env(app_home, emulator)
        done = run_cli("generate", "--prompt", "harbour", "--poll-interval", "0.1", env=env)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert "the video is incomplete" in done.stderr and done.stdout == ""
        assert not list((app_home / "videos").glob("*.mp4"))
        emulator.server.faults.clear()
        [task_id] = emulator.server.tasks
        again = run_cli("download", task_id, env=env)
        assert again.returncode == 0, again.stderr
        assert Path(again.stdout.strip()).read_bytes() == emulator.server.content_bytes(task_id)
