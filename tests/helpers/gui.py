"""Driving the real window in tests: open it against the emulator, drop files on it as a file manager
would, and close it in order."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, QRect, Qt, QUrl
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QImage, QPainter
from PySide6.QtWidgets import QApplication, QListView, QMenu, QStyleOptionViewItem, QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import FAST_RETRY, until
from veo_desktop.core.clips.images import PreparedImage
from veo_desktop.core.keystore import KeyStore
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.shell.app import App
from veo_desktop.session import Connection, Session


@contextlib.asynccontextmanager
async def running_app(
    qtbot: QtBot, emulator: EmulatorThread | None, *, keys: KeyStore | None = None
) -> AsyncIterator[App]:
    """The window, shown and active; connected to ``emulator`` when one is given."""
    veo = App(keys=keys)
    qtbot.addWidget(veo.window)
    veo.window.show()
    veo.window.activateWindow()  # keyboard shortcuts only reach the active window
    await until(veo.window.isActiveWindow, "the window to be active")
    if emulator is not None:
        attach(veo, emulator)
    try:
        yield veo
    finally:
        await veo.controller.shutdown()


def drop(widget: QWidget, mime: QMimeData) -> None:
    """What a file manager's drag does: enter (Qt delivers a drop only after it), then drop."""
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(widget, QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, buttons, keys))


def file_mime(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def attach(veo: App, emulator: EmulatorThread, key: str | None = None) -> None:
    """Connect the window to ``emulator`` (with its key, or the one given) with fast polls."""
    connection = Connection(emulator.base_url, key or emulator.api_key)
    veo.controller.attach(Session.open(connection, poll_interval=0.05, retry=FAST_RETRY))


async def generate(qtbot: QtBot, veo: App, photo: Path, prompt: str) -> None:
    """What a user does: choose the picture, type the motion, click Generate."""
    veo.controller.images.take_files([photo])
    await until(lambda: veo.controller.images.image is not None, "the image")
    qtbot.keyClicks(veo.window.form.prompt, prompt)
    qtbot.mouseClick(veo.window.form.generate, Qt.MouseButton.LeftButton)


class _ReadingPainter(QPainter):
    """A painter that also keeps every text drawn with it: a row as the user reads it."""

    def __init__(self, device: QImage) -> None:
        super().__init__(device)
        self.texts: list[str] = []

    def drawText(self, *args: object) -> None:  # type: ignore[override]
        text = args[-1]
        if isinstance(text, str) and text:
            self.texts.append(text)
        super().drawText(*args)  # type: ignore[call-overload]


def row_texts(view: QListView, row: int) -> list[str]:
    """The lines the task list draws for ``row`` (title, details, status), elided as on screen."""
    index = view.model().index(row, 0)
    option = QStyleOptionViewItem()
    option.initFrom(view.viewport())
    option.rect = QRect(QPoint(0, 0), view.visualRect(index).size())
    option.widget = view
    image = QImage(option.rect.size(), QImage.Format.Format_ARGB32)
    painter = _ReadingPainter(image)
    try:
        view.itemDelegate().paint(painter, option, index)
    finally:
        painter.end()
    return painter.texts


def entry(menu: QMenu, name: str) -> QAction:
    """The menu's action of that object name (the test fails when it is missing)."""
    found = menu.findChild(QAction, name)
    assert found is not None, f"no {name} in the menu"
    return found


def choose_model(veo: App, value: str) -> None:
    """Pick a model choice in the form, as the user does in its list."""
    combo = veo.window.form.combos["model"]
    combo.setCurrentIndex(combo.findData(value, Qt.ItemDataRole.UserRole))


def shows(image: PreparedImage | None, path: Path) -> bool:
    """Whether a drop zone holds the picture from ``path`` (not the one before it)."""
    return image is not None and image.source_name == path.name
