"""Closing the window while a submission is in flight (its request out, the service's answer not yet in).

The close waits: the window stays open and responsive and says so, nothing new is sent, and once the
answer is in and its task id written down (at most :data:`~veo_desktop.session.ANSWER_GRACE` seconds,
as the CLI's Ctrl+C waits), the window closes; the task is followed again at the next start. With no
answer in time the window says, before closing, that the task's outcome is unknown and how to find it.
"Quit now" in the waiting box closes at once (that submission's outcome then unknown)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QMessageBox

from veo_desktop import APP_NAME
from veo_desktop.core.tasks.describe import excerpt
from veo_desktop.i18n import translate
from veo_desktop.session import ANSWER_GRACE

if TYPE_CHECKING:
    from veo_desktop.gui.shell.controller import MainController
    from veo_desktop.gui.shell.main_window import MainWindow
    from veo_desktop.gui.tasks.task_model import TaskListModel
    from veo_desktop.session import Session


def waiting_text() -> str:
    return translate(
        "QuitWait", "Waiting for the service's answer to a submission (up to {seconds} s)…"
    ).format(seconds=round(ANSWER_GRACE))


class AnswerWait(QObject):
    """Holds the window's close (an event filter on it) while a submission waits for its answer."""

    def __init__(self, window: MainWindow, controller: MainController, model: TaskListModel) -> None:
        super().__init__(window)
        self.window, self.controller, self.model = window, controller, model
        self.waiting = False  # a close is held until the answer is in
        self.released = False  # the close held is let through now
        self.timed_out = False  # no answer in time: the words about it are shown, then the window closes
        self.box: QMessageBox | None = None
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.window or event.type() != QEvent.Type.Close or self.released:
            return False
        if self.waiting:  # closed again while waiting: still waiting ("Quit now" closes at once)
            event.ignore()
            if self.box is None and not self.timed_out:  # its box shown again ("Wait" had closed it)
                self.box = self._waiting_box()
            return True
        session = self.controller.session
        if session is None or not session.manager.submissions_in_flight:
            return False
        if event.spontaneous() and self.window.running_note():  # the window asks first (its quit dialog)
            return False
        event.ignore()
        self.waiting = True
        self.controller.form.detach()  # nothing more is sent from the form (a batch's next video neither)
        self.controller.form.refresh()
        self.window.show_message(waiting_text(), 0)
        self.box = self._waiting_box()
        self.controller.background.spawn(self._wait(session), "quit-wait-for-answer")
        return True

    def _waiting_box(self) -> QMessageBox:
        text = translate(
            "QuitWait",
            "Waiting for the service's answer to a submission (up to {seconds} s), so its task id is "
            "kept and the video is followed again the next time Veo Desktop starts. Veo Desktop closes "
            "then.",
        ).format(seconds=round(ANSWER_GRACE))
        box = QMessageBox(
            QMessageBox.Icon.Information, APP_NAME, text, QMessageBox.StandardButton.NoButton, self.window
        )
        box.setObjectName("quitWaitingForAnswer")
        now = box.addButton(translate("QuitWait", "Quit now"), QMessageBox.ButtonRole.DestructiveRole)
        now.setObjectName("quitNow")
        wait = box.addButton(translate("QuitWait", "Wait"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(wait)  # Enter and Escape wait: only a click on "Quit now" gives up the id
        box.setEscapeButton(wait)
        now.setToolTip(
            translate(
                "QuitWait",
                "Without the answer, the submission's outcome is unknown: it may have been accepted "
                "(and is billed if it completes).",
            )
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        now.clicked.connect(self._quit_now)
        box.finished.connect(lambda _result: self._forget(box))  # "Wait": the box goes, the wait goes on
        box.open()
        return box

    def _forget(self, box: QMessageBox) -> None:
        if self.box is box:
            self.box = None

    def _quit_now(self) -> None:
        """The user does not wait: the submission in flight is cancelled (its outcome unknown)."""
        session = self.controller.session
        if session is not None:
            session.answers_given_up = True
        self._close()

    async def _wait(self, session: Session) -> None:
        unanswered = self._submitting()
        if await session.settle_submissions():
            self._close()
            return
        if self.released:
            return
        self.timed_out = True
        if self.box is not None:
            self.box.done(0)
            self.box = None
        words = _unknown_text(unanswered)
        self.window.show_message(words, 0)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            APP_NAME,
            words,
            QMessageBox.StandardButton.Ok,
            self.window,
        )
        box.setObjectName("quitAnswerUnknown")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _result: self._close())
        box.open()

    def _submitting(self) -> list[str]:
        """The prompts of the rows being submitted, shortened."""
        records = (self.model.record_at(row) for row in range(self.model.rowCount()))
        return [excerpt(r.prompt, 40) for r in records if r.state == "submitting"]

    def _close(self) -> None:
        if self.released:
            return
        self.released = True
        if self.box is not None:
            self.box.done(0)
            self.box = None
        self.window.close()


def _unknown_text(prompts: list[str]) -> str:
    """The closing words when no answer came in time: the outcome unknown, and how to find the task."""
    names = ", ".join(f"“{p}”" for p in prompts)
    return translate(
        "QuitWait",
        "No answer came within {seconds} s to the submission of {names}: its outcome is unknown. The "
        "service may already have this task, and will bill it when it completes; it was not sent again. "
        "Look for it in your provider's console (File → Import task id fetches it).",
    ).format(seconds=round(ANSWER_GRACE), names=names or translate("QuitWait", "a video"))
