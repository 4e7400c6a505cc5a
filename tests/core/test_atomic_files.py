"""Files written whole or not at all: settings, saved prompts, provenance, posters."""

from __future__ import annotations

import errno
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from veo_desktop.core.atomic_files import write_atomically
from veo_desktop.core.clips.posters import grab_poster
from veo_desktop.core.prompts import PromptBook
from veo_desktop.emulator.render import render_clip


def test_a_file_is_replaced_whole_and_no_temporary_file_stays(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    target.write_bytes(b"old")
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_new_file_has_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "clip.json"
    write_atomically(target, b"{}")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "prompts.json"
    target.write_bytes(b"old")

    def full_disk(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["prompts.json"]


def test_writers_of_the_same_file_at_once_never_share_a_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "poster.png"
    start = threading.Barrier(8)

    def write(number: int) -> None:
        start.wait()
        for _ in range(20):
            write_atomically(target, bytes([number]) * 100_000)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(write, range(8)))
    data = target.read_bytes()
    assert len(data) == 100_000 and len(set(data)) == 1  # one writer's file, whole
    assert [p.name for p in tmp_path.iterdir()] == ["poster.png"]


def test_two_jobs_making_the_same_poster_at_once_both_succeed(tmp_path: Path) -> None:
    video = tmp_path / "clip.mp4"
    video.write_bytes(
        render_clip(seconds=1, aspect_ratio="16:9", image=None, prompt="p", fps=4, short_side=64)
    )
    cache = tmp_path / "posters"
    with ThreadPoolExecutor(4) as pool:
        made = list(pool.map(lambda _: grab_poster(video, cache), range(4)))
    assert len(set(made)) == 1 and made[0].read_bytes().startswith(b"\x89PNG")
    assert [p.name for p in cache.iterdir()] == [made[0].name]


def test_saved_prompts_survive_as_a_whole_file(tmp_path: Path) -> None:
    book = PromptBook(tmp_path / "prompts.json")
    book.save("a slow pan")
    book.save("a drone shot")
    assert book.saved() == ["a drone shot", "a slow pan"]
    assert [p.name for p in tmp_path.iterdir()] == ["prompts.json"]


def test_write_new_needs_no_fchmod_which_windows_lacks_before_3_13(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Save frame and Export film write through write_new: on Windows with Python 3.11 there is no
    ``os.fchmod``, and they crashed there. The saved file is readable by others (mkstemp's is not)."""
    from veo_desktop.core.atomic_files import write_new

    monkeypatch.delattr(os, "fchmod", raising=False)
    saved = write_new(tmp_path / "frame.png", lambda temp: temp.write_bytes(b"png"))
    assert saved == tmp_path / "frame.png" and saved.read_bytes() == b"png"
    if sys.platform != "win32":
        assert saved.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["frame.png"]
