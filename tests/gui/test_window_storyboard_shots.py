"""Shots from clips that exist (issue 29): "Add to storyboard as a shot" on a finished clip's menu appends
a shot with its prompt, and that clip is the shot's result: filming sends only the shots after it, the
first of them from the clip's last frame, and the film is made of the clip and the new shots."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import until
from tests.gui.test_window_sequences import BLUE, RED, centre, make_video, opened, picture
from tests.gui.test_window_storyboard import click, confirm, film_made
from tests.helpers.clips import near
from tests.helpers.gui import entry, running_app
from veo_desktop.api import rules
from veo_desktop.core.clips.clip_frames import frame_at
from veo_desktop.emulator.server import EmulatorThread


async def test_a_finished_clip_added_as_a_shot_is_not_sent_again_and_the_next_shot_starts_from_it(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        clip = await make_video(qtbot, veo, "the door opens", picture(tmp_path / "red.png", RED))
        other = await make_video(qtbot, veo, "a blue sky", picture(tmp_path / "blue.png", BLUE))
        view, panel = veo.window.sequence, veo.window.sequence.storyboard
        action = entry(veo.window.task_menu_for(1), "task_storyboard_add")  # the task row's menu
        assert action.text() == "Add to storyboard as a shot" and action.isEnabled()
        action.trigger()
        assert veo.window.tabs.currentWidget() is view
        assert panel.shots.toPlainText() == "the door opens"
        assert panel.status.text() == "Shot 1 is this clip: filming does not send it again"
        panel.shots.moveCursor(panel.shots.textCursor().MoveOperation.End)
        qtbot.keyClick(panel.shots, Qt.Key.Key_Return)
        qtbot.keyClicks(panel.shots, "a cat walks in")
        click(qtbot, panel.film)
        asked = await confirm(veo, qtbot)
        price = rules.MODELS[veo.window.form.request().model].price_cents
        assert f"Film 1 shot ({rules.format_cents(price)})" in asked  # the clip is not paid again
        await until(lambda: film_made(veo), "the film", 90)
        sent = [r.submission for r in emulator.server.submissions if r.submission]
        assert [s.request.prompt for s in sent] == ["the door opens", "a blue sky", "a cat walks in"]
        uploaded = centre(opened(sent[2].frames[0]))  # the new shot starts from the clip's last frame
        assert near(uploaded, centre(frame_at(Path(clip.output_path))), 12)
        clips = view.model.records()
        assert [c.id for c in clips[:1]] == [clip.id] and clips[1].parent_task_id == clip.task_id
        assert other.id not in [c.id for c in clips]
        # A clip can be taken from the gallery's menu too; while a film is made it waits.
        gallery_action = entry(veo.window.gallery.menu_for(1), "task_storyboard_add")
        assert gallery_action.text() == "Add to storyboard as a shot" and gallery_action.isEnabled()
