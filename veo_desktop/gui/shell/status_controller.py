"""The status bar and the tray: what this day and month cost, the countdown after the service's 429, a
background step that failed, and the notification that a video is ready (when the window is not
looked at)."""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QSystemTrayIcon

from veo_desktop.api import rules
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.describe import excerpt, outage_text
from veo_desktop.gui.common.background import BackgroundTasks
from veo_desktop.gui.shell.main_window import MainWindow
from veo_desktop.i18n import translate
from veo_desktop.session import Session


class StatusController(QObject):
    outageChanged = Signal(str)  # what the rows waiting on the service say ("" while it answers)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session: Session | None = None
        self.notifications = True  # File → Settings → notify when a video is ready
        self.tray: QSystemTrayIcon | None = None
        self.background: BackgroundTasks | None = None  # the window's: where the spend is read from

    def attach(self, session: Session) -> None:
        self.session = session
        self.show_spend()

    def detach(self) -> None:
        self.session = None
        self.show_connection()

    def background_failed(self, name: str, exc: BaseException) -> None:
        self.window.show_message(
            translate("Controller", "Something went wrong ({name}): {exc}").format(name=name, exc=exc)
        )

    def video_arrived(self, record: TaskRecord) -> None:
        self.show_spend()
        self.notify(record)

    def show_spend(self) -> None:
        """What this day and month cost, once the history (on its own thread) has said it."""
        if self.session is not None and self.background is not None:
            self.background.spawn(self._show_spend(self.session), "spend", session=True)

    async def _show_spend(self, session: Session) -> None:
        spend = await session.manager.history.spend()
        if session is not self.session:
            return  # detached meanwhile
        today, month = rules.format_cents(spend.today_cents), rules.format_cents(spend.month_cents)
        self.window.show_spend(
            translate("Controller", "Spent today {today} · this month {month}").format(
                today=today, month=month
            )
        )

    def show_cooldown(self) -> None:
        left = self.session.client.cooldown_until - time.monotonic() if self.session is not None else 0.0
        self.window.show_cooldown(math.ceil(left) if left > 0 else 0)

    def show_connection(self) -> None:
        """The service cannot be reached: in the status bar (with "Retry now") and on the rows waiting
        on it, counting down to the next try; gone once it answers."""
        manager = self.session.manager if self.session is not None else None
        # Nothing followed: no try is under way (a submission that could not connect was given up).
        text = outage_text(manager.unreachable, idle=not manager.following) if manager is not None else ""
        self.window.show_outage(text)
        self.outageChanged.emit(text)

    def notify(self, record: TaskRecord) -> None:
        if (
            not self.notifications
            or self.window.isActiveWindow()
            or not QSystemTrayIcon.isSystemTrayAvailable()
        ):
            return
        if self.tray is None:
            self.tray = QSystemTrayIcon(self.window.windowIcon(), self)
            self.tray.show()
        self.tray.showMessage(translate("Controller", "Your video is ready"), excerpt(record.prompt, 80))
