"""A download into a read-only folder fails as ``SaveFailed`` with the system's own reason.

The folder is made read-only with a read-only bind mount in a private mount namespace (``unshare``, no
root needed), where a child process runs the client's download against the emulator on loopback.
"""

from __future__ import annotations

import asyncio
import shlex
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from tests.conftest import fast_config
from tests.helpers.cli import PRIVATE_MOUNTS
from tests.helpers.tasks import client_for, submit_and_finish
from veo_desktop.api.client import make_http_client, partial_path
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread

CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from veo_desktop.api import errors
    from veo_desktop.api.client import VeoClient, make_http_client

    base_url, key, task_id, dest = sys.argv[1:5]

    async def main() -> None:
        async with make_http_client() as http:
            client = VeoClient(http, base_url=base_url, api_key=key)
            try:
                await client.download(task_id, Path(dest))
            except errors.VeoError as exc:
                print(type(exc).__name__)
                print(exc)
            else:
                print("saved")

    asyncio.run(main())
    """
)


async def finished_task(emulator: EmulatorThread) -> str:
    async with make_http_client() as http:
        return await submit_and_finish(client_for(emulator, http))


def _can_bind_read_only() -> bool:
    with tempfile.TemporaryDirectory() as scratch:
        where = shlex.quote(scratch)
        script = f"mount --bind {where} {where} && mount -o remount,bind,ro {where}"
        return subprocess.run([*PRIVATE_MOUNTS, script], capture_output=True).returncode == 0


@pytest.mark.skipif(
    sys.platform != "linux" or not _can_bind_read_only(), reason="needs a private mount namespace (unshare)"
)
@pytest.mark.parametrize("before", ["nothing", "half a download", "the whole download"])
def test_a_read_only_folder_is_a_save_error_with_the_systems_reason(tmp_path: Path, before: str) -> None:
    folder = tmp_path / "videos"
    folder.mkdir()
    with EmulatorThread(fast_config(content_size=200_000), FaultPlan()) as emulator:
        task_id = asyncio.run(finished_task(emulator))
        whole = emulator.server.content_bytes(task_id)
        kept = {"nothing": b"", "half a download": whole[:100_000], "the whole download": whole}[before]
        part = partial_path(folder, task_id)
        if kept:
            part.write_bytes(kept)
        dest = folder / "x.mp4"
        child = shlex.join(
            [sys.executable, "-c", CHILD, emulator.base_url, emulator.api_key, task_id, str(dest)]
        )
        where = shlex.quote(str(folder))
        script = f"mount --bind {where} {where} && mount -o remount,bind,ro {where} && {child}"
        done = subprocess.run([*PRIVATE_MOUNTS, script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    kind, message = done.stdout.strip().splitlines()
    assert kind == "SaveFailed", done.stdout
    assert message == (
        f"Could not save the video to {dest}: Read-only file system. It can be downloaded again later."
    )
    assert sorted(folder.iterdir()) == ([part] if kept else [])
    if kept:
        assert part.read_bytes() == kept  # what was there is kept for a later resume
