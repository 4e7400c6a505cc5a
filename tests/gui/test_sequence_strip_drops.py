"""The Sequence tab's strip takes gallery videos dropped on it (their task ids) once it is on screen: its
viewport's drops are turned on when it is first shown, not while the window is built (see
gui/storyboard/sequence_strip.py), and a drop there is forwarded as the ids and their place."""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from tests.helpers.gui import drop
from veo_desktop.gui.common.clip_drag import TASKS_MIME, encode_ids
from veo_desktop.gui.storyboard.sequence_view import SequenceView


def test_the_strip_takes_drops_once_its_tab_is_shown(qtbot: QtBot) -> None:
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QWidget(), "Tasks")
    view = SequenceView()
    tabs.addTab(view, "Sequence")
    tabs.show()
    qtbot.waitExposed(tabs)
    strip = view.strip
    tabs.setCurrentWidget(view)
    qtbot.waitUntil(strip.isVisible)
    assert strip.viewport().acceptDrops()  # what the window system asks before it delivers a drop
    mime = QMimeData()
    mime.setData(TASKS_MIME, encode_ids([7, 3]))
    with qtbot.waitSignal(strip.tasksDropped) as dropped:
        drop(strip.viewport(), mime)
    assert dropped.args == [[7, 3], 0]
