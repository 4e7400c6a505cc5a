"""The offline demo says what it makes (issue 28): a demo clip's row gives the size its file holds (not
the resolution asked for), its ``.json`` records that it cost nothing, the cost under Generate agrees
with the list, and after a restart with still no key the demo's tasks are listed, marked as demo."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import FAST_RETRY, fast_config, until
from tests.gui.test_first_run import MemoryKeyring
from tests.helpers.gui import row_texts
from veo_desktop.core.clips.provenance import sidecar_path
from veo_desktop.core.keystore import KeyStore
from veo_desktop.gui.shell.app import App
from veo_desktop.gui.tasks.task_model import DetailsRole
from veo_desktop.session import Connection, Session


@pytest.fixture
def quick_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    """The offline demo as it is (its emulator renders 640x360 clips), only faster."""
    opened = Session.open

    def open_quickly(connection: Connection | None, **options: Any) -> Session:
        if connection is None:
            options.update(emulator_config=fast_config(short_side=360), poll_interval=0.05, retry=FAST_RETRY)
        return opened(connection, **options)

    monkeypatch.setattr(Session, "open", open_quickly)


async def test_a_demo_clip_is_said_as_it_is_and_stays_listed_after_a_restart(
    qtbot: QtBot, photo: Path, quick_demo: None
) -> None:
    keys = KeyStore(backend=MemoryKeyring(), environ={})  # no key anywhere
    veo = App(keys=keys)
    qtbot.addWidget(veo.window)
    veo.window.show()
    try:
        veo.connect(demo=False)
        qtbot.mouseClick(veo.window.demo_button, Qt.MouseButton.LeftButton)
        form = veo.window.form
        choice = form.combos["model"]
        for row in range(choice.count()):  # every choice reads free, under Generate as in the list
            choice.setCurrentIndex(row)
            assert choice.currentText().endswith("free (demo)")
            assert form.cost.text() == "This video: free (demo)"
            assert "$" not in form.cost.text() + form.cost.toolTip()
        choice.setCurrentIndex(0)
        veo.controller.images.take_files([photo])
        await until(lambda: veo.controller.images.image is not None, "the image")
        qtbot.keyClicks(form.prompt, "demo motion")
        qtbot.mouseClick(form.generate, Qt.MouseButton.LeftButton)
        await until(
            lambda: veo.model.rowCount() == 1 and veo.model.record_at(0).state == "completed", "the clip"
        )
        index = veo.model.index(0)
        await until(lambda: "640x360" in str(index.data(DetailsRole)), "the clip's own size on its row")
        for role in (DetailsRole, Qt.ItemDataRole.ToolTipRole):
            text = str(index.data(role))
            assert "640x360" in text and "720p" not in text and "free (demo)" in text
        assert form.cost.text() == "This video: free (demo)"
        record = veo.model.record_at(0)
        saved = json.loads(sidecar_path(Path(record.output_path)).read_bytes())
        assert saved["demo"] is True
        assert saved["cost"] == {"cents": 0, "text": "$0.00"}
        assert saved["size"] == "640x360"
    finally:
        await veo.controller.shutdown()
    # The next start, with still no key: the demo's work is there, marked as demo.
    again = App(keys=keys)
    qtbot.addWidget(again.window)
    again.window.show()
    try:
        again.connect(demo=False)
        again.started()
        await until(lambda: again.model.rowCount() == 1, "the demo's task listed after the restart")
        assert again.model.record_at(0).id == record.id
        assert "DEMO" in " ".join(row_texts(again.window.task_list, 0))
        index = again.model.index(0)
        await until(lambda: "640x360" in str(index.data(DetailsRole)), "its size after the restart")
        assert "free (demo)" in str(index.data(Qt.ItemDataRole.ToolTipRole))
        assert again.gallery_model.rowCount() == 1
        assert "demo" in again.window.banner_text.text()
    finally:
        await again.controller.shutdown()
