"""The CLI end to end: a child process against the emulator over real loopback HTTP."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import image_bytes
from tests.helpers.cli import cli_env, run_cli
from veo_desktop.emulator.server import EmulatorThread

FAST = ("--poll-interval", "0.1")


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_generate_from_an_image_saves_the_video(
    emulator: EmulatorThread, app_home: Path, photo: Path
) -> None:
    done = run_cli(
        "generate",
        str(photo),
        "--prompt",
        "Slow push-in: the harbour at dusk!",
        *FAST,
        env=cli_env(app_home, emulator),
    )
    assert done.returncode == 0, done.stderr
    saved = Path(done.stdout.strip().splitlines()[-1])
    assert saved.parent == app_home / "videos"
    assert saved.name.endswith(".mp4") and "slow-push-in-the-harbour-at-dusk" in saved.name
    [task_id] = emulator.server.tasks
    assert saved.read_bytes() == emulator.server.content_bytes(task_id)
    assert task_id[-8:] in saved.name
    assert "Queued" in done.stderr and "Ready" in done.stderr
    assert "Ready · queued 0:0" in done.stderr and " · generating 0:0" in done.stderr  # the time split
    assert "Traceback" not in done.stderr
    submission = emulator.server.submissions[0].submission
    assert submission is not None and submission.image == photo.read_bytes()


def test_generate_without_image_is_text_to_video_into_a_named_file(
    emulator: EmulatorThread, app_home: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "lighthouse.mp4"
    target.parent.mkdir()
    done = run_cli(
        "generate",
        "--prompt",
        "a lighthouse",
        "--resolution",
        "1080p",
        "--aspect-ratio",
        "9:16",
        "-o",
        str(target),
        *FAST,
        env=cli_env(app_home, emulator),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == str(target)
    assert target.read_bytes()[4:8] == b"ftyp"
    received = emulator.server.submissions[0]
    assert received.headers["content-type"] == "application/json"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--seconds", "4", "--resolution", "4k"], "4k videos need 8 seconds, not 4"),
        (["--seed", "banana"], "The seed must be a whole number"),
        (["--prompt", "   "], "the prompt is empty"),
        (["-o", "/nonexistent-folder/x.mp4"], "the folder /nonexistent-folder does not exist"),
        (["-o", "/tmp/not-a-video.txt"], "not an existing folder, nor a path ending in .mp4"),
    ],
)
def test_bad_arguments_are_refused_before_any_request(
    emulator: EmulatorThread, app_home: Path, photo: Path, args: list[str], message: str
) -> None:
    done = run_cli("generate", str(photo), "--prompt", "x", *args, env=cli_env(app_home, emulator))
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert done.stdout == ""
    assert emulator.server.received == []
    assert files_under(app_home / "videos") == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"hello, I am text", "this is not an image"),
        (image_bytes("JPEG")[:400], "damaged or incomplete"),
    ],
)
def test_a_bad_image_is_refused_naming_the_file(
    emulator: EmulatorThread, app_home: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "holiday.jpg"
    bad.write_bytes(content)
    done = run_cli("generate", str(bad), "--prompt", "x", env=cli_env(app_home, emulator))
    assert done.returncode == 2
    assert (
        done.stderr.strip() == f"veo-desktop: holiday.jpg: {done.stderr.split('holiday.jpg: ', 1)[1].strip()}"
    )
    assert message in done.stderr
    assert emulator.server.received == []
    assert not (app_home / "history.sqlite3").exists()


def test_no_key_says_what_to_do(app_home: Path, photo: Path) -> None:
    done = run_cli("generate", str(photo), "--prompt", "x", env=cli_env(app_home))
    assert done.returncode == 2
    assert "No API key" in done.stderr and "--demo" in done.stderr


def test_plain_http_to_a_remote_host_is_refused(app_home: Path, photo: Path) -> None:
    env = cli_env(
        app_home, APIYI_API_KEY="sk-some-real-looking-key", APIYI_BASE_URL="http://api.example.com/v1"
    )
    done = run_cli("generate", str(photo), "--prompt", "x", env=env)
    assert done.returncode == 2
    assert "Refusing to send your API key over plain http://" in done.stderr


def test_a_failed_task_exits_non_zero_with_the_reason(emulator: EmulatorThread, app_home: Path) -> None:
    done = run_cli("generate", "--prompt", "x #fail", *FAST, env=cli_env(app_home, emulator))
    assert done.returncode == 1
    assert "blocked by the content safety system" in done.stderr.splitlines()[-1]
    assert done.stdout == ""
    silent = run_cli("generate", "--prompt", "x #fail-silent", *FAST, env=cli_env(app_home, emulator))
    assert "The service gave no reason. Failed tasks are not charged" in silent.stderr


def test_status_and_download_of_an_existing_task(
    emulator: EmulatorThread, app_home: Path, tmp_path: Path, photo: Path
) -> None:
    env = cli_env(app_home, emulator)
    made = run_cli("generate", str(photo), "--prompt", "x", *FAST, env=env)
    [task_id] = emulator.server.tasks
    status = run_cli("status", task_id, env=env)
    assert status.returncode == 0
    assert status.stdout.strip() == f"{task_id}: completed (100%), veo-3.1-fast-generate-preview"
    again = tmp_path / "again.mp4"
    download = run_cli("download", task_id, "-o", str(again), env=env)
    assert download.returncode == 0, download.stderr
    assert download.stdout.strip().splitlines()[-1] == str(again)
    assert again.read_bytes() == Path(made.stdout.strip()).read_bytes()


def test_status_of_an_unknown_or_malformed_task_id(emulator: EmulatorThread, app_home: Path) -> None:
    env = cli_env(app_home, emulator)
    unknown = run_cli("status", "task_doesnotexist", env=env)
    assert unknown.returncode == 3 and "does not know the task task_doesnotexist" in unknown.stderr
    hostile = run_cli("download", "../../etc/passwd", env=env)
    assert hostile.returncode == 2 and "is not a task id" in hostile.stderr
    assert [r.route for r in emulator.server.received] == ["status"]


def test_import_follows_a_task_made_elsewhere(
    emulator: EmulatorThread, app_home: Path, tmp_path: Path
) -> None:
    other_home = tmp_path / "other-computer"
    run_cli("generate", "--prompt", "made elsewhere", *FAST, env=cli_env(other_home, emulator))
    [task_id] = emulator.server.tasks
    env = cli_env(app_home, emulator)
    done = run_cli("import", task_id, *FAST, env=env)
    assert done.returncode == 0, done.stderr
    assert (
        f"veo-desktop: {task_id}: veo-3.1-fast-generate-preview on the official channel costs $0.30 ("
        in done.stderr
    )
    saved = Path(done.stdout.strip().splitlines()[-1])
    assert saved.read_bytes() == emulator.server.content_bytes(task_id)
    listing = run_cli("tasks", env=env)
    [line] = listing.stdout.strip().splitlines()
    assert line.split("\t")[:2] == [task_id, "completed"]
    with sqlite3.connect(app_home / "history.sqlite3") as db:
        assert db.execute("SELECT imported, cost_cents FROM tasks").fetchall() == [(1, 30)]


def test_demo_makes_a_playable_video_with_no_key(app_home: Path, photo: Path) -> None:
    done = run_cli(
        "generate", str(photo), "--prompt", "gentle pan", "--seconds", "4", "--demo", env=cli_env(app_home)
    )
    assert done.returncode == 0, done.stderr
    saved = Path(done.stdout.strip().splitlines()[-1])
    import av

    with av.open(str(saved)) as container:
        frames = sum(1 for _ in container.decode(video=0))
    assert frames == 4 * 24
    listing = run_cli("tasks", env=cli_env(app_home))
    assert "[demo]" in listing.stdout


@pytest.mark.parametrize(
    ("args", "env_extra", "said"),
    [
        (["generate", "--prompt", "x", "--base-url", "http://127.0.0.1:99999/v1"], {}, "is not a valid URL"),
        (["generate", "--prompt", "x"], {"APIYI_API_KEY": "short"}, "does not look like an API key"),
        (["import", "a b"], {"APIYI_API_KEY": "sk-well-formed-key-1234"}, "is not a task id"),
        (["generate", "--prompt", "x", "-o", "x" * 300 + ".mp4"], {}, "the file name is too long"),
    ],
    ids=["port out of range", "malformed key", "task id with a space", "file name too long"],
)
def test_bad_input_changes_nothing_and_says_so_in_one_line(
    app_home: Path,
    emulator: EmulatorThread,
    tmp_path: Path,
    args: list[str],
    env_extra: dict[str, str],
    said: str,
) -> None:
    args = [a if not a.startswith("xxxx") else str(tmp_path / a) for a in args]
    done = run_cli(*args, env=cli_env(app_home, emulator, **env_extra))
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert said in line and "Traceback" not in done.stderr
    assert emulator.server.received == []
    assert not (app_home / "history.sqlite3").exists()


def test_download_of_a_saved_task_never_puts_its_video_at_risk(
    app_home: Path, emulator: EmulatorThread
) -> None:
    """`download` of a task whose video is saved: nothing to fetch. Even when the service no longer has
    the video (or the disk is full), the saved file and its record stay as they were."""
    env = cli_env(app_home, emulator)
    made = run_cli("generate", "--prompt", "harbour", "--poll-interval", "0.1", env=env)
    assert made.returncode == 0, made.stderr
    saved = Path(made.stdout.strip())
    [task_id] = emulator.server.tasks
    emulator.server.faults.add("answer", "content", status=404, body=b'{"error":{"message":"gone"}}', times=5)
    again = run_cli("download", task_id, env=env)
    assert again.returncode == 0 and again.stdout.strip() == str(saved)
    listing = run_cli("tasks", env=env).stdout.strip().split("\t")
    assert listing[1] == "completed" and listing[-1] == str(saved)
    assert saved.read_bytes() == emulator.server.content_bytes(task_id)
