"""Reference images: accepted by content, never by extension, and refused before any request.

JPEG, PNG and WebP go to the service as they are (unless their EXIF orientation has to be applied);
every other format Pillow can read (BMP, GIF, TIFF, ...) is converted to PNG. A file that is not an
image, is truncated, or would decode to an absurd number of pixels is refused with a message naming
the file and the reason.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Final

from veo_desktop.i18n import translate

if TYPE_CHECKING:  # Pillow and the wire format load with the first image read: the window paints without
    from PIL import Image

    from veo_desktop.api.wire import ReferenceImage

MAX_FILE_BYTES: Final = 200 * 1024 * 1024
MAX_PIXELS: Final = 80_000_000  # a 48-megapixel photo passes; a decompression bomb does not
MAX_SIDE: Final = 16_384
MIN_SIDE: Final = 16
_KEPT: Final = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
_PLAIN_MODES: Final = frozenset({"RGB", "RGBA", "L", "LA", "P"})
EXTENSIONS: Final = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}


class ImageRejected(ValueError):
    """``str()`` names the file and says why, in words for the user."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        super().__init__(f"{name}: {reason}")


@dataclass(frozen=True)
class PreparedImage:
    """A checked image, ready to upload, with what the window shows about it."""

    reference: ReferenceImage
    source_name: str
    width: int
    height: int
    source_bytes: int
    sha256: str
    converted_from: str = ""
    scaled_from: tuple[int, int, int] | None = None  # width, height and bytes before fit_to_frame

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.reference.mime]

    @property
    def scale_note(self) -> str:
        """What fit_to_frame did, in words (empty when the image went as it was)."""
        if self.scaled_from is None:
            return ""
        width, height, size = self.scaled_from
        return (
            f"{self.source_name}: sent at {self.width}x{self.height} instead of {width}x{height} "
            f"({size_words(size)} → {size_words(len(self.reference.data))})"
        )


def size_words(size: int) -> str:
    """A file size as people read it: 25.1 MB, 0.3 MB, 12 KB, 500 B."""
    if size >= 100_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{size / 1000:.0f} KB" if size >= 1000 else f"{size} B"


def frame_fit(width: int, height: int, size: str) -> tuple[int, int]:
    """The smallest size (same aspect) at which the image still covers a ``WxH`` video frame; the
    image's own size when it is no bigger than that. Pixels beyond it are thrown away by the service."""
    frame_w, frame_h = (int(n) for n in size.split("x"))
    scale = max(frame_w / width, frame_h / height)
    if scale >= 1:
        return width, height
    return max(1, round(width * scale)), max(1, round(height * scale))


def fit_to_frame(prepared: PreparedImage, size: str) -> PreparedImage:
    """Scale an oversized reference down to what a ``WxH`` frame can use before it is uploaded: a
    48-megapixel photo for a 720p video goes as about a megapixel, not 20 MB."""
    target = frame_fit(prepared.width, prepared.height, size)
    if target == (prepared.width, prepared.height):
        return prepared
    from PIL import Image

    from veo_desktop.api.wire import ReferenceImage

    with Image.open(io.BytesIO(prepared.reference.data)) as image:
        image.draft("RGB", target)  # JPEG decodes straight at a fraction of its size: much faster
        small = _shrink(image, target)
    mime, encoded = reencode(small, as_jpeg=prepared.reference.mime == "image/jpeg")
    base = Path(prepared.reference.filename).stem
    return replace(
        prepared,
        reference=ReferenceImage(encoded, mime, base + EXTENSIONS[mime]),
        width=target[0],
        height=target[1],
        scaled_from=(prepared.width, prepared.height, len(prepared.reference.data)),
    )


def _shrink(image: Image.Image, target: tuple[int, int]) -> Image.Image:
    """Resize with at most one full-size copy alive at a time: an 80-megapixel PNG cannot be decoded
    reduced, but it need not be held two or three times over (decoded, converted, reduced)."""
    from PIL import Image

    wanted = "RGBA" if "A" in image.mode else "RGB"
    image.load()
    if image.mode != wanted:
        converted = image.convert(wanted)
        image.close()  # the decoded original goes before the next copy is made
        image = converted
    factor = max(1, min(image.width // (target[0] * 3), image.height // (target[1] * 3)))
    if factor > 1:  # the cheap box reduction first (what reducing_gap does), then a fine resize
        reduced = image.reduce(factor)
        image.close()
        image = reduced
    return image.resize(target, Image.Resampling.LANCZOS)


def prepare_image(path: Path) -> PreparedImage:
    """Read and check an image file (blocking: call it off the UI thread)."""
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImageRejected(name, translate("Images", "the file does not exist")) from None
    except OSError as exc:
        raise ImageRejected(
            name, translate("Images", "the file cannot be read ({reason})").format(reason=exc.strerror)
        ) from None
    if path.is_dir():
        raise ImageRejected(name, translate("Images", "this is a folder, not an image file"))
    if not path.is_file():
        raise ImageRejected(name, translate("Images", "a device or a pipe, not an image file"))
    if size > MAX_FILE_BYTES:
        raise ImageRejected(
            name,
            translate("Images", "the file is {size} MB; the largest accepted is 200 MB").format(
                size=f"{size / 2**20:.0f}"
            ),
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImageRejected(
            name, translate("Images", "the file cannot be read ({reason})").format(reason=exc.strerror)
        ) from None
    return prepare_image_bytes(data, name)


def prepare_image_bytes(data: bytes, name: str) -> PreparedImage:
    """Check image bytes (from a file, a paste or a browser drop) and make them ready to upload."""
    if not data:
        raise ImageRejected(name, translate("Images", "the file is empty"))
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except UnidentifiedImageError:
            raise ImageRejected(
                name, translate("Images", "this is not an image (JPEG, PNG, WebP, GIF, BMP or TIFF)")
            ) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRejected(
                name, translate("Images", "the image has far too many pixels to process safely")
            ) from None
        except Exception:  # Pillow raises many types for damaged headers
            raise ImageRejected(
                name, "the image is damaged or incomplete (its header cannot be read)"
            ) from None
        with image:
            return _prepare_opened(image, data, name)


def _prepare_opened(image: Image.Image, data: bytes, name: str) -> PreparedImage:
    from PIL import Image

    fmt = image.format or ""
    width, height = image.size
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise ImageRejected(
            name,
            translate(
                "Images",
                "the image is {width}x{height} pixels; the largest accepted is {side} pixels a side "
                "and {megapixels} megapixels",
            ).format(width=width, height=height, side=MAX_SIDE, megapixels=MAX_PIXELS // 1_000_000),
        )
    if min(width, height) < MIN_SIDE:
        raise ImageRejected(
            name,
            translate("Images", "the image is only {width}x{height} pixels; at least {side} a side").format(
                width=width, height=height, side=MIN_SIDE
            ),
        )
    try:
        return _decode(image, data, name, fmt)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(
            name, translate("Images", "the image has far too many pixels to process safely")
        ) from None
    except ImageRejected:
        raise
    except Exception:  # a damaged body fails in Pillow with any type (found by fuzzing)
        raise ImageRejected(
            name, translate("Images", "the image is damaged or incomplete (it does not decode fully)")
        ) from None


def _decode(image: Image.Image, data: bytes, name: str, fmt: str) -> PreparedImage:
    """Decode everything now (a truncated file fails here, not at the service) and convert if needed."""
    import hashlib

    from veo_desktop.api.wire import ReferenceImage

    width, height = image.size
    image.load()
    orientation = image.getexif().get(0x0112, 1)
    sha = hashlib.sha256(data).hexdigest()
    base = Path(name).stem or "image"
    animated = bool(getattr(image, "is_animated", False))
    if fmt in _KEPT and orientation == 1 and not animated and image.mode in _PLAIN_MODES:
        mime = _KEPT[fmt]
        reference = ReferenceImage(data, mime, base + EXTENSIONS[mime])
        return PreparedImage(reference, name, width, height, len(data), sha)
    if animated:
        image.seek(0)  # the first frame stands for an animation
    from PIL import ImageOps

    upright = ImageOps.exif_transpose(image) or image
    mime, encoded = reencode(upright, as_jpeg=fmt == "JPEG")
    reference = ReferenceImage(encoded, mime, base + EXTENSIONS[mime])
    w, h = upright.size
    return PreparedImage(reference, name, w, h, len(data), sha, converted_from=fmt or "unknown")


def reencode(image: Image.Image, *, as_jpeg: bool) -> tuple[str, bytes]:
    """8-bit RGB(A) that every decoder reads: a JPEG stays a JPEG, anything else becomes PNG."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    if image.mode.startswith("I;16") or image.mode in ("I", "F"):
        image = image.point(lambda v: v / 256).convert("L")  # 16-bit grey down to 8 bits
    out = io.BytesIO()
    if as_jpeg and not has_alpha:
        image.convert("RGB").save(out, format="JPEG", quality=95)
        return "image/jpeg", out.getvalue()
    image.convert("RGBA" if has_alpha else "RGB").save(out, format="PNG", compress_level=6)
    return "image/png", out.getvalue()
