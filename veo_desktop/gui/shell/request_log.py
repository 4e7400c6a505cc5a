"""Help → Request log: the session's recent requests, copyable for a support ticket."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from veo_desktop.i18n import translate


class RequestLogDialog(QDialog):
    def __init__(self, text: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requestLogDialog")
        self.setWindowTitle(translate("RequestLog", "Request log"))
        self.resize(760, 420)
        self._text = text
        explain = QLabel(
            translate(
                "RequestLog",
                "Recent requests to the service. The key is masked: this text is safe to paste "
                "into a support ticket.",
            )
        )
        explain.setWordWrap(True)
        self.view = QPlainTextEdit(self)
        self.view.setObjectName("requestLogText")
        self.view.setReadOnly(True)
        self.view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(translate("RequestLog", "Copy"), self)
        self.copy_button.setObjectName("copyRequestLog")
        self.refresh_button = QPushButton(translate("RequestLog", "Refresh"), self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy)
        self.refresh_button.clicked.connect(self.refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.view.setPlainText(self._text())
        self.view.verticalScrollBar().setValue(self.view.verticalScrollBar().maximum())

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.view.toPlainText())
