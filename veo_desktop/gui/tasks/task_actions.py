"""What the task list's menu (and a row's buttons) does, and importing a task id: play, reveal, copy the
id, retry (or send again, after a warning, when the outcome is unknown), follow again, reuse the settings,
compare a two-frame clip's end frames (``end_frame_compare.py``), stop or remove. A refusal from the task
manager goes to the status bar.

Removing a row that nothing follows offers Undo: the row is hidden at once, and the history forgets the
task only when the Undo window has passed (or the window closes, or another row is removed); until then
Undo brings back the row as it was. A crash meanwhile loses nothing: the task is still in the history."""

from __future__ import annotations

from collections.abc import Awaitable
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from veo_desktop.api import errors
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.attempts import refused_for_safety
from veo_desktop.core.tasks.describe import excerpt
from veo_desktop.core.tasks.manager import TaskManager
from veo_desktop.gui.common import dialogs
from veo_desktop.gui.common.background import BackgroundTasks
from veo_desktop.gui.common.clip_menu import CLIP_ACTIONS
from veo_desktop.gui.tasks import end_frame_compare
from veo_desktop.gui.tasks.task_model import TaskListModel
from veo_desktop.i18n import translate

if TYPE_CHECKING:
    from veo_desktop.gui.shell.main_window import MainWindow  # the window these controls live in

UNDO_SECONDS: Final = 10.0  # how long "Removed … — Undo" is offered
# Removing these only takes them off the list (nothing follows them): it can wait for the Undo window.
UNDOABLE: Final = frozenset({"completed", "failed", "canceled", "rejected", "unknown", "paused"})


class TaskActions(QObject):
    playRequested = Signal(object)  # TaskRecord
    reuseRequested = Signal(object)  # TaskRecord: its request (and image) back in the form
    clipActionRequested = Signal(str, object)  # a clip's action (clip_menu.CLIP_ACTIONS), TaskRecord

    def __init__(self, window: MainWindow, background: BackgroundTasks, model: TaskListModel) -> None:
        super().__init__(window)
        self.window = window
        self.background = background
        self.model = model
        self.manager: TaskManager | None = None
        self.no_session_reason = ""
        self.undo_seconds = UNDO_SECONDS
        self._removal: tuple[TaskManager, TaskRecord] | None = None  # hidden, waiting for its Undo window
        self._undo_window = QTimer(self)
        self._undo_window.setSingleShot(True)
        self._undo_window.timeout.connect(self._remove_pending)
        window.undo_note.undoRequested.connect(self.undo_remove)
        window.taskAction.connect(self.on_task_action)
        window.importRequested.connect(self.ask_import)
        window.retryNowRequested.connect(self.retry_now)

    def attach(self, manager: TaskManager) -> None:
        self.manager = manager
        self.no_session_reason = ""

    def detach(self) -> None:
        self.manager = None

    def no_session(self, reason: str) -> None:
        """No session to be had (no key): an import says ``reason`` instead."""
        self.no_session_reason = reason

    # ----- importing ----------------------------------------------------------------------------

    def ask_import(self) -> None:
        dialogs.ask_task_id(self.window, self.import_task)

    def import_task(self, task_id: str) -> None:
        if self.manager is None:
            self.window.show_message(self.no_session_reason)
            return
        self.background.spawn(self._reporting(self.manager.import_task(task_id)), "import")

    async def _reporting(self, work: Awaitable[object]) -> None:
        """Run one thing the user asked the task manager for; a refusal goes to the status bar."""
        try:
            await work
        except (ValueError, errors.VeoError) as exc:
            self.window.show_message(str(exc))

    # ----- the menu -----------------------------------------------------------------------------

    def retry_now(self) -> None:
        """The service could not be reached: try again now rather than at the next scheduled try. With
        nothing waiting on the service, a free request asks whether it answers again."""
        manager = self.manager
        if manager is None:
            return
        manager.retry_now()
        if not manager.following and "reach-service" not in self.background.names:
            self.background.spawn(self._reach(manager), "reach-service")

    async def _reach(self, manager: TaskManager) -> None:
        """A status request for a task that cannot exist (free): any answer proves the service is back."""
        try:
            await manager.client.check_key()
        except errors.VeoError as exc:
            self.window.show_message(str(exc))

    def on_task_action(self, action: str, local_id: int) -> None:
        """A row's action. It acts on the row's record (what the menu was built from, kept current by
        the task manager's events): no read of the history on the window's thread. A task with no row
        shown is read from the history first (awaited)."""
        manager = self.manager
        if manager is None:
            return
        if action == "retry_now":
            self.retry_now()
            return
        row = self.model.row_of(local_id)
        if row >= 0:
            self._act(manager, action, self.model.record_at(row))
        else:
            self.background.spawn(self._read_then_act(manager, action, local_id), f"read-{local_id}")

    async def _read_then_act(self, manager: TaskManager, action: str, local_id: int) -> None:
        record = await manager.history.get(local_id)
        if record is not None and manager is self.manager:
            self._act(manager, action, record)  # checks and starts in one step: one click, one send

    def _act(self, manager: TaskManager, action: str, record: TaskRecord) -> None:
        local_id = record.id
        if action == "play":
            self.playRequested.emit(record)
        elif action == "reveal":
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(record.output_path).parent)))
        elif action == "copy_id" and record.task_id:
            self.window.copy_text(record.task_id)
            self.window.show_message(
                translate("Controller", "Copied {task_id}").format(task_id=record.task_id)
            )
        elif action == "retry" and self._sending(local_id):
            return  # one click, one resend: this one is still on its way
        elif action == "retry" and record.state == "unknown":
            self.background.spawn(self._send_again(manager, record), f"send-again-{local_id}")
        elif action == "retry" and refused_for_safety(record):
            self.background.spawn(self._retry_refused(manager, record), f"retry-{local_id}")
        elif action == "retry":
            self.background.spawn(self._reporting(manager.retry(local_id)), f"retry-{local_id}")
        elif action == "follow":
            self.background.spawn(self._reporting(manager.follow_again(local_id)), f"follow-{local_id}")
        elif action == "reuse":
            self.reuseRequested.emit(record)
        elif action == end_frame_compare.ACTION and end_frame_compare.offers_comparison(record):
            end_frame_compare.open_comparison(self.window, self.background, record)
        elif action in CLIP_ACTIONS:  # continue from it, or put it in the sequence
            self.clipActionRequested.emit(action, record)
        elif action == "stop" and record.state in UNDOABLE and not self._busy(manager, local_id):
            self._remove_later(manager, record)
        elif action == "stop":
            self.background.spawn(self._stop(manager, record), f"stop-{local_id}")

    def _sending(self, local_id: int) -> bool:
        names = self.background.names
        return f"retry-{local_id}" in names or f"send-again-{local_id}" in names

    @staticmethod
    def _busy(manager: TaskManager, local_id: int) -> bool:
        """Something follows the task (here or in another Veo Desktop): stopping it cannot wait."""
        return local_id in manager.following or manager.held_elsewhere(local_id)

    async def _send_again(self, manager: TaskManager, record: TaskRecord) -> None:
        """A submission whose outcome is unknown may already be at the service: sending it again may
        bill twice, so only after the user has read that and said yes."""
        if await dialogs.confirm_send_again(self.window, excerpt(record.prompt, 40)):
            await self._reporting(manager.retry(record.id))

    async def _retry_refused(self, manager: TaskManager, record: TaskRecord) -> None:
        """The safety filter refused the prompt: sent again as it is, it will likely be refused again;
        sent only once the user has read that and said so."""
        if await dialogs.confirm_retry_refused(self.window, excerpt(record.prompt, 40)):
            await self._reporting(manager.retry(record.id))

    async def _stop(self, manager: TaskManager, record: TaskRecord) -> None:
        try:
            await manager.stop_tracking(record.id)
        except ValueError as exc:  # another Veo Desktop follows it
            self.window.show_message(str(exc))
            return
        message = (
            translate("Controller", "Stopped waiting for “{prompt}”; its task id is kept")
            if record.active and record.task_id
            else translate("Controller", "Removed “{prompt}” from the list")
        )
        self.window.show_message(message.format(prompt=excerpt(record.prompt, 40)))

    # ----- removing, with Undo ------------------------------------------------------------------

    def _remove_later(self, manager: TaskManager, record: TaskRecord) -> None:
        """Hide the row now; the history forgets the task when the Undo window has passed."""
        self._remove_pending()  # one removal waits at a time: the one before goes now
        self._removal = (manager, record)
        self.model.hide(record.id)
        text = translate("Controller", "Removed “{prompt}” —").format(prompt=excerpt(record.prompt, 40))
        self.window.undo_note.show_note(text)
        self._undo_window.start(max(0, round(self.undo_seconds * 1000)))

    def undo_remove(self) -> None:
        """Undo: the row comes back as it was (the history never lost the task)."""
        removal = self._take_removal()
        if removal is not None:
            self.background.spawn(self._undo(*removal), f"undo-{removal[1].id}")

    async def _undo(self, manager: TaskManager, record: TaskRecord) -> None:
        kept = await manager.history.get(record.id)
        if kept is None:  # gone meanwhile (another Veo Desktop removed it): nothing to bring back
            self.model.forget(record.id)
            return
        self.model.unhide(kept)

    def _remove_pending(self) -> None:
        removal = self._take_removal()
        if removal is not None:
            self.background.spawn(self._remove(*removal), f"remove-{removal[1].id}")

    async def settle(self) -> None:
        """Before the session closes: a removal still waiting for its Undo window is done now."""
        removal = self._take_removal()
        if removal is not None:
            await self._remove(*removal)

    def _take_removal(self) -> tuple[TaskManager, TaskRecord] | None:
        removal, self._removal = self._removal, None
        self._undo_window.stop()
        self.window.undo_note.clear()
        return removal

    async def _remove(self, manager: TaskManager, record: TaskRecord) -> None:
        try:
            await manager.stop_tracking(record.id)
            # The row stood for its earlier attempts too (none made a video or was charged): they go
            # with it, as removing each one's own row would, so a restart does not bring them back.
            for earlier in self.model.earlier_attempts(record.id):
                await manager.stop_tracking(earlier.id)
        except ValueError as exc:  # another Veo Desktop took it over meanwhile
            self.window.show_message(str(exc))
        kept = await manager.history.get(record.id)
        if kept is None:
            self.model.forget(record.id)
        else:  # it stayed (paused, or taken over elsewhere): its row shows it
            self.model.unhide(kept)
