"""Nothing acts on what the screen does not show (issue 24, finding 1): the real window on a real X server
(Xvfb), started with a remembered draft (a prompt, Veo 3.1 at 4k) while another program holds the history
for a few seconds, so the window stays on "Loading…". At its first paint the form already shows the draft
and its choices, and Generate says "Starting…" and cannot be pressed; text typed then with Ctrl+Return, or
a click on Generate, is never sent later on what the screen did not show (the press is dropped, or sends
exactly what was painted). In the window's own process too: the form as it was left before any
controller exists, and a press, Ctrl+Return or a drop of several images while it starts dropped with a
word, never sent once it has started."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.conftest import image_bytes, until
from tests.helpers.child_lines import ChildLines
from tests.helpers.display import xvfb
from tests.helpers.gui import drop, file_mime, running_app
from tests.helpers.tasks import submissions
from veo_desktop import paths
from veo_desktop.api import rules
from veo_desktop.core.history.store import HistoryStore
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.shell.launch import WindowParts

ROOT = Path(__file__).resolve().parents[2]
DRAFT = "YESTERDAY: the lighthouse at dusk, waves against the rocks"
MODEL = rules.CHOICES["Veo 3.1"]
TYPED = "A cat jumps onto a table"
# Another program holds the history (a write lock, as a second window's write would) until told to let go:
# the window's session waits for it, and the window stays on "Loading…" meanwhile.
HOLDER = r"""
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("held", flush=True)
sys.stdin.readline()
db.execute("ROLLBACK")
db.close()
"""


@pytest.fixture
def display() -> Iterator[str]:
    if shutil.which("xdotool") is None:
        if os.environ.get("VEO_TEST_XVFB") == "required":
            pytest.fail("xdotool is not installed (bash .ci/setup installs it)")
        pytest.skip("xdotool is not installed (bash .ci/setup installs it)")
    with xvfb(1600, 1000) as name:
        yield name


def remember_draft() -> None:
    """What the window kept when it last closed: this prompt, Veo 3.1 at 4k."""
    state = QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)
    state.setValue("draft/prompt", DRAFT)
    for name, value in (("model", MODEL), ("resolution", "4k"), ("seconds", "8"), ("aspect_ratio", "16:9")):
        state.setValue(f"choices/{name}", value)
    state.sync()
    assert state.status() == QSettings.Status.NoError


@pytest.mark.parametrize("press", ["typed, then Ctrl+Return", "a click on Generate"])
def test_a_press_while_the_window_starts_sends_nothing_the_screen_did_not_show(
    press: str, display: str, app_home: Path, emulator: EmulatorThread
) -> None:
    paths.config_dir().mkdir(parents=True, exist_ok=True)
    remember_draft()
    HistoryStore(paths.history_db()).close()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("APIYI_", "QT_"))}
    env.update(
        VEO_DESKTOP_HOME=str(app_home),
        APIYI_API_KEY=emulator.api_key,
        APIYI_BASE_URL=emulator.base_url,
        QT_QPA_PLATFORM="xcb",
        DISPLAY=display,
        PYTHONPATH=str(ROOT),
    )

    tool = shutil.which("xdotool")
    assert tool is not None

    def xdotool(*args: str) -> None:
        subprocess.run([tool, *args], env=env, check=True, timeout=30)

    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(paths.history_db())],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    window = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.start_probe"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert holder.stdin is not None and holder.stdout is not None
        assert holder.stdout.readline() == "held\n"
        probe = ChildLines(window)
        painted = probe.next(lambda s: s["at"] == "painted", "the first paint")
        opening = probe.next(lambda s: s["at"] == "opening", "the session to start opening")
        # The window now waits for the history: the screen shows what it painted, "Loading…" in the list.
        window_id = str(opening["window"])
        xdotool("windowfocus", "--sync", window_id)  # no window manager on Xvfb: the focus a desktop gives
        if press == "typed, then Ctrl+Return":
            xdotool("type", "--delay", "20", TYPED)
            xdotool("key", "ctrl+Return")
        else:
            x, y = painted["generate_at"]  # where the screen shows it
            xdotool("mousemove", "--sync", str(x), str(y), "click", "1")
        holder.stdin.write("let go\n")
        holder.stdin.flush()
        probe.next(lambda s: s["at"] == "running" and s["list"] != "Loading…", "the session to open")
        # X keeps a window's events in order: once this resize is seen, every press above was handled.
        marker = opening["width"] - 37
        xdotool("windowsize", "--sync", window_id, str(marker), "700")
        probe.next(lambda s: s["at"] == "running" and s["width"] == marker, "the presses handled")
        settled = probe.next(lambda s: s["at"] == "running" and not s["submitting"], "nothing being sent")
    finally:
        for process in (window, holder):
            process.terminate()
            process.wait(timeout=30)
        for stream in (window.stdout, holder.stdin, holder.stdout):
            if stream is not None:
                stream.close()

    for state in (painted, opening):  # what the screen shows while the window starts
        assert state["list"] == "Loading…"
        assert (state["prompt"], state["model"], state["resolution"]) == (DRAFT, MODEL, "4k"), state
        assert not state["generate_enabled"], f"Generate can be pressed at {state['at']}"
        assert state["generate_reason"] == "Starting…"
    shown = (painted["prompt"], painted["model"], painted["resolution"])
    for received in submissions(emulator):  # none; or exactly what the screen showed when it was pressed
        assert received.submission is not None, received
        sent = received.submission.request
        assert (sent.prompt, rules.choice_of(sent.model), sent.resolution) == shown, sent
    if press == "typed, then Ctrl+Return" and not submissions(emulator):  # dropped, with a word
        assert "Nothing was sent: Starting…" in settled["messages"], settled["messages"]
    # What was typed meanwhile follows what the screen showed; the draft never lands after it.
    assert settled["prompt"].startswith(painted["prompt"]), settled["prompt"]


def test_the_form_is_as_it_was_left_before_any_controller(qtbot: QtBot) -> None:
    """What :func:`veo_desktop.gui.shell.launch.run_gui` paints: the window alone, before the rest."""
    paths.config_dir().mkdir(parents=True, exist_ok=True)
    remember_draft()
    parts = WindowParts()
    qtbot.addWidget(parts.window)
    form = parts.window.form
    assert (form.prompt_text(), form.value("model"), form.value("resolution")) == (DRAFT, MODEL, "4k")
    assert form.prompt.textCursor().atEnd()  # typing goes after the draft, never before it
    assert not form.generate.isEnabled()
    assert form.why_not.text() == "Starting…" and form.generate.toolTip() == "Starting…"


async def test_a_press_while_the_window_starts_is_dropped_with_a_word(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    shots = []
    for index in range(2):
        shot = tmp_path / f"shot-{index}.png"
        shot.write_bytes(image_bytes("PNG", (100 + index, 80)))
        shots.append(shot)
    async with running_app(qtbot, emulator) as veo:  # the session is open, the window still starting
        window, form = veo.window, veo.window.form
        veo.controller.form.hold()
        qtbot.keyClicks(form.prompt, "a gull lands on the rail")
        assert not form.generate.isEnabled() and form.why_not.text() == "Starting…"
        qtbot.keyClick(form.prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert window.statusBar().currentMessage() == "Nothing was sent: Starting…"
        drop(window.drop_zone, file_mime(*shots))  # several images: one video each, once started
        assert window.drop_zone.caption.text() == "2 images, nothing sent: Starting…"
        veo.controller.form.opened()
        assert form.generate.isEnabled()
        waiting = set(veo.controller.background.names)
        assert not waiting & {"submit", "read-batch"}, waiting  # nothing waits to act later
        assert window.findChild(QMessageBox, "batchConfirm") is None
        assert submissions(emulator) == []
        qtbot.mouseClick(form.generate, Qt.MouseButton.LeftButton)  # now it sends what the form shows
        await until(lambda: len(submissions(emulator)) == 1 and veo.model.rowCount() == 1, "the task")
    sent = submissions(emulator)[0].submission
    assert sent is not None and sent.request.prompt == "a gull lands on the rail"
