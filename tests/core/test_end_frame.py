"""The end-frame check's comparison: a clip's last frame against the end frame as it was sent, both made
small and grey, so that the encoder's noise (and a small camera move) count for little and another
picture for a lot."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw

from veo_desktop.core.clips.end_frame import THRESHOLD, compare, frame_distance


def shapes(seed: int, size: tuple[int, int] = (320, 180), background: int = 90) -> Image.Image:
    """A picture of coloured ellipses, different for every seed."""
    draw_from = random.Random(seed)
    picture = Image.new("RGB", size, (background, background, background))
    draw = ImageDraw.Draw(picture)
    for _ in range(30):
        x, y = draw_from.randrange(size[0]), draw_from.randrange(size[1])
        box = (x, y, x + draw_from.randrange(20, 120), y + draw_from.randrange(20, 90))
        draw.ellipse(box, fill=tuple(draw_from.randrange(256) for _ in range(3)))
    return picture


def as_a_codec_leaves_it(picture: Image.Image, size: tuple[int, int] = (170, 96)) -> Image.Image:
    """Scaled to the video's size, blocky JPEG at a low quality, and some grain on top."""
    out = io.BytesIO()
    picture.resize(size, Image.Resampling.BILINEAR).save(out, format="JPEG", quality=20)
    noisy = Image.open(io.BytesIO(out.getvalue())).convert("RGB")
    grain = Image.effect_noise(size, 12).convert("RGB")
    return Image.blend(noisy, grain, 0.08)


def test_the_same_picture_through_a_codec_is_the_end_frame() -> None:
    for seed in range(5):
        end, start = shapes(seed), shapes(seed + 100)
        for check in (
            compare(as_a_codec_leaves_it(end), end),
            compare(as_a_codec_leaves_it(end), end, start),
        ):
            assert check.matched, (seed, check.distance)
            assert check.distance < THRESHOLD / 2


def test_a_clip_that_stays_on_its_start_frame_did_not_end_on_the_end_frame() -> None:
    """Even busy pictures alike in their greys, whose distance alone is under the threshold."""
    for seed in range(5):
        end, start = shapes(seed), shapes(seed + 100)
        check = compare(as_a_codec_leaves_it(start), end, start)
        assert not check.matched, (seed, check.distance)


def test_a_picture_unlike_the_end_frame_is_not_it() -> None:
    for seed in range(5):
        end, other = shapes(seed, background=30), shapes(seed + 100, background=220)
        check = compare(as_a_codec_leaves_it(other), end)
        assert not check.matched and check.distance > THRESHOLD, (seed, check.distance)


def test_a_small_camera_move_at_the_end_is_still_the_end_frame() -> None:
    sent = shapes(3, (640, 360))
    pushed_in = sent.crop((60, 20, 620, 335)).resize((170, 96), Image.Resampling.BILINEAR)
    assert compare(pushed_in, sent, shapes(4, (640, 360))).matched


def test_the_distance_is_zero_for_the_same_picture_and_more_for_another() -> None:
    a, b = shapes(1), shapes(2)
    assert frame_distance(a, a) == 0
    assert frame_distance(a, b) > 0
