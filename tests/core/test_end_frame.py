"""The end-frame check's comparison: a clip's last frame against the end frame as it was sent, both made
small and grey, so that the encoder's noise (and a small camera move) count for little and another
picture for a lot; and a flat or faded last frame does not pass for a picture with shapes however close
its brightness (an outside tester's case: a clip that fades to black, on a dark night end frame)."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageEnhance

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


def day() -> Image.Image:
    picture = Image.new("RGB", (640, 360), (135, 190, 235))  # sky
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 220, 640, 360), fill=(90, 160, 80))  # grass
    draw.rectangle((250, 120, 390, 260), fill=(200, 80, 60))  # a house
    return picture


def night() -> Image.Image:
    """Dark all over (its mean grey is about 20), with a lit window and stars: a picture with shapes."""
    picture = Image.new("RGB", (640, 360), (10, 14, 40))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 220, 640, 360), fill=(15, 30, 15))
    draw.rectangle((250, 120, 390, 260), fill=(40, 20, 20))
    draw.rectangle((300, 160, 340, 200), fill=(250, 220, 120))  # a lit window
    for x in range(20, 640, 90):
        draw.ellipse((x, 30, x + 4, 34), fill=(255, 255, 255))  # stars
    return picture


def plain(grey: int, size: tuple[int, int] = (640, 360)) -> Image.Image:
    return Image.new("RGB", size, (grey, grey, grey))


def test_a_flat_dark_last_frame_is_not_a_dark_end_frame_with_shapes() -> None:
    """A clip that fades to black, or a service that ends on anything flat and dark: its brightness is
    near the night's, but it has none of its shapes."""
    for last in (plain(0), plain(20), plain(60), as_a_codec_leaves_it(plain(0), (320, 180))):
        for check in (compare(last, night(), day()), compare(last, night())):
            assert not check.matched and check.distance > THRESHOLD, check.distance


def test_a_last_frame_faded_far_below_the_end_frame_s_contrast_is_not_it() -> None:
    assert compare(ImageEnhance.Brightness(night()).enhance(0.6), night(), day()).matched
    faded = compare(ImageEnhance.Brightness(night()).enhance(0.25), night(), day())
    assert not faded.matched, faded.distance


def test_the_night_end_frame_through_a_codec_is_still_the_end_frame() -> None:
    check = compare(as_a_codec_leaves_it(night()), night(), day())
    assert check.matched and check.distance < THRESHOLD / 2, check.distance


def test_a_plain_end_frame_is_matched_by_its_colour() -> None:
    for grey in (0, 60, 200):
        assert compare(as_a_codec_leaves_it(plain(grey)), plain(grey), day()).matched, grey
        assert compare(plain(grey), plain(grey)).distance == 0
    assert not compare(plain(0), plain(120)).matched
    assert not compare(as_a_codec_leaves_it(shapes(1)), plain(90)).matched  # shapes on its colour


def test_a_push_in_of_a_third_is_still_the_end_frame() -> None:
    """As far as the emulator's camera goes: the last frame shows 66 % of the end frame's width."""
    for seed in range(3):
        sent = shapes(seed, (640, 360))
        pushed_in = sent.crop((176, 62, 596, 298)).resize((170, 96), Image.Resampling.BILINEAR)
        check = compare(pushed_in, sent, shapes(seed + 100, (640, 360)))
        assert check.matched and check.distance < THRESHOLD, (seed, check.distance)
