"""A keyring that is slow to answer (as one waiting for its unlock prompt), for the window's start-up test
(tests/gui/test_startup_off_thread.py). The child window selects it with
``PYTHON_KEYRING_BACKEND=tests.helpers.slow_keyring.SlowKeyring``; ``VEO_TEST_KEYRING_SECONDS`` is how
long it takes (a day: it never answers), ``VEO_TEST_KEYRING_KEY`` the key it holds. It prints ``PROBE``
lines when asked and when it answers."""

from __future__ import annotations

import json
import os
import threading
import time

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from tests.helpers.probe_mark import MARK


def _say(at: str) -> None:
    state = {"at": at, "t": time.time(), "thread": threading.current_thread().name}
    print(MARK + json.dumps(state), flush=True)


class SlowKeyring(KeyringBackend):
    priority = 1  # a plain number: keyring reads it, nothing discovers this one

    def get_password(self, service: str, username: str) -> str | None:
        _say("keyring asked")
        threading.Event().wait(float(os.environ.get("VEO_TEST_KEYRING_SECONDS", "4")))  # the prompt, open
        _say("keyring answered")
        return os.environ.get("VEO_TEST_KEYRING_KEY") or None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise NotImplementedError

    def delete_password(self, service: str, username: str) -> None:
        raise PasswordDeleteError(username)
