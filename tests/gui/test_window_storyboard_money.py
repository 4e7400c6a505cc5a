"""The storyboard's money paths in the window: Retry sends exactly the stopped shot as it was confirmed and
Skip skips exactly that shot, neither asking again; any change to the shots since the confirmation (text,
count, order) is asked again with the new cost, naming shots already made that would be billed again;
while a film is made its shots are read-only and Retry, Edit and Skip wait. "Film storyboard…" after a
stop says when the form's start picture or settings changed and films what the form shows; shot 1's
picture goes framed as Generate frames it, and the form's negative prompt and seed go with the shots."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.conftest import until
from tests.gui.test_window_sequences import BLUE, RED, centre, opened, picture
from tests.gui.test_window_storyboard import SHOTS, click, confirm, film_made, write_storyboard
from tests.helpers.clips import near
from tests.helpers.gui import drop, file_mime, running_app, shows
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.shell.app import App


def prompts(emulator: EmulatorThread) -> list[str]:
    return [r.submission.request.prompt for r in emulator.server.submissions if r.submission]


def question(veo: App) -> QMessageBox | None:
    box = veo.window.findChild(QMessageBox, "filmConfirm")
    return box if isinstance(box, QMessageBox) and box.isVisible() else None


async def cancelled(veo: App, qtbot: QtBot) -> str:
    """The question answered Cancel; what it said."""
    await until(lambda: question(veo) is not None, "the question with the cost")
    box = question(veo)
    assert box is not None
    text = box.text()
    click(qtbot, box.button(QMessageBox.StandardButton.Cancel))
    panel = veo.window.sequence.storyboard
    await until(lambda: not veo.controller.film.busy and panel.film.isEnabled(), "the question answered")
    return text


async def stopped_at_shot_2(qtbot: QtBot, veo: App, emulator: EmulatorThread, tmp_path: Path) -> None:
    """Shot 1 made; shot 2 fails at the service: the chain stops there (Retry, Edit, Skip)."""
    await write_storyboard(qtbot, veo, picture(tmp_path / "red.png", RED), SHOTS)
    panel = veo.window.sequence.storyboard
    click(qtbot, panel.film)
    assert "Film 3 shots" in await confirm(veo, qtbot)

    def shot_1_saved() -> bool:
        return any(
            r.prompt == SHOTS[0] and r.state == "completed"
            for r in (veo.model.record_at(i) for i in range(veo.model.rowCount()))
        )

    await until(shot_1_saved, "shot 1 saved", 60)
    emulator.server.faults.add("fail", "status", reason="the model could not make it")
    await until(lambda: panel.retry.isVisible() and panel.retry.isEnabled(), "Retry, Edit and Skip", 90)
    assert prompts(emulator) == [SHOTS[0], SHOTS[1]]


def type_at_end(qtbot: QtBot, veo: App, *lines: str) -> None:
    shots = veo.window.sequence.storyboard.shots
    cursor = shots.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    shots.setTextCursor(cursor)
    for line in lines:
        qtbot.keyClick(shots, Qt.Key.Key_Return)
        qtbot.keyClicks(shots, line)


async def test_retry_after_shots_were_added_asks_the_new_cost_first(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        await stopped_at_shot_2(qtbot, veo, emulator, tmp_path)
        type_at_end(qtbot, veo, "a dog barks")
        click(qtbot, veo.window.sequence.storyboard.retry)
        asked = await cancelled(veo, qtbot)
        assert "Film 3 shots" in asked  # shot 2 again, shot 3 and the new one
        assert prompts(emulator) == [SHOTS[0], SHOTS[1]]  # nothing more went out


async def test_retry_after_a_saved_shot_was_changed_asks_and_names_it_else_sends_only_the_stopped_shot(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        await stopped_at_shot_2(qtbot, veo, emulator, tmp_path)
        panel = veo.window.sequence.storyboard
        cursor = panel.shots.textCursor()
        cursor.movePosition(cursor.MoveOperation.Start)
        cursor.movePosition(cursor.MoveOperation.EndOfLine)
        panel.shots.setTextCursor(cursor)
        qtbot.keyClicks(panel.shots, "!")  # a typo fixed in shot 1, made and paid for already
        click(qtbot, panel.retry)
        asked = await cancelled(veo, qtbot)
        assert "Film 3 shots" in asked and "billed again" in asked and "shot 1" in asked, asked
        assert prompts(emulator) == [SHOTS[0], SHOTS[1]]
        qtbot.keyClick(panel.shots, Qt.Key.Key_Backspace)  # the shots as confirmed again
        click(qtbot, panel.retry)
        await until(lambda: film_made(veo) or question(veo) is not None, "the film", 90)
        assert question(veo) is None  # the cost of these was confirmed: no second question
        assert prompts(emulator) == [SHOTS[0], SHOTS[1], SHOTS[1], SHOTS[2]]  # shot 1 never again


async def test_skip_after_a_line_was_added_above_skips_the_stopped_shot_and_asks_again(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        await stopped_at_shot_2(qtbot, veo, emulator, tmp_path)
        panel = veo.window.sequence.storyboard
        cursor = panel.shots.textCursor()
        cursor.movePosition(cursor.MoveOperation.Start)
        panel.shots.setTextCursor(cursor)
        qtbot.keyClicks(panel.shots, "an establishing shot")
        qtbot.keyClick(panel.shots, Qt.Key.Key_Return)
        click(qtbot, panel.skip)  # skip the stopped "a cat walks in"
        asked = await cancelled(veo, qtbot)
        assert panel.shots.toPlainText().splitlines() == ["an establishing shot", SHOTS[0], SHOTS[2]]
        assert "Film 3 shots" in asked and "billed again" in asked, asked
        assert prompts(emulator) == [SHOTS[0], SHOTS[1]]


async def test_after_retry_the_shots_are_read_only_and_retry_edit_skip_wait(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        emulator.server.faults.add("fail", "status", reason="the model could not make it")
        await write_storyboard(qtbot, veo, picture(tmp_path / "red.png", RED), SHOTS)
        panel = veo.window.sequence.storyboard
        click(qtbot, panel.film)
        await confirm(veo, qtbot)
        await until(lambda: panel.retry.isVisible() and panel.retry.isEnabled(), "stopped at shot 1", 60)
        click(qtbot, panel.retry)
        assert veo.controller.film.busy
        assert panel.shots.isReadOnly()
        assert not any(b.isEnabled() for b in (panel.retry, panel.edit, panel.skip))
        await until(lambda: film_made(veo), "the film", 90)
        assert prompts(emulator) == [SHOTS[0], *SHOTS]


async def test_film_after_a_stop_with_another_start_picture_says_so_and_sends_it(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        emulator.server.faults.add("fail", "status", reason="the model could not make it")
        await write_storyboard(qtbot, veo, picture(tmp_path / "red.png", RED), SHOTS)
        panel = veo.window.sequence.storyboard
        click(qtbot, panel.film)
        await confirm(veo, qtbot)
        await until(lambda: panel.retry.isVisible() and panel.retry.isEnabled(), "stopped at shot 1", 60)
        blue = picture(tmp_path / "blue.png", BLUE)
        drop(veo.window.drop_zone, file_mime(blue))
        await until(lambda: shows(veo.controller.images.image, blue), "the blue start picture")
        click(qtbot, panel.film)
        asked = await confirm(veo, qtbot)
        assert "the start picture changed" in asked and "starts over from shot 1" in asked, asked
        await until(lambda: film_made(veo), "the film", 90)
        second = emulator.server.submissions[1].submission
        assert second is not None and second.request.prompt == SHOTS[0]
        assert near(centre(opened(second.frames[0])), BLUE, 12)


async def test_shot_1_is_framed_as_the_form_shows_it_with_the_forms_negative_prompt_and_seed(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    photo = tmp_path / "photo.png"
    image = Image.new("RGB", (800, 600), RED)
    image.paste(BLUE, (0, 0, 800, 75))  # a band on top, which the form's crop box leaves out
    image.save(photo)
    async with running_app(qtbot, emulator) as veo:
        form = veo.window.form
        form.negative_prompt.setText("text, watermark")
        form.seed.setText("1234")
        await write_storyboard(qtbot, veo, photo, SHOTS[:1])
        assert form.request().aspect_ratio == "16:9" and veo.controller.images.framing.mode == "crop"
        click(qtbot, veo.window.sequence.storyboard.film)
        await confirm(veo, qtbot)
        await until(lambda: film_made(veo), "the film", 60)
        sent = emulator.server.submissions[0].submission
        assert sent is not None
        uploaded = opened(sent.frames[0])
        assert abs(uploaded.width / uploaded.height - 16 / 9) < 0.02, uploaded.size
        top = uploaded.getpixel((uploaded.width // 2, 1))
        assert isinstance(top, tuple) and near((top[0], top[1], top[2]), RED, 20), top
        assert (sent.request.negative_prompt, sent.request.seed) == ("text, watermark", 1234)
