"""The thin Qt adapter over the task manager's events: the window listens to signals, nothing else."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.manager import TaskEvent, TaskManager


class TaskBridge(QObject):
    added = Signal(object)  # TaskRecord
    changed = Signal(object)  # TaskRecord
    removed = Signal(object)  # TaskRecord
    progress = Signal(int, int, int)  # local id, bytes received, total (0 when unknown)

    def __init__(self, manager: TaskManager, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe = manager.subscribe(self._on_event)

    def _on_event(self, event: TaskEvent) -> None:
        record: TaskRecord = event.record
        if event.kind == "download":
            self.progress.emit(record.id, event.received, event.total or 0)
        elif event.kind == "added":
            self.added.emit(record)
        elif event.kind == "removed":
            self.removed.emit(record)
        else:
            self.changed.emit(record)

    def detach(self) -> None:
        self._unsubscribe()
