"""Reference images are accepted by content and refused, with the reason, before any request."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import image_bytes
from veo_desktop.core.clips.images import (
    ImageRejected,
    fit_to_frame,
    frame_fit,
    prepare_image,
    prepare_image_bytes,
)


@pytest.mark.parametrize(
    ("fmt", "mime"), [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")]
)
def test_service_formats_go_as_they_are(fmt: str, mime: str) -> None:
    data = image_bytes(fmt)
    prepared = prepare_image_bytes(data, f"shot.{fmt.lower()}")
    assert prepared.reference.data == data
    assert prepared.reference.mime == mime
    assert (prepared.width, prepared.height, prepared.converted_from) == (320, 240, "")


@pytest.mark.parametrize("fmt", ["BMP", "GIF", "TIFF"])
def test_other_formats_become_png(fmt: str) -> None:
    prepared = prepare_image_bytes(image_bytes(fmt), f"old.{fmt.lower()}")
    assert prepared.reference.mime == "image/png"
    assert prepared.reference.filename == "old.png"
    assert prepared.reference.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert prepared.converted_from == fmt
    with Image.open(io.BytesIO(prepared.reference.data)) as back:
        assert back.size == (320, 240)


def test_extension_does_not_matter() -> None:
    prepared = prepare_image_bytes(image_bytes("PNG"), "really-a-png.jpg")
    assert prepared.reference.mime == "image/png"
    assert prepared.reference.filename == "really-a-png.png"


def test_exif_rotation_is_applied() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to view
    data = image_bytes("JPEG", (320, 240), exif=exif.tobytes())
    prepared = prepare_image_bytes(data, "phone.jpg")
    assert (prepared.width, prepared.height) == (240, 320)
    assert prepared.reference.mime == "image/jpeg"
    with Image.open(io.BytesIO(prepared.reference.data)) as back:
        assert back.size == (240, 320)
        assert back.getexif().get(0x0112, 1) == 1


@pytest.mark.parametrize(("mode", "fmt"), [("CMYK", "JPEG"), ("I;16", "PNG"), ("RGBA", "PNG"), ("P", "GIF")])
def test_unusual_modes_end_as_plain_8_bit(mode: str, fmt: str) -> None:
    prepared = prepare_image_bytes(image_bytes(fmt, mode=mode), f"odd.{fmt.lower()}")
    with Image.open(io.BytesIO(prepared.reference.data)) as back:
        assert back.mode in ("RGB", "RGBA", "L", "LA", "P")


def _png_header_only(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunks = b""
    for kind, body in ((b"IHDR", ihdr), (b"IDAT", zlib.compress(b"")), (b"IEND", b"")):
        chunks += struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return b"\x89PNG\r\n\x1a\n" + chunks


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"%PDF-1.7 not a picture", "this is not an image"),
        (image_bytes("JPEG")[:300], "damaged or incomplete"),
        (image_bytes("PNG", (640, 480))[:200], "damaged"),
        (_png_header_only(20_000, 20_000), "far too many pixels"),  # a decompression bomb
        (_png_header_only(9_000, 9_000), "the image is 9000x9000 pixels"),
        (_png_header_only(60_000, 10), "60000x10"),
        (image_bytes("PNG", (1, 1)), "only 1x1 pixels"),
    ],
)
def test_bad_images_are_refused_with_the_file_name(data: bytes, reason: str) -> None:
    with pytest.raises(ImageRejected) as caught:
        prepare_image_bytes(data, "holiday.png")
    assert str(caught.value).startswith("holiday.png: ")
    assert reason in str(caught.value)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ImageRejected, match=r"nope\.png: the file does not exist"):
        prepare_image(tmp_path / "nope.png")
    with pytest.raises(ImageRejected, match="this is a folder"):
        prepare_image(tmp_path)


def test_animated_gif_uses_its_first_frame() -> None:
    frames = [Image.new("RGB", (64, 48), c) for c in ("red", "blue")]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:])
    prepared = prepare_image_bytes(out.getvalue(), "anim.gif")
    with Image.open(io.BytesIO(prepared.reference.data)) as back:
        red, _, blue = back.convert("RGB").getpixel((5, 5))  # type: ignore[misc]
        assert red > 200 and blue < 50


@pytest.mark.parametrize(
    ("size", "frame", "expected"),
    [
        ((8000, 6000), "1280x720", (1280, 960)),
        ((8000, 6000), "720x1280", (1707, 1280)),
        ((8000, 6000), "3840x2160", (3840, 2880)),
        ((6000, 8000), "1920x1080", (1920, 2560)),
        ((1000, 800), "1280x720", (1000, 800)),  # smaller than the frame: never enlarged
    ],
)
def test_frame_fit_keeps_just_enough_pixels_to_cover_the_frame(
    size: tuple[int, int], frame: str, expected: tuple[int, int]
) -> None:
    assert frame_fit(*size, frame) == expected


def test_an_oversized_photo_is_scaled_for_the_frame_and_says_so() -> None:
    big = Image.effect_noise((4000, 3000), 60).convert("RGB")
    out = io.BytesIO()
    big.save(out, format="JPEG", quality=95)
    prepared = prepare_image_bytes(out.getvalue(), "field.jpg")
    fitted = fit_to_frame(prepared, "1280x720")
    with Image.open(io.BytesIO(fitted.reference.data)) as sent:
        assert sent.size == (1280, 960) and sent.format == "JPEG"
    assert (fitted.width, fitted.height) == (1280, 960) and fitted.sha256 == prepared.sha256
    assert len(fitted.reference.data) < len(prepared.reference.data) / 5
    assert fitted.scale_note.startswith("field.jpg: sent at 1280x960 instead of 4000x3000 (")
    assert fit_to_frame(fitted, "1280x720") is fitted
    small = prepare_image_bytes(image_bytes("PNG", (640, 480)), "small.png")
    assert fit_to_frame(small, "1280x720") is small and small.scale_note == ""
