"""Bad local input and a hostile local disk: fuzzed images, non-ASCII names, a full disk."""

from __future__ import annotations

import io
import shlex
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from tests.conftest import fast_config, image_bytes
from tests.helpers.cli import PRIVATE_MOUNTS, can_mount_tmpfs, cli_env, command, run_cli
from veo_desktop.core.clips.images import ImageRejected, PreparedImage, prepare_image_bytes
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread


def _animated_gif() -> bytes:
    frames = [Image.new("RGB", (80, 60), c) for c in ("red", "blue", "green")]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], duration=80)
    return out.getvalue()


CORPUS = {
    "jpeg": image_bytes("JPEG", (160, 120)),
    "png": image_bytes("PNG", (160, 120)),
    "webp": image_bytes("WEBP", (160, 120)),
    "bmp": image_bytes("BMP", (160, 120)),
    "tiff": image_bytes("TIFF", (160, 120)),
    "gif-animated": _animated_gif(),
    "jpeg-cmyk": image_bytes("JPEG", (160, 120), mode="CMYK"),
    "png-16-bit": image_bytes("PNG", (160, 120), mode="I;16"),
    "png-wide": image_bytes("PNG", (20_000, 2)),
}


@st.composite
def damaged_images(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(sorted(CORPUS)))
    data = bytearray(CORPUS[kind])
    change = draw(st.sampled_from(["truncate", "overwrite", "insert", "as is"]))
    if change == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif change == "overwrite" and data:
        at = draw(st.integers(0, len(data) - 1))
        patch = draw(st.binary(min_size=1, max_size=64))
        data[at : at + len(patch)] = patch
    elif change == "insert":
        at = draw(st.integers(0, len(data)))
        data[at:at] = draw(st.binary(min_size=1, max_size=64))
    extension = draw(st.sampled_from([".png", ".jpg", ".webp", ".gif", ".txt", ""]))
    return f"{kind}-{change}{extension}", bytes(data)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_images())
def test_any_damaged_image_is_accepted_or_refused_with_a_reason(case: tuple[str, bytes]) -> None:
    name, data = case
    started = time.monotonic()
    try:
        prepared = prepare_image_bytes(data, name)
    except ImageRejected as exc:
        assert str(exc).startswith(f"{name}: ") and len(str(exc)) > len(name) + 5
    else:
        assert isinstance(prepared, PreparedImage)
        assert prepared.reference.mime in ("image/jpeg", "image/png", "image/webp")
        with Image.open(io.BytesIO(prepared.reference.data)) as back:
            back.load()  # what goes to the service decodes
    assert time.monotonic() - started < 10, "no hang on any input"


def test_the_whole_corpus_is_usable_but_the_20000_pixel_strip(tmp_path: Path) -> None:
    outcomes = {}
    for kind, data in CORPUS.items():
        try:
            outcomes[kind] = prepare_image_bytes(data, f"{kind}.img").reference.mime
        except ImageRejected as exc:
            outcomes[kind] = str(exc)
    wide = outcomes.pop("png-wide")
    assert wide.startswith("png-wide.img: the image is 20000x2 pixels; the largest accepted")
    assert set(outcomes.values()) <= {"image/jpeg", "image/png", "image/webp"}, outcomes


def test_non_ascii_names_everywhere(app_home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "Vidéos 视频"
    folder.mkdir()
    photo = tmp_path / "海边的 café 🌊.jpg"
    photo.write_bytes(image_bytes("JPEG"))
    with EmulatorThread(fast_config(), FaultPlan()) as emulator:
        done = run_cli(
            "generate", str(photo), "--prompt", "海浪慢慢拍打礁石", "-o", str(folder),
            "--poll-interval", "0.1", env=cli_env(app_home, emulator),
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        saved = Path(done.stdout.strip().splitlines()[-1])
        [task_id] = emulator.server.tasks
        assert saved.parent == folder and "海浪慢慢拍打礁石" in saved.name
        assert saved.read_bytes() == emulator.server.content_bytes(task_id)
        submission = emulator.server.submissions[0].submission
        assert submission is not None and submission.image == photo.read_bytes()
    with sqlite3.connect(app_home / "history.sqlite3") as db:
        assert db.execute("SELECT image_name FROM tasks").fetchone() == ("海边的 café 🌊.jpg",)


@pytest.mark.skipif(sys.platform != "linux" or not can_mount_tmpfs(), reason="needs a private tmpfs")
def test_a_full_disk_fails_the_download_cleanly_and_it_can_be_fetched_later(
    app_home: Path, tmp_path: Path, photo: Path
) -> None:
    full = tmp_path / "small-disk"
    full.mkdir()
    config = fast_config(content_size=1_000_000)
    with EmulatorThread(config, FaultPlan()) as emulator:
        env = cli_env(app_home, emulator)
        generate = shlex.join(
            command("generate", str(photo), "--prompt", "harbour", "-o", str(full), "--poll-interval", "0.1")
        )
        folder = shlex.quote(str(full))
        script = f"mount -t tmpfs -o size=256k tmpfs {folder} && {generate}; rc=$?; ls -A {folder}; exit $rc"
        done = subprocess.run([*PRIVATE_MOUNTS, script], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 1, done.stderr
        assert "No space left on device" in done.stderr and "can be downloaded again" in done.stderr
        assert "Traceback" not in done.stderr
        assert done.stdout.strip() == ""  # the listing of the small disk: no .part, no half video
        [task_id] = emulator.server.tasks
        with sqlite3.connect(app_home / "history.sqlite3") as db:
            assert db.execute("SELECT state FROM tasks").fetchone() == ("download_failed",)
        again = run_cli("download", task_id, "-o", str(tmp_path), env=env)
        assert again.returncode == 0, again.stderr
        fetched = Path(again.stdout.strip().splitlines()[-1])
        assert fetched.read_bytes() == emulator.server.content_bytes(task_id)
        assert len(emulator.server.submissions) == 1
