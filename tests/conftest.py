"""Shared fixtures: an isolated app home, the emulator over real loopback HTTP, sample images.

``async def`` tests run on a fresh asyncio loop each (see ``pytest_pyfunc_call``); a leftover task or
an exception handed to the loop's handler fails the test.
"""

from __future__ import annotations

import asyncio
import gc
import inspect
import io
import os
import subprocess
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from PIL import Image

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    # A desktop's screen, not the offscreen platform's 800x800: the first window takes the size it takes
    # on a user's desktop (tests/gui/test_layout.py tries small and scaled screens in child processes).
    SCREEN = Path(__file__).parent / "helpers" / "desktop-screen.json"
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREEN}"

from veo_desktop.api.client import RetryPolicy
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorConfig, EmulatorServer, EmulatorThread

# Properties and the task-life state machine: a fixed seed in CI (the same examples every run, under
# two minutes together); `--hypothesis-profile=long` draws ten times as many, new ones each run.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("long", max_examples=1000, deadline=None, print_blob=True)
settings.load_profile("ci")

# The app's waits scaled down: its 2 s floor between tries too.
FAST_RETRY = RetryPolicy(
    backoff_base=0.05, backoff_max=0.2, min_retry_after=0.05, content_not_ready_delays=(0.2,) * 8
)


def fast_config(**changes: Any) -> EmulatorConfig:
    options: dict[str, Any] = {
        "queue_seconds": 0.15,
        "render_seconds": 0.15,
        "content_not_ready_seconds": 0.0,
        "fps": 8,
        "short_side": 96,
    }
    options.update(changes)
    return EmulatorConfig(**options)


@pytest.fixture(autouse=True)
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own VEO_DESKTOP_HOME and no key from the developer's environment."""
    home = tmp_path / "home"
    monkeypatch.setenv("VEO_DESKTOP_HOME", str(home))
    monkeypatch.delenv("APIYI_API_KEY", raising=False)
    monkeypatch.delenv("APIYI_BASE_URL", raising=False)
    return home


@pytest.fixture(autouse=True)
def collect_garbage() -> Iterator[None]:
    """Collect after every test, so an object a test leaks (an unclosed socket or file) is reported
    against that test, not against whichever test the collector happens to run in later."""
    yield
    gc.collect()


@pytest.fixture
def emulator() -> Iterator[EmulatorThread]:
    thread = EmulatorThread(fast_config(), FaultPlan(seed=1))
    thread.start()
    try:
        yield thread
    finally:
        thread.stop()


@pytest.fixture
def server(emulator: EmulatorThread) -> EmulatorServer:
    return emulator.server


def image_bytes(
    fmt: str = "PNG", size: tuple[int, int] = (320, 240), mode: str = "RGB", **save: Any
) -> bytes:
    picture = Image.new(mode, size, "teal" if mode in ("RGB", "RGBA") else 128)
    out = io.BytesIO()
    picture.save(out, format=fmt, **save)
    return out.getvalue()


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "photo.png"
    path.write_bytes(image_bytes("PNG"))
    return path


# What makes a test end-to-end: a fixture or a name in its module that starts the emulator, a child
# process or the window, or the slow mark (the soaks and kills start them through helper modules).
# Everything else is the unit tier (`bash .ci/test -m unit`: rules, the wire, the schedule, naming, the
# history on a file; under a minute).
END_TO_END_FIXTURES = frozenset({"emulator", "server", "qtbot"})
END_TO_END_NAMES = ("EmulatorThread", "run_cli", "start_cli", "subprocess", "running_app", "Popen")


@pytest.fixture(autouse=True)
def _the_unit_tier_starts_nothing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test of the unit tier that starts a child process or the emulator fails, saying so: the tier
    is what its name promises, whatever helper module the starting hides in."""
    if request.node.get_closest_marker("unit") is None:
        return

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError(
            f"{request.node.nodeid} starts a child process or the emulator: it belongs to the end-to-end "
            "tier (use the emulator fixture, or mark it slow)"
        )

    monkeypatch.setattr(subprocess.Popen, "__init__", refuse)
    monkeypatch.setattr(EmulatorThread, "start", refuse)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    sources: dict[str, str] = {}
    for item in items:
        path = str(item.path)
        if path not in sources:
            sources[path] = item.path.read_text(encoding="utf-8")
        fixtures = set(getattr(item, "fixturenames", ()))
        started = fixtures & END_TO_END_FIXTURES or any(n in sources[path] for n in END_TO_END_NAMES)
        # A soak or a kill (marked slow) starts the emulator or processes through a helper module.
        started = started or item.get_closest_marker("slow") is not None
        item.add_marker(pytest.mark.end_to_end if started else pytest.mark.unit)


def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests on their own loop; fail on anything the loop's handler was given."""
    function = pyfuncitem.obj
    if not inspect.iscoroutinefunction(function):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    kwargs = {name: pyfuncitem.funcargs[name] for name in names}
    problems: list[dict[str, Any]] = []

    async def main() -> None:
        asyncio.get_running_loop().set_exception_handler(lambda _loop, context: problems.append(context))
        await function(**kwargs)
        leftovers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in leftovers:
            task.cancel()
        await asyncio.gather(*leftovers, return_exceptions=True)
        assert not leftovers, f"tasks left running: {[t.get_name() for t in leftovers]}"

    if "qtbot" in names:
        _run_on_qasync(main())
    else:
        asyncio.run(main())
    assert not problems, f"the event loop reported: {problems}"
    return True


def _run_on_qasync(coro: Coroutine[Any, Any, None]) -> None:
    """GUI tests run on the app's own kind of loop (qasync), so widgets and coroutines interleave as
    they do in the app. Inside, wait with ``until``/futures, never with qtbot.waitSignal (it hangs)."""
    import qasync
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)  # as in the app: closing a window must not stop the loop
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(coro)
    finally:
        loop.close()
        asyncio.set_event_loop(None)
        # Collect the test's windows here, on the UI thread: left to chance, the collector may run
        # on a worker thread, and Qt objects must not be destroyed there.
        gc.collect()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


async def until(condition: Callable[[], object], what: str = "the condition", within: float = 20) -> None:
    """Wait (on the running loop) until ``condition()`` is true."""
    deadline = asyncio.get_running_loop().time() + within
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)
