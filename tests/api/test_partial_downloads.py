"""A partial download belongs to one task: only that task resumes it, whatever its final name, and a
finished download never replaces a file that is already there. A connection that cannot be opened for a
while does not throw the partial file away.

Through the real CLI (a child process, SIGKILLed mid-download) and the client, against the emulator
over loopback; a TCP proxy in front of the emulator stands for a network that goes away and comes back.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import time
from pathlib import Path

import pytest

from tests.conftest import fast_config
from tests.helpers.cli import cli_env, run_cli, start_cli, wait_for
from tests.helpers.net import TcpProxy
from tests.helpers.tasks import client_for, submit_and_finish
from veo_desktop.api.client import make_http_client, partial_path
from veo_desktop.api.download_files import write_identity
from veo_desktop.core.naming import unique_path
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread

pytestmark = pytest.mark.slow


def parts(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.part"))


def part_holds(folder: Path, size: int) -> bool:
    found = parts(folder)
    return bool(found) and found[0].stat().st_size > size


def content_ranges(emulator: EmulatorThread, task_id: str) -> list[str | None]:
    """The Range header of every request for this task's video, in order (None: no Range)."""
    return [
        r.headers.get("range")
        for r in emulator.server.received
        if r.route == "content" and r.path.endswith(f"/{task_id}/content")
    ]


def saved_by_task(home: Path) -> dict[str, Path]:
    with contextlib.closing(sqlite3.connect(home / "history.sqlite3")) as db:
        rows = db.execute("SELECT task_id, output_path FROM tasks WHERE state = 'completed'").fetchall()
    return {task_id: Path(path) for task_id, path in rows}


def test_a_part_left_by_a_killed_task_is_never_resumed_by_another(
    app_home: Path, photo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    clip = out / "clip.mp4"
    config = fast_config(content_size=3_000_000, throttle_bytes_per_second=1_500_000)
    with EmulatorThread(config, FaultPlan()) as emulator:
        env = cli_env(app_home, emulator)
        first = start_cli(
            "generate", str(photo), "--prompt", "harbour at dawn", "-o", str(clip), "--poll-interval", "0.1",
            env=env,
        )  # fmt: skip
        wait_for(lambda: part_holds(out, 1_000_000), "a third of the first download")
        first.kill()
        first.communicate(timeout=10)
        [first_id] = emulator.server.tasks
        assert not clip.exists() and len(parts(out)) == 1
        emulator.server.config.throttle_bytes_per_second = None

        second = run_cli(
            "generate", str(photo), "--prompt", "harbour at dusk", "-o", str(clip), "--poll-interval", "0.1",
            env=env,
        )  # fmt: skip
        assert second.returncode == 0, second.stderr
        [second_id] = set(emulator.server.tasks) - {first_id}
        assert second.stdout.strip().splitlines()[-1] == str(clip)
        assert clip.read_bytes() == emulator.server.content_bytes(second_id)
        assert content_ranges(emulator, second_id) == [None]  # it started from its own first byte

        resumed = run_cli("resume", "--poll-interval", "0.1", env=env)
        assert resumed.returncode == 0, resumed.stderr
        [line] = resumed.stdout.strip().splitlines()
        first_saved = Path(line)
        assert first_saved.parent == out and first_saved != clip
        assert first_saved.read_bytes() == emulator.server.content_bytes(first_id)
        ranges = content_ranges(emulator, first_id)
        assert ranges[0] is None and ranges[-1] is not None
        assert int(ranges[-1].removeprefix("bytes=").rstrip("-")) > 1_000_000  # its own part, resumed
        assert clip.read_bytes() == emulator.server.content_bytes(second_id)  # untouched
        assert parts(out) == []
        assert saved_by_task(app_home) == {first_id: first_saved, second_id: clip}


def test_two_generates_at_once_to_one_file_name_save_both_videos(
    app_home: Path, photo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    clip = out / "clip.mp4"
    config = fast_config(content_size=2_000_000, throttle_bytes_per_second=2_000_000)
    with EmulatorThread(config, FaultPlan()) as emulator:
        env = cli_env(app_home, emulator)
        # The history exists before both start: two processes creating it at once is another matter
        # (one may take the other's half-made database for a damaged one).
        assert run_cli("tasks", env=env).returncode == 0
        runs = [
            start_cli(
                "generate", str(photo), "--prompt", prompt, "-o", str(clip), "--poll-interval", "0.1", env=env
            )
            for prompt in ("pier, morning", "pier, evening")
        ]  # fmt: skip
        try:
            results = [run.communicate(timeout=90) for run in runs]
        finally:
            for run in runs:
                if run.poll() is None:
                    run.kill()
                    run.communicate()
        assert [run.returncode for run in runs] == [0, 0], [err for _, err in results]
        printed = {Path(stdout.strip().splitlines()[-1]) for stdout, _ in results}
        saved = saved_by_task(app_home)
        assert len(emulator.server.tasks) == 2 and set(saved) == set(emulator.server.tasks)
        assert set(saved.values()) == printed == {clip, out / "clip-2.mp4"}
        for task_id, path in saved.items():
            assert path.read_bytes() == emulator.server.content_bytes(task_id)
            assert content_ranges(emulator, task_id) == [None]
        assert parts(out) == []


def test_a_refused_connection_mid_download_keeps_the_part_and_resumes_it(app_home: Path, photo: Path) -> None:
    videos = app_home / "videos"
    config = fast_config(content_size=4_000_000, throttle_bytes_per_second=1_000_000)
    with EmulatorThread(config, FaultPlan()) as emulator, TcpProxy(emulator) as proxy:
        env = cli_env(app_home, emulator, APIYI_BASE_URL=proxy.base_url)
        process = start_cli("generate", str(photo), "--prompt", "harbour", "--poll-interval", "0.1", env=env)
        try:
            wait_for(lambda: part_holds(videos, 1_200_000), "a third of the download")
            proxy.cut()
            # The network stays away for 3 s: the client's retry about 2 s later finds the port closed
            # (connection refused). This is the outage itself, not a wait for something; what it did to
            # the .part is read from the resumed request below.
            time.sleep(3)
            proxy.restore()
            stdout, stderr = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
        assert process.returncode == 0, stderr
        [task_id] = emulator.server.tasks
        saved = Path(stdout.strip().splitlines()[-1])
        assert saved.read_bytes() == emulator.server.content_bytes(task_id)
        ranges = content_ranges(emulator, task_id)
        assert len(ranges) == 2 and ranges[0] is None and ranges[1] is not None, ranges
        kept = int(ranges[1].removeprefix("bytes=").removesuffix("-"))  # the .part kept through the outage
        assert kept > 1_200_000, "the partial download was thrown away when a retry could not connect"
        assert parts(videos) == []


# ----- the client on its own ---------------------------------------------------------------------


def test_partial_names_are_per_task_short_and_safe_for_any_file_system(tmp_path: Path) -> None:
    ids = ["task_0123456789abcdef", "task:0123456789abcdef", "task_0123456789ABCDEF", "a" * 128, "v.1:x"]
    names = [partial_path(tmp_path, task_id) for task_id in ids]
    assert len({n.name.lower() for n in names}) == len(ids)  # distinct even where case does not count
    for name in names:
        assert name.parent == tmp_path and name.suffix == ".part" and len(name.name) <= 64
        assert not set(name.name) & set('\\/:*?"<>|') and name.name[0].isalnum()
    assert partial_path(tmp_path, ids[0]).name.startswith("task_0123456789abcdef")
    assert partial_path(tmp_path, ids[0]) == partial_path(tmp_path, ids[0])


def test_unique_path_does_not_count_other_tasks_parts(tmp_path: Path) -> None:
    (tmp_path / "clip.mp4.part").write_bytes(b"someone else's half")
    assert unique_path(tmp_path, "clip.mp4") == tmp_path / "clip.mp4"
    (tmp_path / "clip.mp4").write_bytes(b"taken")
    assert unique_path(tmp_path, "clip.mp4") == tmp_path / "clip-2.mp4"


@pytest.mark.parametrize("links", ["hard links", "no hard links"])
async def test_finishing_never_replaces_a_file_that_is_there(
    emulator: EmulatorThread, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, links: str
) -> None:
    if links == "no hard links":  # a file system without them (FAT, some network shares)

        def refuse(*_args: object, **_kwargs: object) -> None:
            raise OSError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(os, "link", refuse)
    dest = tmp_path / "clip.mp4"
    dest.write_bytes(b"a video the user already has")
    (tmp_path / "clip-2.mp4").write_bytes(b"and another")
    async with make_http_client() as http:
        client = client_for(emulator, http)
        task_id = await submit_and_finish(client)
        result = await client.download(task_id, dest)
    assert result.path == tmp_path / "clip-3.mp4"
    assert result.path.read_bytes() == emulator.server.content_bytes(task_id)
    assert result.size == len(emulator.server.content_bytes(task_id))
    assert dest.read_bytes() == b"a video the user already has"
    assert (tmp_path / "clip-2.mp4").read_bytes() == b"and another"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clip-2.mp4", "clip-3.mp4", "clip.mp4"]


async def test_a_task_resumes_its_own_part_under_a_new_name(emulator: EmulatorThread, tmp_path: Path) -> None:
    async with make_http_client() as http:
        client = client_for(emulator, http)
        task_id = await submit_and_finish(client)
        whole = emulator.server.content_bytes(task_id)
        partial_path(tmp_path, task_id).write_bytes(whole[:1000])
        write_identity(partial_path(tmp_path, task_id), len(whole), "")  # as its first answer said
        result = await client.download(task_id, tmp_path / "renamed.mp4")
    assert result.path == tmp_path / "renamed.mp4" and result.path.read_bytes() == whole
    assert result.resumed_from == [1000]
    assert content_ranges(emulator, task_id) == ["bytes=1000-"]


async def test_a_video_linked_into_place_just_before_a_crash_is_not_saved_twice(
    emulator: EmulatorThread, tmp_path: Path
) -> None:
    async with make_http_client() as http:
        client = client_for(emulator, http)
        task_id = await submit_and_finish(client)
        whole = emulator.server.content_bytes(task_id)
        part = partial_path(tmp_path, task_id)
        part.write_bytes(whole)
        write_identity(part, len(whole), "")  # as its first answer said
        os.link(part, tmp_path / "clip.mp4")  # finished, then killed before the part was removed
        result = await client.download(task_id, tmp_path / "clip-2.mp4")
    assert result.path == tmp_path / "clip.mp4" and result.size == len(whole)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clip.mp4"]
    assert content_ranges(emulator, task_id) == [f"bytes={len(whole)}-"]  # 416: it was all there
