"""Counts read right for one and for many where the window says them ("1 shot", "2 shots")."""

from __future__ import annotations

from veo_desktop.core.storyboard.window_board import KeptFilm, film_title


def test_a_film_s_tile_counts_its_shots() -> None:
    assert film_title(KeptFilm("film.mp4", 1)) == "Film · 1 shot"
    assert film_title(KeptFilm("film.mp4", 2)) == "Film · 2 shots"
