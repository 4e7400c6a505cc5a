"""The owner of the window's background coroutines: named tasks with strong references, each failure
logged (and shown), all cancelled on shutdown; those that read or resume a session (``session=True``)
are cancelled before that session closes, so none runs on a closed history."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

log = logging.getLogger(__name__)


class BackgroundTasks:
    def __init__(self, on_error: Callable[[str, BaseException], None] | None = None) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._of_session: set[asyncio.Task[Any]] = set()
        self._on_error = on_error

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str, *, session: bool = False) -> asyncio.Task[Any]:
        """Run ``coro`` as a named task; ``session``: it only reads (or resumes) the open session, and
        :meth:`end_session` cancels it (never a submission: its answer is waited for, not cancelled)."""
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)
        if session:
            self._of_session.add(task)
        task.add_done_callback(self._done)
        return task

    async def end_session(self) -> None:
        """Before the session closes: its reads and its resume are cancelled, and awaited."""
        tasks, self._of_session = list(self._of_session), set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        self._of_session.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            log.error("background task %s failed", task.get_name(), exc_info=exc)
            if self._on_error is not None:
                self._on_error(task.get_name(), exc)

    @property
    def names(self) -> list[str]:
        return sorted(t.get_name() for t in self._tasks)

    async def aclose(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()
        self._of_session.clear()
