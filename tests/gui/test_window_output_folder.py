"""Where the window saves videos: a folder that is gone is refused before sending, in words under
Generate; going back to the default folder in Settings makes that folder."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.conftest import until
from tests.helpers.gui import generate, running_app
from veo_desktop.emulator.server import EmulatorThread


def chosen_folder(app_home: Path, tmp_path: Path) -> Path:
    """A folder of the user's own, chosen in Settings (saved as the output folder)."""
    folder = tmp_path / "My videos"
    folder.mkdir()
    (app_home / "config").mkdir(parents=True)
    (app_home / "config" / "settings.json").write_text(json.dumps({"output_dir": str(folder)}))
    return folder


async def test_an_output_folder_gone_since_start_is_refused_before_sending(
    qtbot: QtBot, emulator: EmulatorThread, app_home: Path, tmp_path: Path, photo: Path
) -> None:
    folder = chosen_folder(app_home, tmp_path)
    async with running_app(qtbot, emulator) as veo:
        shutil.rmtree(folder)  # an external drive unplugged, a folder deleted in the file manager
        await generate(qtbot, veo, photo, "a slow pan")
        why = veo.window.form.why_not
        await until(lambda: "Nothing was sent" in why.text(), "the refusal")
        assert why.text() == f"Cannot save videos in {folder}: the folder does not exist. Nothing was sent."
        assert veo.window.form.generate.isEnabled()  # fixing the folder and trying again is allowed
        assert veo.model.rowCount() == 0
    assert [r.route for r in emulator.server.received if r.route == "submit"] == []


async def test_clearing_a_custom_folder_in_settings_saves_in_the_default_one(
    qtbot: QtBot, emulator: EmulatorThread, app_home: Path, tmp_path: Path, photo: Path
) -> None:
    folder = chosen_folder(app_home, tmp_path)
    async with running_app(qtbot, emulator) as veo:
        veo.settings_saved(replace(veo.settings, output_dir=""))  # Settings → Output folder emptied → Save
        await generate(qtbot, veo, photo, "a slow pan")
        default = app_home / "videos"
        await until(lambda: default.is_dir() and list(default.glob("*.mp4")), "the video", within=30)
        [video] = default.glob("*.mp4")
        [task_id] = emulator.server.tasks
        assert video.read_bytes() == emulator.server.content_bytes(task_id)
        assert list(folder.iterdir()) == []
