"""A storyboard filmed in the window (issue 29): while it is made the Sequence tab says how long the rest
of the film takes beside "Shot k of n"; once made, the film is a tile of its own in the Gallery
("Film · N shots", its first frame as the poster) that plays in the preview, shows its folder, and is
still there after a restart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon
from pytestqt.qtbot import QtBot

from tests.conftest import until
from tests.gui.test_row_actions import Opener
from tests.gui.test_window_sequences import BLUE, RED, centre, make_video, picture
from tests.gui.test_window_storyboard import click, confirm, film_made, write_storyboard
from tests.helpers.clips import near
from tests.helpers.gui import entry, running_app
from veo_desktop.core.clips.clip_frames import frame_at
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.player.gallery import GalleryFilmRole, GalleryRecordRole

SHOTS = ("the door opens", "a cat walks in")
TIME_LEFT = ("min left", "less than a minute left")


@pytest.fixture
def folders() -> Iterator[Opener]:
    """The desktop's file manager, standing in: the URLs "Show in folder" opens."""
    found = Opener()
    QDesktopServices.setUrlHandler("file", found, "open")  # type: ignore[arg-type]
    try:
        yield found
    finally:
        QDesktopServices.unsetUrlHandler("file")


def tiles(veo: object) -> list[str]:
    grid = veo.window.gallery.grid  # type: ignore[attr-defined]
    model = grid.model()
    return [str(model.index(row, 0).data()) for row in range(model.rowCount())]


async def test_the_film_shows_its_time_left_then_is_a_tile_in_the_gallery_that_plays_and_shows_its_folder(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path, folders: Opener
) -> None:
    async with running_app(qtbot, emulator) as veo:
        clip = await make_video(qtbot, veo, "an older clip", picture(tmp_path / "blue.png", BLUE))
        await write_storyboard(qtbot, veo, picture(tmp_path / "red.png", RED), SHOTS)
        panel = veo.window.sequence.storyboard
        click(qtbot, panel.film)
        await confirm(veo, qtbot)
        seen: set[str] = set()

        def made() -> bool:
            seen.add(panel.status.text())
            return film_made(veo)

        await until(made, "the film", 90)
        shot_lines = [text for text in seen if text.startswith(("Shot 1 of 2", "Shot 2 of 2"))]
        going = [text for text in shot_lines if not text.startswith("Shot 2 of 2: saved")]
        assert going and all(text.endswith(TIME_LEFT) for text in going), shot_lines
        assert all("left" not in text for text in set(shot_lines) - set(going))  # only the cut is left
        assert any(t.startswith("Shot 1 of 2") and " · about " in t for t in shot_lines), shot_lines
        film = Path(veo.controller.sequence.film or "")
        # The film comes first in the gallery, before the clips it was made of and the older clip.
        await until(lambda: tiles(veo)[:1] == ["Film · 2 shots"], "the film's tile")
        assert tiles(veo)[1:] == [SHOTS[1], SHOTS[0], clip.prompt]
        index = veo.window.gallery.grid.model().index(0, 0)
        kept = index.data(GalleryFilmRole)
        assert kept.path == str(film) and index.data(GalleryRecordRole) is None
        poster = Image.open(kept.poster)  # its first frame: the start picture's red
        assert near(centre(poster), centre(frame_at(film, 0.0)), 12) and near(centre(poster), RED, 24)
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        assert isinstance(icon, QIcon) and not icon.isNull()

        veo.window.gallery.grid.clicked.emit(index)  # a click on the tile plays the film itself
        await until(lambda: veo.window.preview.source == film, "the film in the preview")
        menu = veo.window.gallery.menu_for(0)
        assert [a.text() for a in menu.actions()] == ["Play film", "Show in folder"]
        entry(menu, "film_reveal").trigger()
        assert folders.urls == [QUrl.fromLocalFile(str(film.parent))]
    async with running_app(qtbot, emulator) as veo:  # after a restart, the film is still listed first
        await until(lambda: tiles(veo)[:1] == ["Film · 2 shots"], "the film's tile, after a restart")
        assert len(emulator.server.submissions) == 3


async def test_a_film_whose_file_is_gone_is_not_listed_after_a_restart(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        await write_storyboard(qtbot, veo, picture(tmp_path / "red.png", RED), SHOTS[:1])
        click(qtbot, veo.window.sequence.storyboard.film)
        await confirm(veo, qtbot)
        await until(lambda: film_made(veo), "the film", 90)
        await until(lambda: tiles(veo)[:1] == ["Film · 1 shot"], "the film's tile")
        film = Path(veo.controller.sequence.film or "")
    film.unlink()
    async with running_app(qtbot, emulator) as veo:
        await until(lambda: veo.controller.sequence.keeper.enabled, "the kept storyboard read back")
        await until(lambda: tiles(veo) == [SHOTS[0]], "only the clip")
