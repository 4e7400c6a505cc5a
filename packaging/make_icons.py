"""Render the app icon in every size the three systems want, from the one source: resources/icon.svg.

    .venv/bin/python packaging/make_icons.py [OUT_DIR]     # default: build/icons

Writes icon-16.png … icon-1024.png (Linux, the window), veo-desktop.ico (Windows) and
veo-desktop.icns (macOS).
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icon.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    return Image.open(io.BytesIO(bytes(data.data()))).convert("RGBA")


def make_icons(out: Path) -> list[Path]:
    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SOURCE}")
    out.mkdir(parents=True, exist_ok=True)
    rendered = {size: render(renderer, size) for size in SIZES}
    written = []
    for size, picture in rendered.items():
        path = out / f"icon-{size}.png"
        picture.save(path)
        written.append(path)
    ico = out / "veo-desktop.ico"
    rendered[256].save(ico, sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    icns = out / "veo-desktop.icns"
    rendered[1024].save(icns)
    return [*written, ico, icns]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "icons"
    for made in make_icons(target):
        print(made.relative_to(ROOT) if made.is_relative_to(ROOT) else made)
