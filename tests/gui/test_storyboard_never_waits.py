"""The Sequence tab and the storyboard never make the window's thread wait for the history (issue 27):
clips dropped on the strip, a clip's whole chain, Undo after Clear, and a storyboard filmed with a shot
taken from a clip (the clips found again, the survey, the time left, the shot followed) read it with
``await``. Another program may hold the history for up to its busy timeout; a click must not freeze
the window meanwhile."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import until
from tests.gui.test_window_sequences import BLUE, RED, make_video, picture
from tests.gui.test_window_storyboard import click, clip_ids, confirm, film_made
from tests.helpers.gui import entry, running_app
from tests.helpers.history_waits import watch_waits
from veo_desktop.emulator.server import EmulatorThread


async def test_the_storyboards_clicks_await_the_history(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        first = await make_video(qtbot, veo, "the door opens", picture(tmp_path / "red.png", RED))
        second = await make_video(qtbot, veo, "a blue sky", picture(tmp_path / "blue.png", BLUE))
        session = veo.controller.session
        assert session is not None
        waited = watch_waits(session.manager.store)
        view, panel = veo.window.sequence, veo.window.sequence.storyboard

        view.strip.tasksDropped.emit([second.id, first.id], -1)  # two gallery tiles dropped on the strip
        await until(lambda: clip_ids(veo) == [second.id, first.id], "the dropped clips")
        entry(veo.window.task_menu_for(0), "task_sequence_chain").trigger()  # a chain of one clip
        await until(lambda: clip_ids(veo) == [second.id], "the clip's chain")
        click(qtbot, view.clear)
        click(qtbot, view.undo)
        await until(lambda: clip_ids(veo) == [second.id], "the cleared clip back")

        entry(veo.window.task_menu_for(1), "task_storyboard_add").trigger()  # shot 1 is the first clip
        panel.shots.moveCursor(panel.shots.textCursor().MoveOperation.End)
        qtbot.keyClick(panel.shots, Qt.Key.Key_Return)
        qtbot.keyClicks(panel.shots, "a cat walks in")
        click(qtbot, panel.film)
        await confirm(veo, qtbot)
        await until(lambda: film_made(veo), "the film", 90)
        sent = [r.submission.request.prompt for r in emulator.server.submissions if r.submission]
        assert sent == ["the door opens", "a blue sky", "a cat walks in"]  # only the new shot was sent
        assert waited == []
