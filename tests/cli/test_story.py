"""`veo-desktop story STORY.json`: refused before anything is sent, planned without sending, filmed shot
after shot (each from the last frame of the one before), and continued after a kill without a shot
sent twice."""

from __future__ import annotations

import collections
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import fast_config
from tests.helpers.cli import Running, cli_env, command, kill, run_cli, start_cli, wait_for
from tests.helpers.clips import seconds
from tests.helpers.frames import START, clip_ends, decoded, difference
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread

FAST = ("--poll-interval", "0.1")
PROMPTS = ("the door opens", "a cat walks in", "night falls")


def storyboard(folder: Path, shots: list[dict[str, Any]] | None = None, **changes: Any) -> Path:
    (folder / "first.png").write_bytes(START)
    data: dict[str, Any] = {
        "version": 1,
        "start_image": "first.png",
        "model": "veo-3.1-fast-generate-preview",
        "seconds": "8",
        "resolution": "720p",
        "aspect_ratio": "16:9",
        "film": "film.mp4",
        "shots": shots if shots is not None else [{"prompt": p} for p in PROMPTS],
    }
    data.update(changes)
    path = folder / "STORY.json"
    path.write_text(json.dumps(data))
    return path


def submitted_prompts(emulator: EmulatorThread) -> collections.Counter[str]:
    return collections.Counter(
        r.submission.request.prompt for r in emulator.server.received if r.route == "submit" and r.submission
    )


@pytest.mark.parametrize(
    ("shots", "changes", "words"),
    [
        ([{"prompt": "a"}, {"prompt": ""}], {}, "Shot 2: Describe the motion you want: the prompt is empty"),
        ([{"prompt": "a"}, {"prompt": "b", "model": "veo-4"}], {}, "Shot 2: The model must be one of"),
        (
            [{"prompt": "a"}, {"prompt": "b", "end_frame": "first.png"}],
            {},
            "Shot 2: veo-3.1-fast-generate-preview takes no end frame",
        ),
        (
            [{"prompt": "a"}, {"prompt": "b", "end_frame": "gone.png", "model": "veo-3.1-landscape-fl"}],
            {},
            "Shot 2: the end frame",
        ),
        ([{"prompt": "a"}], {"start_image": "missing.png"}, "The start picture"),
        ([{"prompt": "a"}], {"version": 99}, "written by a newer release"),
    ],
)
def test_bad_input_is_refused_naming_the_shot_with_exit_2_and_nothing_sent(
    tmp_path: Path,
    emulator: EmulatorThread,
    app_home: Path,
    shots: list[dict[str, Any]],
    changes: Any,
    words: str,
) -> None:
    path = storyboard(tmp_path, shots, **changes)
    done = run_cli("story", str(path), "--yes", *FAST, env=cli_env(app_home, emulator))
    assert done.returncode == 2, done.stderr
    assert words in done.stderr and "Traceback" not in done.stderr
    assert emulator.server.received == []


def test_malformed_json_is_refused_with_exit_2(
    tmp_path: Path, emulator: EmulatorThread, app_home: Path
) -> None:
    path = tmp_path / "STORY.json"
    path.write_text('{"version": 1, "shots": [')
    done = run_cli("story", str(path), "--yes", env=cli_env(app_home, emulator))
    assert done.returncode == 2 and "not valid JSON" in done.stderr
    assert emulator.server.received == []


def test_plan_prints_the_shots_and_the_total_and_sends_nothing(
    tmp_path: Path, emulator: EmulatorThread, app_home: Path
) -> None:
    shots = [{"prompt": "a"}, {"prompt": "b", "model": "veo-3.1-landscape-fl"}, {"prompt": "c"}]
    done = run_cli("story", str(storyboard(tmp_path, shots)), "--plan", env=cli_env(app_home, emulator))
    assert done.returncode == 0, done.stderr
    assert "veo-3.1-landscape-fl $0.25" in done.stdout and "Total: $0.85 for 3 shot(s)" in done.stdout
    assert emulator.server.received == []
    assert not (tmp_path / "STORY.progress.json").exists()


def test_without_yes_and_without_a_terminal_nothing_is_billed(
    tmp_path: Path, emulator: EmulatorThread, app_home: Path
) -> None:
    done = subprocess.run(
        command("story", str(storyboard(tmp_path)), *FAST),
        env=cli_env(app_home, emulator),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "pass --yes" in done.stderr
    assert emulator.server.received == []


def test_three_shots_are_filmed_in_order_each_from_the_last_frame_before_and_cut_into_a_film(
    tmp_path: Path, emulator: EmulatorThread, app_home: Path
) -> None:
    done = run_cli("story", str(storyboard(tmp_path)), "--yes", *FAST, env=cli_env(app_home, emulator))
    assert done.returncode == 0, done.stderr
    assert "Shot 3 of 3" in done.stderr
    posts = emulator.server.submissions
    assert [p.submission.request.prompt for p in posts if p.submission] == list(PROMPTS)
    task_ids = list(emulator.server.tasks)
    assert len(task_ids) == 3
    first_upload = decoded(posts[0].submission.frames[0]) if posts[0].submission else None
    assert first_upload is not None and difference(first_upload, decoded(START)) < 3
    for number in (1, 2):  # shots 2 and 3 start from the last frame of the clip before
        sent = posts[number].submission
        assert sent is not None and len(sent.frames) == 1
        first, last, _ = clip_ends(emulator.server.content_bytes(task_ids[number - 1]))
        uploaded = decoded(sent.frames[0])
        assert difference(uploaded, last) < 6, number
        assert difference(uploaded, last) < difference(uploaded, first)
    film = Path(done.stdout.strip().splitlines()[-1])
    assert film == tmp_path / "film.mp4" and film.is_file()
    assert seconds(film) == pytest.approx(24, abs=0.5)  # the sum of its three 8-second clips
    listing = json.loads(film.with_suffix(".json").read_text())
    assert [s["task_id"] for s in listing["shots"]] == task_ids
    assert [s["prompt"] for s in listing["shots"]] == list(PROMPTS)
    assert [s["continues_task_id"] for s in listing["shots"]] == [None, *task_ids[:2]]
    assert listing["total_cost"] == {"cents": 90, "text": "$0.90"}
    # Run again: nothing is sent, the film is the one already made.
    again = run_cli("story", str(tmp_path / "STORY.json"), "--yes", *FAST, env=cli_env(app_home, emulator))
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == str(film) and len(emulator.server.submissions) == 3


@pytest.fixture
def slow_emulator() -> Iterator[EmulatorThread]:
    thread = EmulatorThread(fast_config(render_seconds=3.0), FaultPlan(seed=1))
    thread.start()
    try:
        yield thread
    finally:
        thread.stop()


def test_killed_while_shot_2_is_generating_run_again_sends_no_shot_twice_and_finishes_the_film(
    tmp_path: Path, slow_emulator: EmulatorThread, app_home: Path
) -> None:
    emulator = slow_emulator
    env = cli_env(app_home, emulator)
    path = storyboard(tmp_path)
    first = Running(start_cli("story", str(path), "--yes", *FAST, env=env))

    def shot_2_polled() -> bool:
        received = list(emulator.server.received)
        posts = [i for i, r in enumerate(received) if r.route == "submit"]
        return len(posts) == 2 and any(r.route == "status" for r in received[posts[1] :])

    wait_for(shot_2_polled, "shot 2 accepted and being polled", timeout=60)
    kill(first.process)
    kept = json.loads((tmp_path / "STORY.progress.json").read_text())
    assert [s["task_id"] is not None for s in kept["shots"]] == [True, True]
    again = run_cli("story", str(path), "--yes", *FAST, env=env)
    assert again.returncode == 0, again.stderr
    assert "not sent again" in again.stderr
    assert submitted_prompts(emulator) == collections.Counter(PROMPTS)  # each shot exactly once
    film = Path(again.stdout.strip().splitlines()[-1])
    assert film.is_file() and seconds(film) == pytest.approx(24, abs=0.5)
    listing = json.loads(film.with_suffix(".json").read_text())
    assert [s["task_id"] for s in listing["shots"]] == list(emulator.server.tasks)


def test_the_demo_films_a_continuous_story(tmp_path: Path, app_home: Path) -> None:
    """Offline (`--demo`): each continued shot starts where the clip before ended."""
    path = storyboard(tmp_path, [{"prompt": "a"}, {"prompt": "b"}])
    done = run_cli("story", str(path), "--demo", "--yes", *FAST, env=cli_env(app_home), timeout=180)
    assert done.returncode == 0, done.stderr
    listing = json.loads((tmp_path / "film.json").read_text())
    clips = [Path(s["video"]).read_bytes() for s in listing["shots"]]
    _, last_of_first, _ = clip_ends(clips[0])
    first_of_second, _, _ = clip_ends(clips[1])
    assert difference(first_of_second, last_of_first) < 8
    assert listing["demo"] is True
