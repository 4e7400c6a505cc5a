"""The aspect ratio follows the picture's shape in the window (issue 28): a portrait picture chooses
9:16 and says so beside the choice, a landscape one 16:9; a ratio the user picked stands."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import until
from tests.helpers.gui import running_app, shows
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.shell.app import App


def picture(path: Path, size: tuple[int, int]) -> Path:
    Image.new("RGB", size, (0, 128, 128)).save(path)
    return path


async def take(veo: App, path: Path) -> None:
    veo.controller.images.take_files([path])
    await until(lambda: shows(veo.controller.images.image, path), f"{path.name} in the start zone")


def ratio(veo: App) -> str:
    return str(veo.window.form.combos["aspect_ratio"].currentData(Qt.ItemDataRole.UserRole))


async def test_the_ratio_follows_the_pictures_shape_until_the_user_picks_one(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    portrait = picture(tmp_path / "portrait.png", (240, 320))
    landscape = picture(tmp_path / "landscape.png", (320, 240))
    async with running_app(qtbot, emulator) as veo:
        form = veo.window.form
        note = form.findChild(type(form.note), "aspectRatioNote")
        assert note is not None
        assert ratio(veo) == "16:9" and not note.isVisibleTo(form)
        await take(veo, portrait)
        await until(lambda: ratio(veo) == "9:16", "9:16 for a portrait picture")
        assert form.combos["aspect_ratio"].currentText() == "9:16 portrait"
        assert note.text() == "9:16, from your picture's shape" and note.isVisibleTo(form)
        await take(veo, landscape)
        await until(lambda: ratio(veo) == "16:9", "16:9 for a landscape picture")
        assert note.text() == "16:9, from your picture's shape" and note.isVisibleTo(form)
        # The user picks a ratio: it stands, and the note no longer claims it came from the picture.
        combo = form.combos["aspect_ratio"]
        combo.setCurrentIndex(combo.findData("9:16", Qt.ItemDataRole.UserRole))
        assert not note.isVisibleTo(form)
        other = picture(tmp_path / "wide.png", (400, 200))
        await take(veo, other)
        assert ratio(veo) == "9:16" and not note.isVisibleTo(form)
