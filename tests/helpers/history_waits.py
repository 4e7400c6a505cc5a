"""Which of the history's statements a thread waited for: a blocking read or write handed to the
history's thread with the caller blocked on its answer (awaited ones are not counted)."""

from __future__ import annotations

import threading
from typing import Any

from veo_desktop.core.history.store import HistoryStore


def watch_waits(store: HistoryStore) -> list[str]:
    """From now on, the names of the store's methods this thread (the loop's, the window's) waited for."""
    waiting_thread = threading.get_ident()
    waited: list[str] = []
    submit = store.executor.submit

    def watching(fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        if args and args[0] is store and threading.get_ident() == waiting_thread:  # a blocking hand-over
            waited.append(getattr(fn, "__name__", repr(fn)))
        return submit(fn, *args, **kwargs)

    store.executor.submit = watching  # type: ignore[method-assign]
    return waited
