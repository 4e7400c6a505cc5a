"""Stale shots in the window (issue 29, "Shots from what exists"): a shot made again leaves the shot after
it stale (its start frame was the last frame of a clip no longer the film's), the tab says so, and "Film
again from here" films it again from the new last frame: one new task, nothing else sent again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from tests.conftest import until
from tests.gui.test_window_sequences import RED, centre, opened, picture
from tests.gui.test_window_storyboard import SHOTS, click, confirm, film_made, write_storyboard
from tests.helpers.clips import near
from tests.helpers.gui import running_app
from veo_desktop.api import rules
from veo_desktop.core.clips.clip_frames import frame_at
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.shell.app import App


async def film_again_box(veo: App) -> QMessageBox:
    await until(lambda: veo.window.findChild(QMessageBox, "filmAgainConfirm") is not None, "the question")
    box = veo.window.findChild(QMessageBox, "filmAgainConfirm")
    assert isinstance(box, QMessageBox)
    return box


def prompts_sent(emulator: EmulatorThread) -> list[str]:
    return [r.submission.request.prompt for r in emulator.server.submissions if r.submission]


async def test_a_shot_after_one_filmed_again_is_stale_and_is_filmed_again_from_the_new_last_frame(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        await write_storyboard(qtbot, veo, picture(tmp_path / "red.png", RED), SHOTS)
        panel = veo.window.sequence.storyboard
        click(qtbot, panel.film)
        await confirm(veo, qtbot)
        await until(lambda: film_made(veo), "the film", 90)
        await until(lambda: panel.again.isVisible(), "Film again from here")
        assert not panel.stale.isVisible()  # made in order: nothing is stale
        old = veo.window.sequence.model.records()
        price = rules.format_cents(rules.MODELS[veo.window.form.request().model].price_cents)

        # Shot 2 made again, alone: the cursor on its line, Film again from here, "Only shot 2".
        panel.shots.setFocus()
        qtbot.keyClick(panel.shots, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(panel.shots, Qt.Key.Key_Down)
        click(qtbot, panel.again)
        box = await film_again_box(veo)
        assert "Film 2 shots again from shot 2" in box.text()
        only = box.findChild(QPushButton, "filmOnlyThisShot")
        assert isinstance(only, QPushButton) and only.text() == f"Only shot 2 ({price})"
        click(qtbot, only)
        await until(lambda: panel.stale.isVisible(), "shot 3 marked stale", 90)
        assert panel.stale.text() == "Shot 3 is stale: its start frame changed"
        assert prompts_sent(emulator) == [*SHOTS, SHOTS[1]]  # only shot 2, from shot 1's last frame
        newest = veo.model.record_at
        again = newest(0)
        assert again.prompt == SHOTS[1] and again.state == "completed"
        assert again.parent_task_id == old[0].task_id and again.id != old[1].id

        # Film again from here on the stale shot (the cursor is put on its line): one question, one task.
        assert panel.again.isVisible() and panel.again.isEnabled()
        click(qtbot, panel.again)
        box = await film_again_box(veo)
        assert "Film 1 shot again from shot 3" in box.text()
        assert box.findChild(QPushButton, "filmOnlyThisShot") is None
        yes = box.button(QMessageBox.StandardButton.Yes)
        assert yes.text() == f"Film 1 shot ({price})"
        click(qtbot, yes)
        clips = veo.window.sequence.model.records

        await until(lambda: [c.id for c in clips()][:2] == [old[0].id, again.id], "the film cut again", 90)
        assert film_made(veo)
        assert prompts_sent(emulator) == [*SHOTS, SHOTS[1], SHOTS[2]]  # nothing else sent again
        third = clips()[2]
        assert third.id != old[2].id and third.parent_task_id == again.task_id
        received = emulator.server.submissions[-1].submission
        assert received is not None
        uploaded = centre(opened(received.frames[0]))  # the new shot 2's last frame
        assert near(uploaded, centre(frame_at(Path(again.output_path))), 12)
        await until(lambda: not panel.stale.isVisible(), "nothing stale any more")
        assert not veo.window.findChildren(QMessageBox)
        click(qtbot, veo.window.sequence.clear)  # Clear lets the film go; Undo brings it back
        await until(lambda: not panel.again.isVisible(), "nothing to film again")
        click(qtbot, veo.window.sequence.undo)
        await until(lambda: panel.again.isVisible(), "its shots can be filmed again")
    assert len(emulator.server.submissions) == 5


async def test_alt_up_and_down_reorder_the_shots_and_a_moved_saved_shot_is_filmed_again_with_the_rest(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    alt = Qt.KeyboardModifier.AltModifier
    async with running_app(qtbot, emulator) as veo:
        await write_storyboard(qtbot, veo, picture(tmp_path / "red.png", RED), SHOTS)
        panel = veo.window.sequence.storyboard
        qtbot.keyClick(panel.shots, Qt.Key.Key_Up, alt)  # the cursor is on the last shot
        assert panel.shots.toPlainText() == "\n".join((SHOTS[0], SHOTS[2], SHOTS[1]))
        qtbot.keyClick(panel.shots, Qt.Key.Key_Down, alt)  # and back: the cursor went with it
        assert panel.shots.toPlainText() == "\n".join(SHOTS)
        qtbot.keyClick(panel.shots, Qt.Key.Key_Down, alt)  # the last shot stays last
        assert panel.shots.toPlainText() == "\n".join(SHOTS)
        click(qtbot, panel.film)
        await confirm(veo, qtbot)
        await until(lambda: film_made(veo), "the film", 90)
        await until(lambda: panel.again.isVisible(), "Film again from here")
        old = veo.window.sequence.model.records()

        # Shot 3 moved before shot 2: each keeps its clip, and neither starts from the shot before it now.
        qtbot.keyClick(panel.shots, Qt.Key.Key_Up, alt)
        moved = "\n".join((SHOTS[0], SHOTS[2], SHOTS[1]))
        await until(lambda: panel.shots.toPlainText() == moved, "the shot moved")
        await until(lambda: panel.stale.isVisible(), "the moved shots marked stale")
        assert panel.stale.text() == "Shots 2, 3 are stale: their start frames changed"
        click(qtbot, panel.again)  # the cursor is on the first stale shot
        box = await film_again_box(veo)
        assert "Film 2 shots again from shot 2" in box.text()
        click(qtbot, box.button(QMessageBox.StandardButton.Yes))
        clips = veo.window.sequence.model.records

        await until(lambda: [c.prompt for c in clips()] == [SHOTS[0], SHOTS[2], SHOTS[1]], "the new film", 90)
        assert prompts_sent(emulator) == [*SHOTS, SHOTS[2], SHOTS[1]]  # shot 1 is not sent again
        assert clips()[0].id == old[0].id
        assert clips()[1].parent_task_id == old[0].task_id and clips()[2].parent_task_id == clips()[1].task_id
        await until(lambda: not panel.stale.isVisible(), "nothing stale any more")
    assert len(emulator.server.submissions) == 5
