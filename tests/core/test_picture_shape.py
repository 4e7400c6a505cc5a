"""The aspect ratio follows the picture's shape unless the user picked one (issue 28)."""

from __future__ import annotations

from veo_desktop.core.clips.picture_shape import ShapeSuggestion, shape_of, suggest_shape


def test_a_portrait_picture_suggests_9_16_and_says_why() -> None:
    assert suggest_shape(1080, 1920, picked=False) == ShapeSuggestion(
        "9:16", "9:16, from your picture's shape"
    )
    assert suggest_shape(600, 800, picked=False) == ShapeSuggestion("9:16", "9:16, from your picture's shape")


def test_a_landscape_picture_suggests_16_9() -> None:
    assert suggest_shape(800, 600, picked=False) == ShapeSuggestion("16:9", "16:9, from your picture's shape")
    assert suggest_shape(4000, 100, picked=False) is not None


def test_a_ratio_the_user_picked_stands() -> None:
    assert suggest_shape(1080, 1920, picked=True) is None
    assert suggest_shape(1920, 1080, picked=True) is None


def test_a_square_or_unreadable_picture_suggests_nothing() -> None:
    assert suggest_shape(512, 512, picked=False) is None
    assert shape_of(0, 100) is None and shape_of(100, -1) is None
