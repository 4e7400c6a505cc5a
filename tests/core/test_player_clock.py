"""The player's clock: m:ss while playing, hundredths when paused so every frame step shows, and a
sequence's time over the whole film."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.clips import make_clip
from veo_desktop.core.clips.clock import clip_length_ms, clock, film_time, fine_clock, player_clock


def test_playing_shows_whole_seconds_and_paused_shows_hundredths() -> None:
    assert player_clock(1999, 8000, playing=True) == "0:01 / 0:08"
    assert player_clock(1999, 8000, playing=False) == "0:01.99 / 0:08"
    assert player_clock(0, 0, playing=False) == "0:00.00 / 0:00"
    assert clock(61_000) == "1:01" and fine_clock(61_005) == "1:01.00" and fine_clock(-5) == "0:00.00"


def test_every_frame_step_changes_what_the_paused_clock_says() -> None:
    for rate in (12, 24, 25, 30, 50, 60, 100):
        # where a step lands: the middle of frame k (as the player's step does)
        shown = [fine_clock(int((k + 0.5) * 1000 / rate)) for k in range(rate * 3)]
        assert len(set(shown)) == len(shown), rate
    # the whole seconds alone do not move for a step: the old clock showed nothing
    assert clock(int(1.5 * 1000 / 24)) == clock(int(2.5 * 1000 / 24))


def test_a_sequence_counts_over_the_film() -> None:
    assert film_time([8000, 6000, 4000], 0, 500) == (500, 18000)
    assert film_time([8000, 6000, 4000], 2, 1500) == (15500, 18000)
    assert film_time([8000, 0], 1, 10) == (-1, -1)  # a clip of unknown length: no film time
    assert film_time([], 0, 10) == (-1, -1)


def test_a_clip_length_is_read_from_its_file(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "a.mp4", frames=24, fps=12)
    assert abs(clip_length_ms(clip) - 2000) <= 100
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"not a video")
    assert clip_length_ms(broken) == 0
    assert clip_length_ms(tmp_path / "gone.mp4") == 0
