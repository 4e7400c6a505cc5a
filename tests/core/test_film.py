"""Frames out of a clip, and clips joined into a film: real MP4s made and decoded with PyAV."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.clips import audio_packets, colours, make_clip, near, seconds, shade
from veo_desktop.core.clips.clip_frames import NotAVideo, frame_at, save_frame
from veo_desktop.core.clips.film import Cancelled, join


def test_the_last_frame_is_the_last_not_the_first(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "a.mp4", frames=30)
    last = frame_at(clip)
    assert near(last.getpixel((10, 10)), shade(0, 29))  # type: ignore[arg-type]
    assert not near(last.getpixel((10, 10)), shade(0, 0))  # type: ignore[arg-type]


@pytest.mark.parametrize(("at", "frame"), [(0.0, 0), (1.0, 12), (1.5, 18), (0.99, 11), (60.0, 29)])
def test_a_frame_at_a_time_is_the_one_shown_then(tmp_path: Path, at: float, frame: int) -> None:
    clip = make_clip(tmp_path / "a.mp4", frames=30, fps=12)
    image = frame_at(clip, at)
    assert near(image.getpixel((10, 10)), shade(0, frame)), (at, image.getpixel((10, 10)))  # type: ignore[arg-type]


def test_a_saved_frame_never_replaces_a_file(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "a.mp4")
    (tmp_path / "still.png").write_bytes(b"mine")
    saved = save_frame(clip, None, tmp_path / "still.png")
    assert saved.name == "still-2.png" and (tmp_path / "still.png").read_bytes() == b"mine"
    assert saved.read_bytes().startswith(b"\x89PNG")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.mp4", "still-2.png", "still.png"]


@pytest.mark.parametrize("content", [b"", b"not a video at all", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 100])
def test_what_is_not_a_video_is_refused_in_words(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(content)
    with pytest.raises(NotAVideo, match=r"bad\.mp4"):
        frame_at(bad)
    good = make_clip(tmp_path / "good.mp4")
    with pytest.raises(NotAVideo, match=r"bad\.mp4"):
        join([good, bad], tmp_path / "film.mp4")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.mp4", "good.mp4"]  # nothing written


def test_matching_clips_are_joined_by_copying_every_frame_and_sound(tmp_path: Path) -> None:
    clips = [make_clip(tmp_path / f"{n}.mp4", n, frames=24) for n in range(3)]
    film = join(clips, tmp_path / "film.mp4")
    assert film.copied and film.path == tmp_path / "film.mp4"
    shown = colours(film.path)
    assert len(shown) == 72
    for number in range(3):  # each clip's frames, in order, none lost or repeated
        for index in (0, 11, 23):
            assert near(shown[number * 24 + index], shade(number, index)), (number, index)
    assert audio_packets(film.path) == sum(audio_packets(c) for c in clips)
    assert seconds(film.path) == pytest.approx(sum(seconds(c) for c in clips), abs=0.1)


def test_clips_that_differ_are_encoded_again_at_the_first_ones_size(tmp_path: Path) -> None:
    clips = [
        make_clip(tmp_path / "wide.mp4", 0, frames=12, size=(128, 72)),
        make_clip(tmp_path / "tall.mp4", 1, frames=12, size=(72, 128), audio=False),
        make_clip(tmp_path / "fast.mp4", 2, frames=24, size=(128, 72), fps=24),
    ]
    steps: list[float] = []
    film = join(clips, tmp_path / "film.mp4", progress=steps.append)
    assert not film.copied
    shown = colours(film.path)
    assert len(shown) == 48  # every frame of every clip
    assert (
        near(shown[0], shade(0, 0), 20)
        and near(shown[12], shade(1, 0), 20)
        and near(shown[47], shade(2, 23), 20)
    )
    assert seconds(film.path) == pytest.approx(3.0, abs=0.15)
    assert audio_packets(film.path) > 0  # the silent clip got silence: the sound stays in step
    assert steps[-1] == 1.0 and steps == sorted(steps)


def test_a_cancelled_film_leaves_nothing_behind(tmp_path: Path) -> None:
    clips = [make_clip(tmp_path / f"{n}.mp4", n, size=(128 + 16 * n, 72)) for n in range(2)]
    calls = iter(range(1000))
    with pytest.raises(Cancelled):
        join(clips, tmp_path / "film.mp4", cancelled=lambda: next(calls) > 20)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.mp4", "1.mp4"]


def test_a_film_never_replaces_a_file(tmp_path: Path) -> None:
    clips = [make_clip(tmp_path / f"{n}.mp4", n) for n in range(2)]
    (tmp_path / "film.mp4").write_bytes(b"an earlier film")
    film = join(clips, tmp_path / "film.mp4")
    assert film.path.name == "film-2.mp4" and (tmp_path / "film.mp4").read_bytes() == b"an earlier film"


def test_a_clip_with_damaged_pictures_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    """Its index and packets look whole, but its pictures stop decoding half-way: `frame` said
    "incomplete" while `join` copied it into the film without a word (issue 24)."""
    good = make_clip(tmp_path / "good.mp4", frames=48)
    data = bytearray(make_clip(tmp_path / "source.mp4", 1, frames=48, size=(320, 180)).read_bytes())
    middle = slice(len(data) * 2 // 5, len(data) * 3 // 5)
    data[middle] = b"\xff" * (middle.stop - middle.start)
    damaged = tmp_path / "damaged.mp4"
    damaged.write_bytes(bytes(data))
    (tmp_path / "source.mp4").unlink()
    with pytest.raises(NotAVideo, match=r"damaged\.mp4: the video is incomplete") as caught:
        frame_at(damaged)
    with pytest.raises(NotAVideo, match=r"damaged\.mp4") as joined:
        join([good, damaged], tmp_path / "film.mp4")
    assert str(joined.value) == str(caught.value)  # the same words as `frame`
    assert sorted(p.name for p in tmp_path.iterdir()) == ["damaged.mp4", "good.mp4"]  # nothing written
