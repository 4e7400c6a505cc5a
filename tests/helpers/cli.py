"""Running the real ``veo-desktop`` command in a child process, as a user's shell would."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from veo_desktop.emulator.server import EmulatorThread

# A child's exit code after :func:`kill`: SIGKILL on Linux and macOS, TerminateProcess's 1 on Windows.
if sys.platform == "win32":
    KILLED = 1
else:
    KILLED = -signal.SIGKILL


def cli_env(home: Path, emulator: EmulatorThread | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIYI_")}
    env["VEO_DESKTOP_HOME"] = str(home)
    if emulator is not None:
        env["APIYI_API_KEY"] = emulator.api_key
        env["APIYI_BASE_URL"] = emulator.base_url
    env.update(extra)
    return env


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "veo_desktop", *args]


def run_cli(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(*args), env=env, capture_output=True, text=True, timeout=timeout)


if sys.platform != "win32":  # no pseudo-terminals on Windows (the tests that use one skip there)

    def run_cli_on_a_terminal(*args: str, env: dict[str, str], timeout: float = 120) -> tuple[int, str, str]:
        """The command with its progress (stderr) on a terminal (a pseudo-terminal) as in a user's shell,
        stdout still a pipe: the exit code, stdout, and everything the terminal was sent. Not on Windows,
        which has no pseudo-terminals (the tests that use it skip there)."""
        import pty

        terminal, child_end = pty.openpty()
        process = subprocess.Popen(
            command(*args), env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=child_end
        )
        os.close(child_end)
        shown: list[bytes] = []

        def read() -> None:
            while True:
                try:
                    data = os.read(terminal, 4096)
                except OSError:  # the child closed the terminal (EIO)
                    return
                if not data:
                    return
                shown.append(data)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            out, _ = process.communicate(timeout=timeout)
            reader.join(timeout=10)
        finally:
            os.close(terminal)
        return process.returncode, out.decode(), b"".join(shown).decode(errors="replace")

else:

    def run_cli_on_a_terminal(*args: str, env: dict[str, str], timeout: float = 120) -> tuple[int, str, str]:
        raise NotImplementedError("Windows has no pseudo-terminals")


def start_cli(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command(*args), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def wait_for(condition: Callable[[], object], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


class Running:
    """A CLI child whose stderr is read as it comes, so a test can act on what the user sees."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.err = ""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.err += line

    def finish(self, timeout: float = 60) -> tuple[int, str, str]:
        assert self.process.stdout is not None
        out = self.process.stdout.read()
        code = self.process.wait(timeout)
        self._reader.join(10)
        self.process.stdout.close()
        assert self.process.stderr is not None
        self.process.stderr.close()
        return code, out, self.err


def kill(process: subprocess.Popen[str]) -> None:
    """Killed at once, with no chance to clean up: SIGKILL, or TerminateProcess on Windows."""
    process.kill()
    process.communicate(timeout=10)  # reaps it and closes its pipes
    assert process.returncode == KILLED


def history(home: Path) -> list[tuple[str | None, str]]:
    with sqlite3.connect(home / "history.sqlite3") as db:
        return db.execute("SELECT task_id, state FROM tasks").fetchall()


UNSHARE = shutil.which("unshare") or "unshare"


PRIVATE_MOUNTS = [UNSHARE, "--user", "--map-root-user", "--mount", "/bin/sh", "-c"]


def can_mount_tmpfs() -> bool:
    """A tmpfs of our own in a private mount namespace: a real full disk, no root needed."""
    probe = subprocess.run([*PRIVATE_MOUNTS, "mount -t tmpfs -o size=64k t /mnt"], capture_output=True)
    return probe.returncode == 0


def killed_while_polling(photo: Path, emulator: EmulatorThread, env: dict[str, str]) -> str:
    """A `generate` SIGKILLed once its task is at the service and being polled; the task's id."""
    first = start_cli("generate", str(photo), "--prompt", "harbour", "--poll-interval", "0.1", env=env)
    wait_for(lambda: any(r.route == "status" for r in emulator.server.received), "polling")
    first.kill()
    first.communicate(timeout=10)
    [task_id] = emulator.server.tasks
    return task_id
