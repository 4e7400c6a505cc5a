"""Start-up paints the window first: nothing of the HTTP stack, the keyring, the history or asyncio is
loaded for the first paint, the task list says "Loading…" meanwhile, a click made then is handled once
the app is whole, and Qt Multimedia loads while the window is idle, before the first video plays."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import until
from tests.helpers.gui import running_app
from veo_desktop.emulator.render import render_clip

# The real ``veo-desktop --demo`` in a child, watched at its first paint and once its session is open.
CHILD = r"""
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import veo_desktop.gui.shell.launch as launch
from veo_desktop.gui.shell.main_window import MainWindow

seen = {}
HEAVY = ("httpx", "httpcore", "keyring", "sqlite3", "asyncio", "qasync", "PIL", "av", "PySide6.QtMultimedia")
wait_painted = launch.wait_painted

def painted_first(widget, *args):
    painted = wait_painted(widget, *args)
    seen["painted"] = painted
    seen["list_at_paint"] = widget.empty_list.text()
    seen["loaded_at_paint"] = [name for name in HEAVY if name in sys.modules]
    # A click before the app is whole (here: Settings from the menu) is handled once it is.
    QTimer.singleShot(0, widget.settingsRequested.emit)
    return painted

launch.wait_painted = painted_first
show_loading = MainWindow.show_loading

def loaded(self, loading):
    show_loading(self, loading)
    if loading:
        return
    def look():
        from veo_desktop.gui.settings.settings_dialog import SettingsDialog
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, SettingsDialog)]
        seen["settings_open"] = any(d.isVisible() for d in dialogs)
        seen["list_after"] = self.empty_list.text()
        seen["title"] = self.windowTitle()
        print(json.dumps(seen), flush=True)
        for dialog in dialogs:
            dialog.reject()
        self.close()
    QTimer.singleShot(300, look)

MainWindow.show_loading = loaded
from veo_desktop.main import main
sys.exit(main(["--demo"]))
"""


def test_the_window_is_painted_before_the_rest_loads_and_then_works(app_home: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "VEO_DESKTOP_HOME": str(app_home)}
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.splitlines()[0])
    assert seen["painted"] is True
    assert seen["loaded_at_paint"] == []
    assert seen["list_at_paint"] == "Loading…"
    assert seen["list_after"] == "Your videos appear here."
    assert seen["title"] == "Veo Desktop — offline demo"  # the session opened after the paint
    assert seen["settings_open"] is True  # the click made before the app was whole


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    path = tmp_path / "clip.mp4"
    path.write_bytes(render_clip(seconds=2, aspect_ratio="16:9", image=None, prompt="frames"))
    return path


async def test_the_player_loads_while_the_window_is_idle(qtbot: QtBot, clip: Path) -> None:
    async with running_app(qtbot, None) as veo:
        preview = veo.window.preview
        assert not preview.has_player()
        veo.started()  # what the app does once its window is up
        await until(preview.has_player, "the player made while the window is idle", 15)
        assert preview.stack.currentWidget() is preview.message  # nothing to see until a video plays
        preview.toggle_full_screen()  # F with nothing loaded: nothing happens
        assert preview.video is not None and not preview.video.isFullScreen()
        preview.play_file(clip)
        await until(lambda: preview.play_button.text() == "Pause", "the first video playing")
        assert preview.stack.currentWidget() is preview.video
