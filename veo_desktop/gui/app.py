"""The window's one async entry point, on qasync: build, show, run until the window closes, then close
everything in order (background tasks, the task manager, the HTTP client, the history, the emulator)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

import qasync
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from veo_desktop import APP_NAME, __version__, paths
from veo_desktop.api import errors
from veo_desktop.core.keystore import KeyStore
from veo_desktop.core.settings import Settings
from veo_desktop.core.support import request_log_text
from veo_desktop.gui.controller import MainController
from veo_desktop.gui.gallery import GalleryModel
from veo_desktop.gui.language import use_language
from veo_desktop.gui.main_window import MainWindow
from veo_desktop.gui.request_log import RequestLogDialog
from veo_desktop.gui.settings_controller import SettingsController
from veo_desktop.gui.settings_dialog import SettingsDialog
from veo_desktop.gui.task_model import TaskListModel
from veo_desktop.gui.window_state import WindowState
from veo_desktop.i18n import translate
from veo_desktop.logs import setup_logging
from veo_desktop.session import (
    Connection,
    HistoryUnavailable,
    MissingKey,
    Session,
    check_writable,
    resolve_connection,
)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="veo-desktop", description="Open the Veo Desktop window.")
    parser.add_argument("image", nargs="?", metavar="IMAGE", help="open with this reference image in place")
    parser.add_argument("--demo", action="store_true", help="start in the offline demo (no key, no cost)")
    return parser.parse_args(argv)


class App:
    """The running window and everything it owns."""

    def __init__(self, keys: KeyStore | None = None, settings: Settings | None = None) -> None:
        self.keys = keys or KeyStore()
        self.settings = settings or Settings.load()
        self.model = TaskListModel()
        self.gallery_model = GalleryModel()
        self.window = MainWindow(self.model, self.gallery_model)
        self.model.setParent(self.window)  # Qt objects live and die with the window, on the UI thread
        self.gallery_model.setParent(self.window)
        self.state = WindowState(self.window)
        self.state.restore_window(self.window)
        self.controller = MainController(self.window, self.model, self.gallery_model, self.state)
        self.controller.status.notifications = self.settings.notifications
        self.settings_dialog: SettingsDialog | None = None
        self.refused = ""  # why the history could not be opened: the window then closes
        self.window.demoRequested.connect(self.start_demo)
        self.window.settingsRequested.connect(self.open_settings)
        self.window.logsRequested.connect(self.open_logs)
        self.window.requestLogRequested.connect(self.open_request_log)
        self.window.closing.connect(lambda: self.state.save_window(self.window))

    def connect(self, demo: bool) -> None:
        if demo:
            self.start_demo()
            return
        try:
            connection = resolve_connection(self.settings, self.keys)
        except (MissingKey, errors.InsecureConnection, ValueError) as exc:  # ValueError: a malformed key
            self.controller.detach_reason(f"{exc}")
            return
        self._attach(connection)

    def start_demo(self) -> None:
        if self.controller.session is None:
            self._attach(None)

    def _attach(self, connection: Connection | None) -> None:
        try:
            session = Session.open(connection, settings=self.settings)
        except HistoryUnavailable as exc:
            self.refuse(str(exc))
            return
        self.controller.attach(session)

    def refuse(self, message: str) -> None:
        """The history cannot be used (a newer release's, held by another program, in a folder that
        cannot be written): say why, and close the window once that is read. Nothing was changed."""
        self.refused = message
        box = _refusal_box(message, self.window)
        box.finished.connect(self.window.close)
        box.open()

    def open_settings(self) -> SettingsDialog:
        if self.settings_dialog is None:
            self.settings_dialog = SettingsDialog(self.window)
            SettingsController(
                self.settings_dialog,
                self.keys,
                self.settings,
                self.controller.background,
                on_key_changed=self.reconnect,
                on_settings_saved=self.settings_saved,
            )
        self.settings_dialog.open()
        return self.settings_dialog

    def settings_saved(self, settings: Settings) -> None:
        address_changed = settings.resolved_base_url() != self.settings.resolved_base_url()
        self.settings = settings
        self.controller.status.notifications = settings.notifications
        session = self.controller.session
        if session is not None:
            session.manager.apply_settings(settings)
        if address_changed:
            self.reconnect()

    def reconnect(self) -> None:
        """After the key or the address changed: close the session and open one with what is set now."""
        self.controller.background.spawn(self._reconnect(), "reconnect")

    async def _reconnect(self) -> None:
        await self.controller.detach()
        self.connect(demo=False)

    def open_request_log(self) -> RequestLogDialog:
        def text() -> str:
            session = self.controller.session
            if session is None:
                return translate("App", "No session: add an API key or start the offline demo.") + "\n"
            connection = session.connection
            return request_log_text(session.requests, connection.base_url, connection.api_key)

        dialog = RequestLogDialog(text, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def open_logs(self) -> None:
        folder = paths.log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def _refusal_box(message: str, parent: QWidget | None) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, message, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box


async def _tell(message: str) -> None:
    """A message before there is a window: shown until the user dismisses it."""
    read = asyncio.Event()
    box = _refusal_box(message, None)
    box.finished.connect(lambda _result: read.set())
    box.open()
    await read.wait()


async def main(app: QApplication, args: argparse.Namespace, settings: Settings) -> int:
    closed = asyncio.Event()
    app.lastWindowClosed.connect(closed.set)
    try:
        for folder in (paths.data_dir(), paths.config_dir()):
            check_writable(folder)  # a read-only disk is said as such, not as a crash building the window
    except HistoryUnavailable as exc:
        await _tell(str(exc))
        return 1
    veo = App(settings=settings)
    veo.window.show()
    veo.connect(args.demo)
    if args.image:
        veo.controller.images.take_files([Path(args.image)])
    await closed.wait()
    await veo.controller.shutdown()
    return 1 if veo.refused else 0


def run_gui(argv: list[str]) -> int:
    args = parse_args(argv)
    setup_logging()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Veo Desktop")
    app.setDesktopFileName("veo-desktop")
    app.setWindowIcon(QIcon(str(paths.resources_dir() / "icon.svg")))
    app.setQuitOnLastWindowClosed(False)  # the coroutine ends the loop, after closing things in order
    settings = Settings.load()
    use_language(app, settings.language)
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        return runner.run(main(app, args, settings))
