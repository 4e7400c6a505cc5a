"""One name per action: a task's row button and the same action in its menu say the same words, and
"Show in folder" is what the gallery's menu and the Sequence tab call it too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.gui.common import action_names
from veo_desktop.gui.common.clip_menu import no_advice
from veo_desktop.gui.storyboard.sequence_view import SequenceView
from veo_desktop.gui.tasks.row_actions import row_actions
from veo_desktop.gui.tasks.task_menu import task_menu


def _menu_names(record: TaskRecord, parent: QWidget) -> dict[str, str]:
    menu = task_menu(parent, record, outage=False, advice=no_advice, act=lambda _action: None)
    return {a.objectName().removeprefix("task_"): a.text() for a in menu.actions() if a.objectName()}


def test_a_row_s_buttons_and_its_menu_name_each_action_alike(qtbot: QtBot, tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    video = tmp_path / "clip.mp4"
    rows = [
        TaskRecord.for_request(VideoRequest("pier"), state="completed", task_id="t1", output_path=str(video)),
        TaskRecord.for_request(VideoRequest("pier"), state="failed", task_id="t2"),
        TaskRecord.for_request(VideoRequest("pier"), state="unknown"),
    ]
    checked = 0
    for record in rows:
        in_menu = _menu_names(record, parent)
        for button in row_actions(record):
            assert in_menu[button.action] == button.label, (record.state, button.action)
            checked += 1
    assert checked >= 4


def test_show_in_folder_is_one_name_everywhere(qtbot: QtBot) -> None:
    view = SequenceView()
    qtbot.addWidget(view)
    assert view.reveal.text() == "Show in folder" == action_names.SHOW_IN_FOLDER
