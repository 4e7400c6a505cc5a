"""Opening the window, fast: the window is built, shown and painted first, with only what that needs
imported (Qt, the window's own widgets, the settings); the HTTP stack, the keyring, the history, asyncio
and the controllers load after the first paint (:mod:`veo_desktop.gui.shell.app`); the keyring is read, the
history opened and the TLS context made meanwhile, each on a thread of its own (:mod:`veo_desktop.opening`).
Until the session is open the task list says "Loading…"; the app is whole before any click reaches it (see
:func:`run_gui`). The form is painted as it was left (the settings and the prompt), with Generate held
("Starting…") until the session is open: what the screen shows while the rest loads is what would be sent,
and a press made then sends nothing."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from veo_desktop import APP_NAME, __version__, paths
from veo_desktop.core.output_folder import prove_writable
from veo_desktop.core.settings import Settings
from veo_desktop.gui.common.language import usable_language, use_language
from veo_desktop.gui.common.style import apply_style
from veo_desktop.gui.common.window_state import WindowState
from veo_desktop.gui.player.gallery import GalleryModel
from veo_desktop.gui.shell.main_window import MainWindow
from veo_desktop.gui.tasks.task_model import TaskListModel
from veo_desktop.i18n import translate

# The longest the start waits for the first paint: a window that is never exposed (minimised at once,
# on a display that does not paint it) still gets the rest of the app.
PAINT_DEADLINE_MS = 2000


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="veo-desktop", description="Open the Veo Desktop window.")
    parser.add_argument("image", nargs="?", metavar="IMAGE", help="open with this reference image in place")
    parser.add_argument("--end-frame", metavar="IMAGE", help="and this end frame (the Flow channel's models)")
    parser.add_argument("--demo", action="store_true", help="start in the offline demo (no key, no cost)")
    return parser.parse_args(argv)


class WindowParts:
    """What the first paint needs: the window, its two models, its saved size and layout, and the form as
    it was left (the settings and the prompt); Generate says "Starting…" and cannot be pressed until
    the session is open (:meth:`veo_desktop.gui.composer.form_controller.FormController.opened`)."""

    def __init__(self) -> None:
        self.model = TaskListModel()
        self.gallery_model = GalleryModel()
        self.window = MainWindow(self.model, self.gallery_model)
        self.model.setParent(self.window)  # Qt objects live and die with the window, on the UI thread
        self.gallery_model.setParent(self.window)
        self.state = WindowState(self.window)
        self.state.restore_window(self.window)
        self.state.restore_form(self.window.form)
        self.window.form.show_why_not(translate("Controller", "Starting…"), enabled=False)


class _FirstPaint(QObject):
    """Calls ``done`` once ``widget`` has been painted and the frame handed to the window system: the
    paint of a top-level widget and the flush of its backing store run in one call from the event loop,
    so a zero timer started at the paint fires after the flush."""

    def __init__(self, widget: QWidget, done: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._done = done
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self._done)
        return False


def wait_painted(widget: QWidget, deadline_ms: int = PAINT_DEADLINE_MS) -> bool:
    """Show ``widget`` and run Qt's event loop until it is on screen (or the deadline passes: False)."""
    loop = QEventLoop()
    painted: list[bool] = []

    def done() -> None:
        painted.append(True)
        loop.quit()

    watcher = _FirstPaint(widget, done)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    deadline.start(deadline_ms)
    widget.show()
    if not painted:
        loop.exec()
    deadline.stop()
    watcher.deleteLater()
    return bool(painted)


def _folders_writable() -> bool:
    """Whether the data and settings folders can be written; when not, no window is built and the app
    says why instead (:func:`veo_desktop.gui.shell.app.main`)."""
    try:
        for folder in (paths.data_dir(), paths.config_dir()):
            folder.mkdir(parents=True, exist_ok=True)
            prove_writable(folder)
    except OSError:
        return False
    return True


def run_gui(argv: list[str]) -> int:
    args = parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Veo Desktop")
    app.setDesktopFileName("veo-desktop")
    app.setWindowIcon(QIcon(str(paths.resources_dir() / "icon.svg")))
    apply_style(app)  # the system's light or dark (dark when it says nothing), Generate in the accent
    app.setQuitOnLastWindowClosed(False)  # the coroutine ends the loop, after closing things in order
    settings = Settings.load()
    use_language(app, usable_language(settings.language))  # no font for its letters: English
    parts = None
    if _folders_writable():
        parts = WindowParts()
        parts.window.show_loading(True)
        wait_painted(parts.window)
    from veo_desktop.logs import setup_logging  # after the paint too (logging.handlers, socket)

    setup_logging("window")
    from veo_desktop.core.keystore import KeyStore
    from veo_desktop.opening import EarlyOpen

    keys = KeyStore()
    early = None
    if parts is not None:  # the key read, the history opened, TLS made, on threads of their own meanwhile
        early = EarlyOpen.begin(keys, paths.history_db(), read_key=not args.demo)
    # After the first paint. The controllers are built before the event loop runs again, so a click made
    # meanwhile reaches them; Generate, its shortcuts and a batch drop made before the session is open are
    # dropped, with a word (:meth:`veo_desktop.gui.shell.app.App.open_for_presses`).
    from veo_desktop.gui.shell.app import run_window

    return run_window(app, args, settings, parts, keys, early)
