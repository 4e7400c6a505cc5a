"""`generate --continue-from TASK_ID`: the parent's last frame, not its first, starts the new clip."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

from PIL import Image

from tests.helpers.cli import cli_env, run_cli
from tests.helpers.clips import near
from veo_desktop.core.clips.clip_frames import frame_at
from veo_desktop.emulator.server import EmulatorThread

FAST = ("--poll-interval", "0.1")
RED, BLUE = (220, 30, 30), (30, 40, 220)


def a_two_frame_clip(tmp_path: Path, emulator: EmulatorThread, home: Path) -> tuple[str, Path]:
    """A finished Flow clip that moves from a red start frame to a blue end frame: its task id and video."""
    start, end = tmp_path / "red.png", tmp_path / "blue.png"
    Image.new("RGB", (320, 180), RED).save(start)
    Image.new("RGB", (320, 180), BLUE).save(end)
    model = ("--model", "veo-3.1-landscape-fast-fl")
    done = run_cli(
        "generate",
        str(start),
        "--end-frame",
        str(end),
        *model,
        "--prompt",
        "dusk",
        *FAST,
        env=cli_env(home, emulator),
    )
    assert done.returncode == 0, done.stderr
    video = Path(done.stdout.strip())
    with sqlite3.connect(home / "history.sqlite3") as db:
        (task_id,) = db.execute("SELECT task_id FROM tasks").fetchone()
    return task_id, video


def centre(image: Image.Image) -> tuple[int, int, int]:
    rgb = image.convert("RGB")
    return rgb.getpixel((rgb.width // 2, rgb.height // 2))  # type: ignore[return-value]


def test_the_uploaded_start_frame_is_the_parents_last_frame(
    tmp_path: Path, emulator: EmulatorThread, app_home: Path
) -> None:
    parent, video = a_two_frame_clip(tmp_path, emulator, app_home)
    first, last = centre(frame_at(video, 0.0)), centre(frame_at(video))
    assert not near(first, last, 40)  # the clip moves: its first and last frames differ
    done = run_cli(
        "generate",
        "--continue-from",
        parent,
        "--prompt",
        "night falls",
        *FAST,
        env=cli_env(app_home, emulator),
    )
    assert done.returncode == 0, done.stderr
    posts = [r for r in emulator.server.received if r.route == "submit"]
    assert len(posts) == 2
    sent = posts[1].submission
    assert sent is not None and sent.request.model == "veo-3.1-landscape-fast-fl" and len(sent.frames) == 1
    uploaded = centre(Image.open(io.BytesIO(sent.frames[0])))
    assert near(uploaded, last, 12) and not near(uploaded, first, 40)
    with sqlite3.connect(app_home / "history.sqlite3") as db:
        rows = db.execute("SELECT task_id, parent_task_id, image_name FROM tasks ORDER BY id").fetchall()
    assert rows[1][1] == parent and rows[1][2] == f"last-frame-{parent}.png"
    provenance = json.loads(Path(done.stdout.strip()).with_suffix(".json").read_text())
    assert provenance["continues_task_id"] == parent
    assert [f["role"] for f in provenance["reference_images"]] == ["start"]


def test_a_task_without_its_video_cannot_be_continued_and_nothing_is_sent(
    tmp_path: Path, emulator: EmulatorThread, app_home: Path
) -> None:
    parent, video = a_two_frame_clip(tmp_path, emulator, app_home)
    video.unlink()
    env = cli_env(app_home, emulator)
    done = run_cli("generate", "--continue-from", parent, "--prompt", "more", *FAST, env=env)
    assert done.returncode == 2
    assert (
        f"`veo-desktop download {parent}` fetches it again" in done.stderr and "Traceback" not in done.stderr
    )
    unknown = run_cli("generate", "--continue-from", "video_nope", "--prompt", "more", env=env)
    assert unknown.returncode == 2 and "no task video_nope in the history" in unknown.stderr
    assert len([r for r in emulator.server.received if r.route == "submit"]) == 1
