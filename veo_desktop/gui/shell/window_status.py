"""The main window's status bar: a countdown while the service asks us to wait (429), a note while it
cannot be reached, "Retry now" with either, "Undo" after a removal, and the money spent; and passing
messages. The base of :class:`veo_desktop.gui.shell.main_window.MainWindow`, which builds it in its place
(:meth:`StatusBarWindow._build_status_bar`) and says what it shows through the ``show_*`` methods."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QPushButton

from veo_desktop.gui.common.style import WAIT_COLOUR, words_in
from veo_desktop.gui.shell.undo_note import UndoNote
from veo_desktop.gui.tasks.task_menu import RETRY_NOW
from veo_desktop.i18n import translate


class StatusBarWindow(QMainWindow):
    def _build_status_bar(self) -> None:
        """Its permanent pieces, hidden until there is something to say (the window connects "Retry
        now")."""
        self.cooldown = QLabel(self)
        self.cooldown.setObjectName("cooldown")
        words_in(self.cooldown, WAIT_COLOUR)
        self.cooldown.hide()
        self.statusBar().addPermanentWidget(self.cooldown)
        self.connection_trouble = QLabel(self)
        self.connection_trouble.setObjectName("connectionTrouble")
        words_in(self.connection_trouble, WAIT_COLOUR)
        self.connection_trouble.hide()
        self.statusBar().addPermanentWidget(self.connection_trouble)
        self.retry_now_button = QPushButton(translate("MainWindow", RETRY_NOW), self)
        self.retry_now_button.setObjectName("retryNowButton")
        self.retry_now_button.hide()
        self.statusBar().addPermanentWidget(self.retry_now_button)
        self.undo_note = UndoNote(self)  # "Removed “…” — Undo", while a removal can be undone
        self.statusBar().addPermanentWidget(self.undo_note)
        self.spend = QLabel(self)
        self.spend.setObjectName("spend")
        self.statusBar().addPermanentWidget(self.spend)

    def show_message(self, text: str, timeout_ms: int = 8000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def show_spend(self, text: str) -> None:
        self.spend.setText(text)

    def show_cooldown(self, seconds: int) -> None:
        """The service's last 429 asked us to wait: a countdown with "Retry now", gone at zero."""
        if seconds > 0:
            self.cooldown.setText(
                translate("MainWindow", "Service busy (429): next try in {seconds} s").format(seconds=seconds)
            )
        self.cooldown.setVisible(seconds > 0)
        self._show_retry_now()

    def show_outage(self, text: str) -> None:
        """The service cannot be reached (``text`` says when it is tried again), with "Retry now"; ""
        hides both."""
        self.connection_trouble.setText(text)
        self.connection_trouble.setVisible(bool(text))
        self._show_retry_now()

    def _show_retry_now(self) -> None:
        """Every wait the window counts down (no connection, a 429) can be cut short."""
        waiting = not self.connection_trouble.isHidden() or not self.cooldown.isHidden()
        self.retry_now_button.setVisible(waiting)
