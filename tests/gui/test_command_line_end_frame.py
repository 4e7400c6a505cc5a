"""``veo-desktop START.png --end-frame END.png`` (issue 28): the window opens with both frames in place
on the Flow choice of the quality the form had, and Generate can send them."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.conftest import until
from tests.gui.test_first_run import MemoryKeyring
from veo_desktop.api import rules
from veo_desktop.core.keystore import KeyStore
from veo_desktop.gui.shell.app import App, main, parse_args


async def test_end_frame_on_the_command_line_opens_on_the_flow_choice_with_generate_enabled(
    qtbot: QtBot, tmp_path: Path
) -> None:
    start, end = tmp_path / "start.png", tmp_path / "end.png"
    Image.new("RGB", (320, 240), (0, 128, 128)).save(start)
    Image.new("RGB", (320, 240), (200, 30, 30)).save(end)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    veo = App(keys=KeyStore(backend=MemoryKeyring(), environ={}))
    qtbot.addWidget(veo.window)
    veo.window.show()
    form = veo.window.form
    assert form.combos["model"].currentText().startswith("Veo 3.1 Fast —")  # the default: no end frame
    running = asyncio.ensure_future(
        main(app, parse_args([str(start), "--end-frame", str(end), "--demo"]), veo.settings, veo)
    )
    try:
        await until(
            lambda: veo.controller.images.image is not None and veo.controller.end_images.image is not None,
            "both frames",
        )
        await until(lambda: form.generate.text() == "Generate video from both frames", "the two-frame label")
        model = form.combos["model"]
        assert model.currentData(Qt.ItemDataRole.UserRole) == rules.CHOICES["Veo 3.1 Fast · Flow"]
        assert model.currentText().startswith("Veo 3.1 Fast · Flow")
        assert veo.window.end_zone.isEnabled()
        qtbot.keyClicks(form.prompt, "day turns to night")
        await until(form.generate.isEnabled, "Generate enabled")
    finally:
        veo.window.close()
        assert await asyncio.wait_for(running, 30) == 0
