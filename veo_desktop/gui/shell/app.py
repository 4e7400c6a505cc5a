"""The window's one async entry point, on qasync: build, show, run until the window closes, then close
everything in order (background tasks, the task manager, the HTTP client, the history, the emulator).
``veo-desktop`` starts in :mod:`veo_desktop.gui.shell.launch`, which paints the window before this module (the
HTTP stack, the keyring, the history, asyncio) is imported. The keyring is read and the history opened on
threads of their own, begun by the launch as soon as the window is painted (:class:`~veo_desktop.opening.
EarlyOpen`), while this module imports; :meth:`App.open` awaits them: the window's thread never waits for an
unlock prompt or for another program holding the history; it repaints, moves and closes meanwhile, with
Generate held ("Starting…")."""

from __future__ import annotations

import argparse
import asyncio
import functools
from pathlib import Path

import qasync
from PySide6.QtCore import QEventLoop, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from veo_desktop import APP_NAME, paths
from veo_desktop.api.client import RequestRecord
from veo_desktop.core.keystore import KeyStore
from veo_desktop.core.settings import Settings
from veo_desktop.core.support import request_log_text
from veo_desktop.gui.common.language import missing_font_note
from veo_desktop.gui.settings.settings_controller import SettingsController
from veo_desktop.gui.settings.settings_dialog import SettingsDialog
from veo_desktop.gui.shell import restart
from veo_desktop.gui.shell.controller import MainController
from veo_desktop.gui.shell.key_banner import KeyBanner, demo_text, no_key_text
from veo_desktop.gui.shell.launch import WindowParts
from veo_desktop.gui.shell.launch import parse_args as parse_args
from veo_desktop.gui.shell.quit_wait import AnswerWait
from veo_desktop.gui.shell.request_log import RequestLogDialog
from veo_desktop.i18n import translate
from veo_desktop.opening import Connection, EarlyOpen, Found, MissingKey, find_connection
from veo_desktop.session import HistoryUnavailable, Session, check_writable, new_request_log, off_thread

# What :meth:`App.open_for_presses` lets through: the window system's events (the presses), and no
# timer or socket (they would run the event loop's callbacks in the middle of this one).
WAITING_PRESSES = (
    QEventLoop.ProcessEventsFlag.X11ExcludeTimers | QEventLoop.ProcessEventsFlag.ExcludeSocketNotifiers
)


class App:
    """The running window and everything it owns."""

    def __init__(
        self,
        keys: KeyStore | None = None,
        settings: Settings | None = None,
        parts: WindowParts | None = None,
        early: EarlyOpen | None = None,
    ) -> None:
        """``parts``: the window already built (and painted) by ``gui/shell/launch.run_gui``; ``early``:
        the key read and the history opened, begun there after the paint (taken by the first open)."""
        self.keys = keys or KeyStore()
        self.early = early
        self.settings = settings or Settings.load()
        parts = parts or WindowParts()
        self.model, self.gallery_model = parts.model, parts.gallery_model
        self.window, self.state = parts.window, parts.state
        self.controller = MainController(self.window, self.model, self.gallery_model, self.state)
        self.controller.status.notifications = self.settings.notifications
        self.settings_dialog: SettingsDialog | None = None
        # Help → Request log: every exchange with the service, the key tests in Settings too, kept
        # across reconnects (a session opened here writes into it).
        self.requests = new_request_log()
        self.refused = ""  # why the history could not be opened: the window then closes
        self.started_language = self.settings.language  # a change takes a restart ("Restart now")
        self.restart_requested = False  # once closed, the app starts again (see :func:`main`)
        self.opening = asyncio.Lock()  # one session opened at a time (the start, a reconnect, the demo)
        self.window.demoRequested.connect(self.start_demo)
        self.window.settingsRequested.connect(self.open_settings)
        self.window.logsRequested.connect(self.open_logs)
        self.window.requestLogRequested.connect(self.open_request_log)
        self.key_banner = KeyBanner(self.window, self.keys, on_key_changed=self.reconnect)
        self.window.closing.connect(lambda: self.state.save_window(self.window))
        # Closed (the close button, File → Quit, a restart) with a submission in flight: the window waits
        # for its answer (at most 15 s, responsive, saying so), so the task id is kept.
        self.answer_wait = AnswerWait(self.window, self.controller, self.model)

    def connect(self, demo: bool) -> None:
        """Open the session here, on the calling thread (the tests' and the benchmarks' way); the window
        opens it with :meth:`open`, off its thread."""
        if demo:
            self.start_demo()
            return
        found = find_connection(self.settings, self.keys)
        if isinstance(found, Connection):
            self._attach(found)
        elif self._no_connection(found):
            self.start_demo()

    async def open(self, demo: bool) -> None:
        """Open the session without blocking the window: the keyring is read and the history opened on
        worker threads (a keyring waiting for its unlock prompt, a history another program holds; at the
        start, the ones the launch began after the first paint), while
        the window repaints, moves and closes (cancelling this: what opens meanwhile is closed again).
        The session is handed to the window on its own thread; Generate stays held until then."""
        async with self.opening:
            await self._open(demo)

    async def _open(self, demo: bool) -> None:
        early, self.early = self.early, None  # begun at the start: for the first open only
        try:
            await self._open_with(demo, early)
        finally:
            if early is not None:
                early.close_unused()  # no session took the history opened early: closed

    async def _open_with(self, demo: bool, early: EarlyOpen | None) -> None:
        connection: Connection | None = None
        if not demo:
            found: Found
            if early is not None and early.reads_key:
                found = await early.connection(self.settings)
            else:
                found = await off_thread(
                    functools.partial(find_connection, self.settings, self.keys), "keyring"
                )
            if isinstance(found, Connection):
                connection = found
            elif not self._no_connection(found):
                return
        if connection is None and self.controller.session is not None:  # the demo, already open
            return
        try:
            tls = await early.tls() if early is not None else None
            store = await early.history() if early is not None else None  # from here the session owns it
            session = await Session.open_off_thread(
                connection, settings=self.settings, requests=self.requests, store=store, tls=tls
            )
        except HistoryUnavailable as exc:
            self.refuse(str(exc))
            return
        self._opened(session)

    def _no_connection(self, found: Exception) -> bool:
        """No session to be had with the key (none, malformed) or the address (unsafe): say so. True: the
        demo instead (the user was in it last time, and still has no key)."""
        if isinstance(found, MissingKey):  # the first run: plain words and a key field, not the CLI's advice
            if self.state.demo_was_on():  # still no key: back in the demo, its videos listed as before
                return True
            self.controller.detach_reason(no_key_text(found.keyring_works))
            return False
        self.controller.detach_reason(f"{found}")
        return False

    async def start(self, args: argparse.Namespace) -> None:
        """The window is up (painted, Generate held): open the session, then the draft and the files given,
        then let presses act."""
        await self.open(args.demo)  # the keyring, the history, the HTTP client
        self.started()
        self.controller.form.restore_draft(start=not args.image, end=not args.end_frame)  # as last time
        if args.image:
            self.controller.images.take_files([Path(args.image)])
        if args.end_frame:  # only the Flow choices take one: the Flow choice of the quality the form had
            self.controller.form.switch_for_end_frame()
            self.controller.end_images.take_files([Path(args.end_frame)])
        asyncio.get_running_loop().call_soon(self.open_for_presses)

    def started(self) -> None:
        """The window is up and its session open (or refused): the list shows the history (or that it is
        empty), and the video player loads while the window is idle, before the first video plays."""
        self.window.show_loading(False)
        self.window.preview.preload()
        font_note = missing_font_note(self.settings.language)  # the window stayed in English: say why
        if font_note:
            self.window.show_message(font_note, 30000)

    def open_for_presses(self) -> None:
        """Once started. A press made while the window started (the history or the keyring slow) was
        handled as it came, with Generate held (so it was dropped, and said so); one still in the window
        system's queue is handled here, still held, before Generate opens. Timers stay out of it: no
        coroutine runs inside this call."""
        QApplication.processEvents(WAITING_PRESSES)
        self.controller.form.opened()

    def start_demo(self) -> None:
        if self.opening.locked():  # a session is being opened (the start, a reconnect): the demo waits
            self.controller.background.spawn(self.open(demo=True), "demo")
        elif self.controller.session is None:
            self._attach(None)

    def _attach(self, connection: Connection | None) -> None:
        try:
            session = Session.open(connection, settings=self.settings, requests=self.requests)
        except HistoryUnavailable as exc:
            self.refuse(str(exc))
            return
        self._opened(session)

    def _opened(self, session: Session) -> None:
        self.controller.attach(session)
        self.state.save_demo(session.connection.demo)
        if session.connection.demo:  # the banner stays, with the key field: leaving the demo is a paste
            self.window.show_no_key(demo_text(), demo=True)

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
                on_request=self.log_request,
                running_language=self.started_language,
                on_restart=self.restart,
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

    def restart(self) -> None:
        """Settings → "Restart now": quit as File → Quit does (with videos being made, the user is told
        they resume, and may keep working instead), then start again (see :func:`main`)."""
        if self.settings_dialog is not None:
            self.settings_dialog.close()
        self.restart_requested = True
        self.window.request_quit()
        box = self.window.findChild(QMessageBox, "quitWhileRunning")
        if self.window.isVisible() and box is not None:  # "Keep working" there: no restart either
            box.finished.connect(lambda _result: self._restart_kept(self.window.isVisible()))

    def _restart_kept(self, still_open: bool) -> None:
        if still_open and not self.answer_wait.waiting:  # waiting for an answer: closing, then restarting
            self.restart_requested = False

    def reconnect(self) -> None:
        """After the key or the address changed: close the session and open one with what is set now."""
        self.controller.background.spawn(self._reconnect(), "reconnect")

    async def _reconnect(self) -> None:
        async with self.opening:  # after the session being opened, if any
            await self.controller.detach()
            await self._open(demo=False)

    def log_request(self, record: RequestRecord) -> None:
        """An exchange made outside the session (a key test in Settings), for the request log."""
        session = self.controller.session
        (session.requests if session is not None else self.requests).append(record)

    def open_request_log(self) -> RequestLogDialog:
        def text() -> str:
            session = self.controller.session
            if session is None and not self.requests:
                return translate("App", "No session: add an API key or start the offline demo.") + "\n"
            if session is None:
                return request_log_text(self.requests, self.settings.resolved_base_url(), "")
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


async def main(
    app: QApplication, args: argparse.Namespace, settings: Settings, veo: App | None = None
) -> int:
    """Run the window until it closes; ``veo``: the app already built around a painted window."""
    closed = asyncio.Event()
    app.lastWindowClosed.connect(closed.set)
    if veo is not None and not veo.window.isVisible():  # closed while the rest loaded: nothing to wait for
        closed.set()
    if veo is None:
        try:
            for folder in (paths.data_dir(), paths.config_dir()):
                check_writable(folder)  # a read-only disk is said as such, not as a crash building the window
        except HistoryUnavailable as exc:
            await _tell(str(exc))
            return 1
        veo = App(settings=settings)
        veo.window.show()
    veo.controller.form.hold()  # nothing acts until the session is open (presses meanwhile are dropped)
    starting = asyncio.ensure_future(veo.start(args))
    starting.add_done_callback(lambda done: _closed_on_failure(done, veo))
    await closed.wait()
    starting.cancel()  # closed while it starts: nothing more opens (what is opening is closed again)
    await asyncio.wait([starting])
    if veo.early is not None:  # closed before the start took what it began
        veo.early.close_unused()
    failure = None if starting.cancelled() else starting.exception()
    if failure is not None:
        raise failure
    await veo.controller.shutdown()
    if veo.restart_requested and not veo.refused:  # the history is released: the new one can open it
        restart.start_again()
    return 1 if veo.refused else 0


def _closed_on_failure(starting: asyncio.Future[None], veo: App) -> None:
    """The start failed (a bug): the window closes and :func:`main` raises it, as before the window ran."""
    if not starting.cancelled() and starting.exception() is not None:
        veo.window.close()


def run_window(
    app: QApplication,
    args: argparse.Namespace,
    settings: Settings,
    parts: WindowParts | None,
    keys: KeyStore | None = None,
    early: EarlyOpen | None = None,
) -> int:
    """The rest of :func:`veo_desktop.gui.shell.launch.run_gui`, after the first paint of ``parts`` (None: the
    data folders cannot be written, and :func:`main` says so instead of opening the window); ``early``:
    the key read and the history opened, begun after that paint."""
    veo = App(keys, settings=settings, parts=parts, early=early) if parts is not None else None
    if veo is not None:  # a press handled before the session opens is dropped, and said so
        veo.controller.form.hold()
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        return runner.run(main(app, args, settings, veo))
