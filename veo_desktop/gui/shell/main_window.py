"""The main window: the image and the form on the left, the task list on the right. It presents state and
forwards intent (signals); the controller decides. Apart: `no_key_banner`, `window_status`, `task_menu`."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QByteArray, QPoint, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QMenu,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from veo_desktop import APP_NAME
from veo_desktop.gui.common.clip_menu import ClipAdvice, no_advice
from veo_desktop.gui.common.style import MARGIN, mark_title
from veo_desktop.gui.common.window_fit import first_size, fit_on_screen
from veo_desktop.gui.composer.drop_zone import ImageDropZone
from veo_desktop.gui.composer.end_frame_panel import EndFramePanel
from veo_desktop.gui.composer.generation_form import GenerationForm
from veo_desktop.gui.player.gallery import GalleryModel, GalleryView
from veo_desktop.gui.player.preview import PreviewPanel
from veo_desktop.gui.shell.columns import Columns
from veo_desktop.gui.shell.no_key_banner import NoKeyBanner
from veo_desktop.gui.shell.shortcuts_help import add_shortcuts_help
from veo_desktop.gui.shell.window_status import StatusBarWindow
from veo_desktop.gui.storyboard.sequence_view import SequenceView
from veo_desktop.gui.tasks.task_delegate import TaskDelegate
from veo_desktop.gui.tasks.task_menu import task_menu
from veo_desktop.gui.tasks.task_model import TaskListModel
from veo_desktop.i18n import translate


class MainWindow(StatusBarWindow):
    taskAction = Signal(str, int)  # action, local task id
    importRequested = Signal()
    pasteRequested = Signal()
    demoRequested = Signal()
    settingsRequested = Signal()
    logsRequested = Signal()
    requestLogRequested = Signal()
    retryNowRequested = Signal()  # the service cannot be reached: try again at once
    keySaveRequested = Signal(str)  # the key pasted in the banner, to store and use
    closing = Signal()

    def __init__(self, model: TaskListModel, gallery_model: GalleryModel) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.resize(first_size(self.screen()))  # a screen smaller than the default, or scaled, fits it

        self.banner = NoKeyBanner(self)
        self.banner.demo_button.clicked.connect(self.demoRequested)
        self.banner.keySaveRequested.connect(self.keySaveRequested)
        self.banner.key_button.clicked.connect(self.settingsRequested)
        self.banner_text = self.banner.banner_text
        self.demo_button = self.banner.demo_button
        self.banner_key = self.banner.banner_key
        self.banner_save = self.banner.banner_save
        self.key_button = self.banner.key_button
        self.banner_result = self.banner.banner_result

        self.drop_zone = ImageDropZone(self)
        self.end_panel = EndFramePanel(self)
        self.end_zone = self.end_panel.zone
        self.form = GenerationForm(self)
        start = QVBoxLayout()
        start.addWidget(mark_title(QLabel(translate("MainWindow", "Start frame"), self)))
        start.addWidget(self.drop_zone, 1)

        self.task_list = QListView(self)
        self.task_list.setObjectName("taskList")
        self.task_list.setAccessibleName(translate("MainWindow", "Tasks"))
        self.task_list.setModel(model)
        self.task_delegate = TaskDelegate(self.task_list)  # draws each row's buttons, sends their clicks
        self.task_delegate.actionClicked.connect(self.taskAction)
        self.task_list.setItemDelegate(self.task_delegate)
        self.task_list.setUniformItemSizes(True)
        self.task_list.setAlternatingRowColors(True)
        self.task_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.task_list.customContextMenuRequested.connect(self._task_menu)
        self.task_list.doubleClicked.connect(  # a double click on a row's button is that button's click
            lambda index: None if self.task_delegate.on_button else self._act("play", index.row())
        )
        self.empty_list = QLabel(translate("MainWindow", "Your videos appear here."), self)
        self.empty_list.setObjectName("emptyList")
        self.empty_list.setAlignment(Qt.AlignmentFlag.AlignCenter)
        tasks_page = QWidget(self)
        tasks_layout = QVBoxLayout(tasks_page)
        tasks_layout.setContentsMargins(0, 0, 0, 0)
        tasks_layout.addWidget(self.task_list, 1)
        tasks_layout.addWidget(self.empty_list)
        self.gallery = GalleryView(gallery_model, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("listTabs")
        self.tabs.addTab(tasks_page, translate("MainWindow", "Tasks"))
        self.tabs.addTab(self.gallery, translate("MainWindow", "Gallery"))
        self.sequence = SequenceView(self)
        self.tabs.addTab(self.sequence, translate("MainWindow", "Sequence"))
        self.clip_advice: ClipAdvice = no_advice  # the controllers say what a finished clip allows
        self.preview = PreviewPanel(self)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.setObjectName("rightSplitter")
        right.addWidget(self.preview)
        right.addWidget(self.tabs)
        right.setStretchFactor(0, 2)
        right.setStretchFactor(1, 1)
        right.setChildrenCollapsible(False)
        self.right_column = right
        self.splitter = Columns(start, self.end_panel, self.form, right)
        self.left_column, self.form_column = self.splitter.pictures, self.splitter.writing
        self._shown_once = False
        central = QWidget(self)
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(MARGIN, 0, MARGIN, 0)  # the height goes to the player
        central_layout.addWidget(self.banner)
        central_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self._build_status_bar()
        self.retry_now_button.clicked.connect(self.retryNowRequested)
        self._build_menus()
        # One press, one Generate: a held Ctrl+Return's auto-repeats are not new requests (each would bill).
        self.generate_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        self.generate_shortcut.setAutoRepeat(False)
        self.generate_shortcut.activated.connect(self.form.generateRequested)
        enter_shortcut = QShortcut(QKeySequence("Ctrl+Enter"), self)
        enter_shortcut.setAutoRepeat(False)
        enter_shortcut.activated.connect(self.form.generateRequested)
        model.rowsInserted.connect(self._update_empty)
        model.rowsRemoved.connect(self._update_empty)
        model.modelReset.connect(self._update_empty)
        self._model = model
        self._quit_said = False  # while closing: the user was told what it means for the videos being made
        self.closing.connect(self.preview.release)  # no video frame is painted into a closed window
        # The window's smallest size is that of two columns (the form under the pictures): a wide window
        # made narrower goes to two columns rather than stopping at three columns' minimum.
        self.setMinimumSize(self.minimumSizeHint())
        self.splitter.arrange(self.width())
        self.splitter.share_room(self.width())
        self._tab_order()
        self.form.focus_prompt()

    def resizeEvent(self, event: QResizeEvent) -> None:
        if self.splitter.arrange(event.size().width()):
            self._tab_order()  # the form moved to another column: Tab still goes as the eye does
        super().resizeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.splitter.player_room_once_shown()

    def _tab_order(self) -> None:
        """Tab goes as the eye does: the banner, the pictures, the prompt, the settings, Generate, then
        the player and the list (Qt's own order is the order the widgets were made in)."""
        preview = self.preview
        chain = [
            self.banner_key,
            self.banner_save,
            self.key_button,
            self.demo_button,
            *self.drop_zone.focus_chain(),
            *self.end_panel.focus_chain(),
            *self.form.focus_chain(),
            preview.play_button,
            preview.seek,
            preview.mute_button,
            preview.volume,
            preview.back_button,
            preview.step_button,
            preview.loop_button,
            preview.before_after,
            preview.full_button,
            preview.tools.frame_button,
            preview.tools.continue_button,
            self.tabs,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(translate("MainWindow", "&File"))
        self.open_action = QAction(translate("MainWindow", "&Open image…"), self)
        self.open_action.setObjectName("openAction")
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.drop_zone.browseRequested)
        self.paste_action = QAction(translate("MainWindow", "&Paste image"), self)
        self.paste_action.setObjectName("pasteAction")
        # Ctrl+V anywhere in the window pastes an image; the text boxes keep their own Ctrl+V.
        self.paste_action.setShortcut(QKeySequence.StandardKey.Paste)
        self.paste_action.triggered.connect(self.pasteRequested)
        self.import_action = QAction(translate("MainWindow", "&Import a task id…"), self)
        self.import_action.setObjectName("importAction")
        self.import_action.triggered.connect(self.importRequested)
        quit_action = QAction(translate("MainWindow", "&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setObjectName("quitAction")
        quit_action.triggered.connect(self.request_quit)
        for action in (self.open_action, self.paste_action, self.import_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        self.settings_action = QAction(translate("MainWindow", "&Settings…"), self)
        self.settings_action.setObjectName("settingsAction")
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.settings_action.triggered.connect(self.settingsRequested)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(translate("MainWindow", "&Help"))
        self.logs_action = QAction(translate("MainWindow", "Open &log folder"), self)
        self.logs_action.setObjectName("openLogsAction")
        self.logs_action.triggered.connect(self.logsRequested)
        help_menu.addAction(self.logs_action)
        self.request_log_action = QAction(translate("MainWindow", "&Request log"), self)
        self.request_log_action.setObjectName("requestLogAction")
        self.request_log_action.triggered.connect(self.requestLogRequested)
        help_menu.addAction(self.request_log_action)
        self.shortcuts_action = add_shortcuts_help(help_menu, self)

    def _update_empty(self) -> None:
        self.empty_list.setVisible(self._model.rowCount() == 0)

    def show_loading(self, loading: bool) -> None:
        """At start-up the window is painted before the history is read: the list says so meanwhile."""
        empty = translate("MainWindow", "Your videos appear here.")
        self.empty_list.setText(translate("MainWindow", "Loading…") if loading else empty)

    def _task_menu(self, point: QPoint) -> None:
        index = self.task_list.indexAt(point)
        if not index.isValid():
            return
        menu = self.task_menu_for(index.row())
        menu.popup(self.task_list.viewport().mapToGlobal(point))

    def task_menu_for(self, row: int) -> QMenu:
        """The menu of the task at ``row``: every entry acts on that task (its local id), wherever its row
        is by the time it is clicked (a new task at the top moves the rows down)."""
        record = self._model.record_at(row)
        local_id = record.id  # the task's, not the row's: the entries below act on this task only

        def act(action: str) -> None:
            self.taskAction.emit(action, local_id)

        outage = self._model.shows_outage(record)
        return task_menu(self, record, outage=outage, advice=self.clip_advice, act=act)

    def _act(self, action: str, row: int) -> None:
        if 0 <= row < self._model.rowCount():
            self.taskAction.emit(action, self._model.record_at(row).id)

    def show_no_key(self, message: str, *, demo: bool = False) -> None:
        """The banner with ``message`` and a key field ("" hides it); ``demo``: not offered again."""
        self.banner.show_no_key(message, demo=demo)

    def show_key_result(self, text: str, *, ok: bool = True) -> None:
        """Under the banner's key field: why the key was refused, or where it was kept."""
        self.banner.show_key_result(text, ok=ok)

    def layout_state(self) -> tuple[QByteArray, QByteArray]:
        """Where the window is and how it is split, to be restored at the next start."""
        return self.saveGeometry(), self.splitter.saveState()

    def restore_layout(self, geometry: QByteArray | None, splitter: QByteArray | None) -> None:
        if geometry is not None:
            self.restoreGeometry(geometry)
            fit_on_screen(self)  # saved on a larger screen, or at another scale: it fits this one
        self.splitter.arrange(self.width())
        self.splitter.share_room(self.width())  # the first split, for the window's size now
        if splitter is not None:
            self.splitter.restore(splitter, self.width())

    def running_note(self) -> str:
        """What quitting now means for the videos still being made ("" when none is)."""
        records = [self._model.record_at(row) for row in range(self._model.rowCount())]
        running = sum(1 for r in records if (r.active or r.state == "waiting") and not r.demo)
        # Sent, the answer not yet in: nothing resumes it unless its id comes (quitting waits for it).
        sending = sum(1 for r in records if r.state == "submitting" and not r.demo)
        note = self._sending_note(sending)
        return " ".join(part for part in (self._running_note(running), note) if part)

    @staticmethod
    def _sending_note(sending: int) -> str:
        if not sending:
            return ""
        if sending == 1:
            return translate(
                "MainWindow",
                "A submission still waits for the service's answer: quitting waits for it (up to 15 s) so "
                "its task id is kept; only then does that video resume next time.",
            )
        return translate(
            "MainWindow",
            "{count} submissions still wait for the service's answer: quitting waits for them (up to "
            "15 s) so their task ids are kept; only then do those videos resume next time.",
        ).format(count=sending)

    @staticmethod
    def _running_note(running: int) -> str:
        if running == 1:
            return translate(
                "MainWindow",
                "A video is still being made. It will resume the next time Veo Desktop starts: the service "
                "goes on with it meanwhile, and it is saved then.",
            )
        if running:
            return translate(
                "MainWindow",
                "{count} videos are still being made. They will resume the next time Veo Desktop starts: "
                "the service goes on with them meanwhile, and they are saved then.",
            ).format(count=running)
        return ""

    def request_quit(self) -> None:
        """File → Quit, or the window's close button: with videos still being made, say that they will
        resume next time, and quit once the user has read it."""
        note = self.running_note()
        if not note:
            self._quit_now()
            return
        box = QMessageBox(
            QMessageBox.Icon.Information, APP_NAME, note, QMessageBox.StandardButton.NoButton, self
        )
        box.setObjectName("quitWhileRunning")
        quit_button = box.addButton(translate("MainWindow", "Quit"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(translate("MainWindow", "Keep working"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(quit_button)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self._quit_now() if button is quit_button else None)
        box.open()

    def _quit_now(self) -> None:
        self._quit_said = True
        try:
            self.close()
        finally:
            self._quit_said = False

    def closeEvent(self, event: QCloseEvent) -> None:
        # The close button (a spontaneous close) asks as File → Quit does; a close made by the program
        # (the app refusing a history, a test) does not.
        if event.spontaneous() and not self._quit_said and self.running_note():
            event.ignore()
            self.request_quit()
            return
        self.closing.emit()
        super().closeEvent(event)

    def copy_text(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
