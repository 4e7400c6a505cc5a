"""A name is only a name: a file that later took a task's video name is never taken for its video."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.tasks import manager_for
from veo_desktop.api.rules import VideoRequest
from veo_desktop.emulator.server import EmulatorThread


async def test_fetching_again_and_downloading_never_take_another_tasks_file_for_its_video(
    emulator: EmulatorThread, app_home: Path, tmp_path: Path
) -> None:
    """Task A saved as shot.mp4; the user deleted it; task B was saved as shot.mp4. Fetching A again must
    not delete B's video, and `download A` must not call B's file A's video."""
    shot = tmp_path / "shot.mp4"
    async with manager_for(emulator, app_home) as manager:
        first = await manager.submit(VideoRequest("red", seconds="4"), None, output=shot)
        [a] = await manager.wait([first.id])
        assert a.state == "completed" and a.video_fingerprint
        shot.unlink()
        second = await manager.submit(VideoRequest("blue", seconds="4"), None, output=shot)
        [b] = await manager.wait([second.id])
        assert b.output_path == str(shot)
        theirs = shot.read_bytes()

        again = await manager.download_again(a.id)
        [a_again] = await manager.wait([again.id])
        assert shot.read_bytes() == theirs  # B's video untouched
        assert a_again.state == "completed" and a_again.output_path == str(tmp_path / "shot-2.mp4")
        assert Path(a_again.output_path).read_bytes() == emulator.server.content_bytes(a.task_id or "")

        Path(a_again.output_path).unlink()
        (tmp_path / "shot.mp4").rename(tmp_path / "shot-2.mp4")  # B's video now sits at A's name
        fetched = await manager.download_existing(a.task_id or "")
        assert fetched.output_path != str(tmp_path / "shot-2.mp4")
        assert Path(fetched.output_path).read_bytes() == emulator.server.content_bytes(a.task_id or "")
        assert (tmp_path / "shot-2.mp4").read_bytes() == theirs
