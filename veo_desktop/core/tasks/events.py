"""What happens to tasks, announced: the window listens through a thin Qt adapter, the command line
through a plain callback. A listener that fails is logged and never stops the others."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from veo_desktop.core.task_record import TaskRecord

log = logging.getLogger(__name__)

EventKind = Literal["added", "changed", "removed", "download"]


@dataclass(frozen=True)
class TaskEvent:
    kind: EventKind
    record: TaskRecord
    received: int = 0  # "download": bytes so far
    total: int | None = None


Listener = Callable[[TaskEvent], None]


class TaskEvents:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Listeners hear events in the order they subscribed; the returned call unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def emit(self, kind: EventKind, record: TaskRecord, received: int = 0, total: int | None = None) -> None:
        event = TaskEvent(kind, record, received, total)
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("a task listener failed")
