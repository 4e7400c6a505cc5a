"""The storyboard in the window (issue 29): the Sequence tab is kept between runs and its Clear has Undo;
"Film storyboard…" films the shots written in the tab one after another (each from the last frame of the
one before) after one confirmation of the cost, and a restart in the middle continues the film without
sending any shot twice."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import fast_config, until
from tests.gui.test_window_sequences import BLUE, GREEN, RED, centre, make_video, opened, picture
from tests.helpers.clips import near
from tests.helpers.gui import drop, entry, file_mime, running_app, shows
from veo_desktop.api import rules
from veo_desktop.core.clips.clip_frames import frame_at
from veo_desktop.core.clips.film import probe
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.shell.app import App

SHOTS = ("the door opens", "a cat walks in", "the cat sits down")


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def clip_ids(veo: App) -> list[int]:
    return [r.id for r in veo.window.sequence.model.records()]


async def test_the_sequence_and_its_shots_are_there_after_a_restart(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        first = await make_video(qtbot, veo, "the door opens", picture(tmp_path / "red.png", RED))
        second = await make_video(qtbot, veo, "a cat walks in", picture(tmp_path / "blue.png", BLUE))
        gallery = veo.window.gallery  # newest first
        entry(gallery.menu_for(1), "task_sequence_add").trigger()
        entry(gallery.menu_for(0), "task_sequence_add").trigger()
        view = veo.window.sequence
        view.select(1)
        click(qtbot, view.earlier)  # the cat first
        assert clip_ids(veo) == [second.id, first.id]
        qtbot.keyClicks(view.storyboard.shots, "sunrise")
    async with running_app(qtbot, emulator) as veo:
        await until(lambda: clip_ids(veo) == [second.id, first.id], "the sequence, as it was")
        view = veo.window.sequence
        assert view.storyboard.shots.toPlainText() == "sunrise"
        assert view.summary.text().startswith("2 clips")
        assert view.clear.isEnabled() and view.export.isEnabled()


async def test_clear_takes_everything_out_and_undo_brings_the_same_clips_back_in_order(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        clips = [
            await make_video(qtbot, veo, prompt, picture(tmp_path / f"{prompt}.png", colour))
            for prompt, colour in (("one", RED), ("two", BLUE), ("three", GREEN))
        ]
        for row in (0, 2, 1):  # three, one, two
            entry(veo.window.gallery.menu_for(row), "task_sequence_add").trigger()
        order = [clips[2].id, clips[0].id, clips[1].id]
        assert clip_ids(veo) == order
        view = veo.window.sequence
        qtbot.keyClicks(view.storyboard.shots, "a shot")
        assert not view.undo.isVisible()
        click(qtbot, view.clear)
        assert clip_ids(veo) == [] and view.storyboard.shots.toPlainText() == ""
        assert view.undo_text.text() == "Cleared the sequence (3 clips) —"
        click(qtbot, view.undo)
        await until(lambda: clip_ids(veo) == order, "the clips back, in their order")
        assert view.storyboard.shots.toPlainText() == "a shot"
        assert not view.undo.isVisible()
        click(qtbot, view.clear)  # cleared again, and the window closed: it stays cleared
    async with running_app(qtbot, emulator) as veo:
        await until(lambda: veo.controller.sequence.keeper.enabled, "the kept sequence read back")
        assert clip_ids(veo) == [] and veo.window.sequence.storyboard.shots.toPlainText() == ""


# ----- filming ------------------------------------------------------------------------------------


async def write_storyboard(qtbot: QtBot, veo: App, start: Path, shots: tuple[str, ...]) -> None:
    """What a user does: the start picture in the form, the Sequence tab, one shot per line."""
    drop(veo.window.drop_zone, file_mime(start))
    await until(lambda: shows(veo.controller.images.image, start), "the start picture")
    view = veo.window.sequence
    veo.window.tabs.setCurrentWidget(view)
    for number, shot in enumerate(shots):
        if number:
            qtbot.keyClick(view.storyboard.shots, Qt.Key.Key_Return)
        qtbot.keyClicks(view.storyboard.shots, shot)


async def confirm(veo: App, qtbot: QtBot) -> str:
    """Answer the one question with Yes; what it said."""
    await until(lambda: veo.window.findChild(QMessageBox, "filmConfirm") is not None, "the confirmation")
    box = veo.window.findChild(QMessageBox, "filmConfirm")
    assert isinstance(box, QMessageBox)
    text = box.text()
    yes = box.button(QMessageBox.StandardButton.Yes)
    click(qtbot, yes)
    return f"{text}\n{yes.text()}"


def film_made(veo: App) -> bool:
    return veo.window.sequence.result.text().startswith("The film is made")


async def test_a_three_shot_storyboard_is_filmed_in_order_each_from_the_last_frame_after_one_question(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        await write_storyboard(qtbot, veo, picture(tmp_path / "red.png", RED), SHOTS)
        panel = veo.window.sequence.storyboard
        click(qtbot, panel.film)
        asked = await confirm(veo, qtbot)
        request = veo.window.form.request()
        price = rules.MODELS[request.model].price_cents
        assert f"Film 3 shots ({rules.format_cents(3 * price)})" in asked
        assert "a shot that fails is free" in asked
        seen: set[str] = set()  # what the tab says while the film is made, as the user reads it

        def made() -> bool:
            seen.add(panel.status.text())
            return film_made(veo)

        await until(made, "the film", 90)
        assert {f"Shot {k} of 3" for k in (1, 2, 3)} <= {text.split(":")[0] for text in seen}
        assert not veo.window.findChildren(QMessageBox)  # one question, asked once
        sent = emulator.server.submissions
        assert [r.submission.request.prompt for r in sent if r.submission] == list(SHOTS)
        clips = veo.window.sequence.model.records()
        assert [c.prompt for c in clips] == list(SHOTS)  # the tab shows the film's clips, in order
        for before, after, received in zip(clips, clips[1:], sent[1:], strict=False):
            assert after.parent_task_id == before.task_id
            assert received.submission is not None
            uploaded = centre(opened(received.submission.frames[0]))
            assert near(uploaded, centre(frame_at(Path(before.output_path))), 12)
        film = Path(veo.controller.sequence.film or "")
        assert film.is_file() and film.with_suffix(".json").is_file()
        seconds = sum(probe(Path(c.output_path)).seconds for c in clips)
        assert abs(probe(film).seconds - seconds) < 0.5
        assert not panel.retry.isVisible()
    async with running_app(qtbot, emulator) as veo:  # made: a restart films nothing again
        await until(lambda: veo.controller.sequence.keeper.enabled, "the kept sequence read back")
        assert [c.prompt for c in veo.window.sequence.model.records()] == list(SHOTS)
        assert not veo.controller.film.busy
    assert len(emulator.server.submissions) == 3


async def test_quitting_while_shot_2_is_made_and_reopening_continues_without_sending_a_shot_twice(
    qtbot: QtBot, tmp_path: Path
) -> None:
    emulator = EmulatorThread(fast_config(render_seconds=2.0), FaultPlan(seed=1))
    emulator.start()
    try:
        async with running_app(qtbot, emulator) as veo:
            await write_storyboard(qtbot, veo, picture(tmp_path / "red.png", RED), SHOTS)
            click(qtbot, veo.window.sequence.storyboard.film)
            await confirm(veo, qtbot)
            await until(lambda: len(emulator.server.submissions) == 2, "shot 2 sent", 60)
            newest = veo.model.record_at
            await until(
                lambda: veo.model.rowCount() == 2 and newest(0).prompt == SHOTS[1] and newest(0).task_id,
                "shot 2 accepted",
            )
            assert veo.controller.film.busy
        assert len(emulator.server.submissions) == 2  # the window closed while shot 2 was made
        async with running_app(qtbot, emulator) as veo:
            panel = veo.window.sequence.storyboard
            await until(lambda: film_made(veo), "the film, continued", 90)
            assert not veo.window.findChildren(QMessageBox)  # the cost was confirmed before
            prompts = [r.submission.request.prompt for r in emulator.server.submissions if r.submission]
            assert prompts == list(SHOTS)  # shot 2 followed, not sent again; shot 3 sent once
            clips = veo.window.sequence.model.records()
            assert [c.prompt for c in clips] == list(SHOTS)
            assert clips[2].parent_task_id == clips[1].task_id
            assert not panel.retry.isVisible()
    finally:
        emulator.stop()


async def stopped_at_shot_1(qtbot: QtBot, veo: App, emulator: EmulatorThread, tmp_path: Path) -> None:
    """Shot 1 fails at the service: the chain stops there (Retry, Edit and Skip), nothing after it sent."""
    emulator.server.faults.add("fail", "status", reason="the model could not make it")
    await write_storyboard(qtbot, veo, picture(tmp_path / "red.png", RED), SHOTS)
    panel = veo.window.sequence.storyboard
    click(qtbot, panel.film)
    await confirm(veo, qtbot)
    await until(lambda: panel.retry.isVisible(), "Retry, Edit and Skip", 60)
    assert panel.edit.isVisible() and panel.skip.isVisible()
    assert "Shot 1 ended without a video" in panel.status.text()
    assert "the model could not make it" in panel.status.text()
    assert len(emulator.server.submissions) == 1  # nothing after it was sent


async def test_a_failed_shot_is_edited_and_filmed_again_with_the_rest(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        await stopped_at_shot_1(qtbot, veo, emulator, tmp_path)
        panel = veo.window.sequence.storyboard
        click(qtbot, panel.edit)
        assert veo.window.focusWidget() is panel.shots and panel.shots.textCursor().blockNumber() == 0
        assert not panel.retry.isVisible()
        qtbot.keyClicks(panel.shots, " slowly")
        click(qtbot, panel.film)
        await confirm(veo, qtbot)
        await until(lambda: film_made(veo), "the film", 90)
        prompts = [r.submission.request.prompt for r in emulator.server.submissions if r.submission]
        assert prompts == [SHOTS[0], f"{SHOTS[0]} slowly", SHOTS[1], SHOTS[2]]
        clips = veo.window.sequence.model.records()
        assert [c.prompt for c in clips] == [f"{SHOTS[0]} slowly", SHOTS[1], SHOTS[2]]


async def test_a_failed_shot_is_skipped_and_the_next_starts_in_its_place(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        await stopped_at_shot_1(qtbot, veo, emulator, tmp_path)
        panel = veo.window.sequence.storyboard
        click(qtbot, panel.skip)  # no second question: skipping only takes a shot away
        await until(lambda: film_made(veo), "the film", 90)
        assert not veo.window.findChildren(QMessageBox)
        assert panel.shots.toPlainText() == "\n".join(SHOTS[1:])
        prompts = [r.submission.request.prompt for r in emulator.server.submissions if r.submission]
        assert prompts == list(SHOTS)
        first = emulator.server.submissions[1].submission
        assert first is not None and near(centre(opened(first.frames[0])), RED, 12)  # the start picture
        assert [c.prompt for c in veo.window.sequence.model.records()] == list(SHOTS[1:])


async def test_clear_lets_a_stopped_film_go_and_undo_brings_it_back(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        await stopped_at_shot_1(qtbot, veo, emulator, tmp_path)
        view = veo.window.sequence
        panel = view.storyboard
        click(qtbot, view.clear)
        assert panel.shots.toPlainText() == "" and not panel.retry.isVisible()
        assert veo.controller.sequence.keeper.board.filming == ""
        click(qtbot, view.undo)
        await until(lambda: panel.shots.toPlainText() == "\n".join(SHOTS), "the shots back")
        assert panel.retry.isVisible()
        click(qtbot, panel.retry)  # shot 1 again (its failed attempt was free), then the rest
        await until(lambda: film_made(veo), "the film", 90)
        prompts = [r.submission.request.prompt for r in emulator.server.submissions if r.submission]
        assert prompts == [SHOTS[0], *SHOTS]
