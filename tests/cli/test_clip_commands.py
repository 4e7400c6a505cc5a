"""`veo-desktop frame` and `veo-desktop join`, run as a user's shell would, on real MP4s."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers.cli import PRIVATE_MOUNTS, can_mount_tmpfs, cli_env, command, run_cli
from tests.helpers.clips import audio_packets, colours, make_clip, near, seconds, shade


def test_frame_at_last_saves_the_last_frame(tmp_path: Path, app_home: Path) -> None:
    clip = make_clip(tmp_path / "clip.mp4", frames=30)
    done = run_cli(
        "frame", str(clip), "--at", "last", "-o", str(tmp_path / "last.png"), env=cli_env(app_home)
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(tmp_path / "last.png")
    with Image.open(tmp_path / "last.png") as image:
        assert image.format == "PNG"
        assert near(image.convert("RGB").getpixel((5, 5)), shade(0, 29))  # type: ignore[arg-type]
    done = run_cli("frame", str(clip), "--at", "1.0", "-o", str(tmp_path / "one.png"), env=cli_env(app_home))
    with Image.open(done.stdout.strip()) as image:
        assert near(image.convert("RGB").getpixel((5, 5)), shade(0, 12))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["frame", "{bad}", "-o", "{out}/f.png"], "bad.mp4: not a video this app can read"),
        (["frame", "{missing}", "-o", "{out}/f.png"], "missing.mp4: there is no such file"),
        (["frame", "{good}", "--at", "soon", "-o", "{out}/f.png"], "'soon' is not a number of seconds"),
        (["frame", "{good}", "-o", "{out}/f.jpg"], "f.jpg: the frame is saved as a PNG"),
        (["join", "{good}", "{bad}", "-o", "{out}/film.mp4"], "bad.mp4: not a video this app can read"),
        (["join", "{good}", "{image}", "-o", "{out}/film.mp4"], "still.png: "),
        (["join", "{good}", "-o", "{out}/film.mp4"], "at least two clips"),
        (["join", "{good}", "{good}", "-o", "{out}/nowhere/film.mp4"], "does not exist"),
    ],
)
def test_bad_input_is_refused_in_one_line_and_writes_nothing(
    tmp_path: Path, app_home: Path, args: list[str], says: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "bad.mp4").write_bytes(b"<html>an error page saved as a video</html>")
    Image.new("RGB", (32, 32)).save(tmp_path / "still.png")
    names = {
        "bad": tmp_path / "bad.mp4",
        "missing": tmp_path / "missing.mp4",
        "good": make_clip(tmp_path / "good.mp4"),
        "image": tmp_path / "still.png",
        "out": out,
    }
    done = run_cli(*(a.format(**{k: str(v) for k, v in names.items()}) for a in args), env=cli_env(app_home))
    assert done.returncode == 2, done.stderr
    assert says in done.stderr and "Traceback" not in done.stderr
    assert len([line for line in done.stderr.splitlines() if not line.startswith("usage:")]) == 1
    assert list(out.iterdir()) == []


def test_join_copies_matching_clips_with_every_frame_and_lists_them(tmp_path: Path, app_home: Path) -> None:
    clips = [make_clip(tmp_path / f"clip{n}.mp4", n, frames=24) for n in range(3)]
    film = tmp_path / "film.mp4"
    began = time.monotonic()
    done = run_cli("join", *map(str, clips), "-o", str(film), env=cli_env(app_home))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(film) and "copied without re-encoding" in done.stderr
    assert time.monotonic() - began < 60  # the process; the join itself is timed in benchmarks/
    shown = colours(film)
    assert len(shown) == 72 and near(shown[24], shade(1, 0)) and near(shown[71], shade(2, 23))
    assert audio_packets(film) == sum(audio_packets(c) for c in clips)
    assert seconds(film) == pytest.approx(6.0, abs=0.1)
    listed = json.loads((tmp_path / "film.json").read_text())
    assert [c["file"] for c in listed["clips"]] == ["clip0.mp4", "clip1.mp4", "clip2.mp4"]


@pytest.mark.skipif(sys.platform != "linux" or not can_mount_tmpfs(), reason="needs a private tmpfs")
def test_a_full_disk_leaves_no_partial_film(tmp_path: Path, app_home: Path) -> None:
    clips = [make_clip(tmp_path / f"clip{n}.mp4", n, frames=48, size=(320, 180)) for n in range(3)]
    small = tmp_path / "small"
    small.mkdir()
    join = shlex.join(command("join", *map(str, clips), "-o", str(small / "film.mp4")))
    folder = shlex.quote(str(small))
    script = f"mount -t tmpfs -o size=48k tmpfs {folder} || exit 99; {join}; echo rc=$?; ls -A {folder}"
    done = subprocess.run(
        [*PRIVATE_MOUNTS, script], env=cli_env(app_home), capture_output=True, text=True, timeout=120
    )
    assert "rc=1" in done.stdout, (done.stdout, done.stderr)
    assert "No space left on device" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout.strip().endswith("rc=1")  # and nothing listed in the folder after it
