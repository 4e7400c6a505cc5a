"""`generate` with an end frame and the Flow channel's models: a child process against the emulator.

Every combination the service would refuse is refused here first (exit 2, the rules' one-line reason
naming a model that would work), before anything is sent, recorded or written.
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.conftest import image_bytes
from tests.helpers.cli import cli_env, run_cli
from veo_desktop.api import rules
from veo_desktop.cli.parser import build_parser
from veo_desktop.emulator.server import EmulatorThread

FAST = ("--poll-interval", "0.1")
START, END = "<start>", "<end>"


@pytest.fixture
def frames(tmp_path: Path) -> dict[str, Path]:
    """A start frame (PNG) and an end frame (JPEG): different bytes, so they cannot be mistaken."""
    start, end = tmp_path / "first.png", tmp_path / "last.png"
    start.write_bytes(image_bytes("PNG", size=(320, 180)))
    end.write_bytes(image_bytes("JPEG", size=(320, 180), quality=90))
    return {START: start, END: end}


def written(home: Path) -> list[Path]:
    """What a run left in the app's home besides its log: the history, references, videos."""
    if not home.exists():
        return []
    return sorted(p for p in home.rglob("*") if p.is_file() and "logs" not in p.relative_to(home).parts)


def refused_without_a_trace(
    done: subprocess.CompletedProcess[str], emulator: EmulatorThread, home: Path
) -> str:
    """The one line the user read, once it is sure that nothing was sent, recorded or written."""
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert emulator.server.received == []  # not one request, let alone a POST
    assert written(home) == []  # no history row (not even a database), no reference copy, no video
    return lines[0]


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (
            [START, "--end-frame", END],
            "veo-3.1-fast-generate-preview takes no end frame; "
            "the Flow channel's veo-3.1-landscape-fast-fl does",
        ),
        (
            [START, "--end-frame", END, "--aspect-ratio", "9:16"],
            "veo-3.1-fast-generate-preview takes no end frame; the Flow channel's veo-3.1-fast-fl does",
        ),
        (
            [START, "--end-frame", END, "--model", "veo-3.1-generate-preview"],
            "veo-3.1-generate-preview takes no end frame; the Flow channel's veo-3.1-landscape-fl does",
        ),
        (
            [START, "--end-frame", END, "--model", "veo-3.1-landscape"],
            "veo-3.1-landscape makes videos from text only; for a start frame use veo-3.1-landscape-fl",
        ),
        (
            [START, "--model", "veo-3.1-fast"],
            "veo-3.1-fast makes videos from text only; for a start frame use veo-3.1-fast-fl",
        ),
        (
            [START, "--model", "veo-3.1-landscape-fast"],
            "veo-3.1-landscape-fast makes videos from text only; "
            "for a start frame use veo-3.1-landscape-fast-fl",
        ),
        (
            [START, "--end-frame", END, "--model", "veo-3.1-fast-fl", "--seconds", "4"],
            "veo-3.1-fast-fl makes 8-second clips only (got 4)",
        ),
        (
            [START, "--model", "veo-3.1-landscape-fl", "--seconds", "6"],
            "veo-3.1-landscape-fl makes 8-second clips only (got 6)",
        ),
        (
            [START, "--model", "veo-3.1-fl", "--resolution", "1080p"],
            "veo-3.1-fl makes 720p clips only (got 1080p)",
        ),
        (
            ["--model", "veo-3.1", "--resolution", "4k"],
            "veo-3.1 makes 720p clips only (got 4k)",
        ),
        (
            ["--end-frame", END, "--model", "veo-3.1-landscape-fast-fl"],
            "An end frame needs a start frame",
        ),
        (
            ["--end-frame", END],
            "An end frame needs a start frame",
        ),
        (
            [START, "--model", "veo-3.1-fl", "--aspect-ratio", "16:9"],
            "veo-3.1-fl makes portrait (9:16) videos; for 16:9 use veo-3.1-landscape-fl",
        ),
        (
            [START, "--end-frame", END, "--model", "veo-3.1-landscape-fast-fl", "--aspect-ratio", "9:16"],
            "veo-3.1-landscape-fast-fl makes landscape (16:9) videos; for 9:16 use veo-3.1-fast-fl",
        ),
        (
            ["--model", "veo-3.1-fast-fl"],
            "veo-3.1-fast-fl needs a start frame; for a video from text only use veo-3.1-fast",
        ),
        (
            [START, "--model", "veo-3.1-fast-fl", "--seed", "7"],
            "veo-3.1-fast-fl takes no seed",
        ),
    ],
    ids=[
        "end frame, official fast",
        "end frame, official fast, portrait",
        "end frame, official standard",
        "end frame, text-only Flow",
        "image, Flow without -fl",
        "image, landscape Flow without -fl",
        "4 s on Flow",
        "6 s on Flow",
        "1080p on Flow",
        "4k on Flow text-only",
        "end frame without start, Flow",
        "end frame without start, official",
        "16:9 on a portrait Flow model",
        "9:16 on a landscape Flow model",
        "-fl model with no image",
        "seed on Flow",
    ],
)
def test_a_combination_the_service_refuses_is_refused_before_sending(
    emulator: EmulatorThread, app_home: Path, frames: dict[str, Path], args: list[str], reason: str
) -> None:
    argv = [str(frames[a]) if a in frames else a for a in args]
    done = run_cli("generate", *argv, "--prompt", "day becomes night", env=cli_env(app_home, emulator))
    assert refused_without_a_trace(done, emulator, app_home) == f"veo-desktop: {reason}"


def test_every_reason_is_given_on_one_line(
    emulator: EmulatorThread, app_home: Path, frames: dict[str, Path]
) -> None:
    done = run_cli(
        "generate",
        str(frames[START]),
        "--end-frame",
        str(frames[END]),
        "--model",
        "veo-3.1-fl",
        "--seconds",
        "4",
        "--aspect-ratio",
        "16:9",
        "--prompt",
        "x",
        env=cli_env(app_home, emulator),
    )
    line = refused_without_a_trace(done, emulator, app_home)
    assert line == (
        "veo-desktop: veo-3.1-fl makes 8-second clips only (got 4); "
        "veo-3.1-fl makes portrait (9:16) videos; for 16:9 use veo-3.1-landscape-fl"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "the file does not exist"),
        (b"", "the file is empty"),
        (b"hello, I am text", "this is not an image"),
        (image_bytes("JPEG")[:400], "damaged or incomplete"),
    ],
    ids=["missing", "empty", "text", "truncated"],
)
def test_a_bad_end_frame_is_refused_like_a_bad_start_frame(
    emulator: EmulatorThread,
    app_home: Path,
    tmp_path: Path,
    frames: dict[str, Path],
    content: bytes | None,
    message: str,
) -> None:
    bad = tmp_path / "sunset.jpg"
    if content is not None:
        bad.write_bytes(content)
    env = cli_env(app_home, emulator)
    model = ("--model", "veo-3.1-landscape-fast-fl", "--prompt", "x")
    as_end = run_cli("generate", str(frames[START]), "--end-frame", str(bad), *model, env=env)
    line = refused_without_a_trace(as_end, emulator, app_home)
    assert line.startswith("veo-desktop: sunset.jpg: ") and message in line
    as_start = run_cli("generate", str(bad), "--end-frame", str(frames[END]), *model, env=env)
    assert refused_without_a_trace(as_start, emulator, app_home) == line  # the same check, the same words


def test_model_takes_every_name_in_the_rules_table_and_leaves_the_settings_unset() -> None:
    parser = build_parser()
    for model in rules.MODELS:
        args = parser.parse_args(["generate", "--prompt", "x", "--model", model])
        assert args.model == model
        assert (args.seconds, args.resolution, args.aspect_ratio, args.end_frame) == (None, None, None, None)
    with pytest.raises(SystemExit):
        parser.parse_args(["generate", "--prompt", "x", "--model", "veo-3.1-fl-landscape"])


def test_help_lists_each_model_with_its_price_and_the_end_frame(app_home: Path) -> None:
    done = run_cli("generate", "--help", env=cli_env(app_home))
    assert done.returncode == 0, done.stderr
    assert "--end-frame END" in done.stdout and "Flow channel" in done.stdout
    rows = {line.split()[0]: line.split() for line in done.stdout.splitlines() if line.startswith("    veo-")}
    assert set(rows) == set(rules.MODELS)
    assert rows["veo-3.1-landscape-fast-fl"][1:3] == ["$0.15", "8"]
    assert rows["veo-3.1-fl"][1] == "$0.25" and "9:16," in rows["veo-3.1-fl"]
    assert rows["veo-3.1-generate-preview"][1] == "$1.20"


def history_rows(home: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(home / "history.sqlite3") as db:
        return db.execute(
            "SELECT task_id, state, model, seconds, resolution, aspect_ratio, cost_cents, image_name, "
            "end_image_name FROM tasks"
        ).fetchall()


def test_a_start_and_an_end_frame_on_the_flow_channel_make_a_video(
    emulator: EmulatorThread, app_home: Path, frames: dict[str, Path]
) -> None:
    done = run_cli(
        "generate",
        str(frames[START]),
        "--end-frame",
        str(frames[END]),
        "--model",
        "veo-3.1-landscape-fast-fl",
        "--prompt",
        "the red door opens",
        *FAST,
        env=cli_env(app_home, emulator),
    )
    assert done.returncode == 0, done.stderr
    [task_id] = emulator.server.tasks
    saved = Path(done.stdout.strip())
    assert saved.parent == app_home / "videos" and saved.name.endswith(".mp4")
    assert saved.read_bytes() == emulator.server.content_bytes(task_id)
    price = (
        f"veo-desktop: {task_id}: veo-3.1-landscape-fast-fl on the Flow channel costs $0.15 "
        "(charged only if the video is completed)"
    )
    assert price in done.stderr.splitlines()
    [submission] = emulator.server.submissions
    assert submission.method == "POST" and submission.submission is not None
    assert submission.submission.request.model == "veo-3.1-landscape-fast-fl"
    # Both frames reached the -fl model, as they were given and in order: the start, then the end.
    assert submission.submission.frames == (frames[START].read_bytes(), frames[END].read_bytes())
    assert history_rows(app_home) == [
        (task_id, "completed", "veo-3.1-landscape-fast-fl", "8", "720p", "16:9", 15, "first.png", "last.png")
    ]


def test_a_flow_model_alone_gets_the_length_resolution_and_shape_its_name_fixes(
    emulator: EmulatorThread, app_home: Path, frames: dict[str, Path]
) -> None:
    done = run_cli(
        "generate",
        str(frames[START]),
        "--model",
        "veo-3.1-fl",
        "--framing",
        "crop",
        "--prompt",
        "a slow turn",
        *FAST,
        env=cli_env(app_home, emulator),
    )
    assert done.returncode == 0, done.stderr
    [task_id] = emulator.server.tasks
    assert f"veo-desktop: {task_id}: veo-3.1-fl on the Flow channel costs $0.25 " in done.stderr
    [submission] = emulator.server.submissions
    assert submission.submission is not None and len(submission.submission.frames) == 1
    assert history_rows(app_home) == [
        (task_id, "completed", "veo-3.1-fl", "8", "720p", "9:16", 25, "first.png", "")
    ]
