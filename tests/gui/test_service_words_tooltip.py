"""A failed row says the service's refusal in the window's words, and its tooltip keeps the service's
own words (for support, and for what the app does not know)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.gui.tasks.task_model import TaskListModel

SAFETY = "The prompt was blocked by the content safety system (emulated)."


def test_the_row_explains_and_the_tooltip_keeps_the_service_s_words(qtbot: QtBot) -> None:
    model = TaskListModel()
    model.load(
        [replace(TaskRecord.for_request(VideoRequest("pier"), state="failed", last_error=SAFETY), id=1)]
    )
    index = model.index(0, 0)
    tooltip = str(index.data(Qt.ItemDataRole.ToolTipRole))
    assert "safety filter refused" in tooltip
    assert f"The service said: {SAFETY}" in tooltip
