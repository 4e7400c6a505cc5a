"""A probed child process's output, read as it comes (tests/gui/test_startup_off_thread.py,
tests/gui/test_start_press.py): its ``PROBE {json}`` lines as states, the rest kept for a failure's
message. It imports only the prefix (tests/helpers/probe_mark.py), never the slow keyring backend, which
would register itself with keyring in the test process."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from collections.abc import Callable
from typing import Any

from tests.helpers.probe_mark import MARK

State = dict[str, Any]


class ChildLines:
    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.states: queue.Queue[State | None] = queue.Queue()
        self.seen: list[State] = []
        self.output: list[str] = []
        threading.Thread(target=self._read, args=(process,), daemon=True).start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            self.output.append(line)
            if line.startswith(MARK):
                self.states.put(json.loads(line[len(MARK) :]))
        self.states.put(None)

    def next(self, condition: Callable[[State], bool], what: str, within: float = 60) -> State:
        """The first state from now on for which ``condition`` holds."""
        while True:
            try:
                state = self.states.get(timeout=within)
            except queue.Empty:
                raise AssertionError(f"timed out waiting for {what}; last: {self.seen[-1:]}") from None
            if state is None:
                raise AssertionError(f"the window ended before {what}:\n{''.join(self.output[-40:])}")
            self.seen.append(state)
            if condition(state):
                return state

    def wait(self, at: str, within: float = 90) -> State:
        """The first state ``at``, seen already or to come."""
        for earlier in self.seen:
            if earlier["at"] == at:
                return earlier
        return self.next(lambda state: state["at"] == at, repr(at), within)

    def names(self) -> list[str]:
        return [state["at"] for state in self.seen]
