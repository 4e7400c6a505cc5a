"""A probe from outside the team: the window's new parts (the four model choices and their prices, the end
frame's zone, batches with an end frame, reusing settings, "Continue from here", "This frame" and the
Sequence tab), driven as a careless user would, against the emulator (and clips a hostile service could
send). Each test here failed on the code it was written against; each names the promise of README.md /
docs/RELIABILITY.md it holds the window to.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import av
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from tests.conftest import fast_config, until
from tests.helpers.clips import make_clip
from tests.helpers.gui import attach, choose_model, drop, entry, file_mime, running_app, shows
from tests.helpers.tasks import submissions
from veo_desktop.api import rules
from veo_desktop.core.keystore import KeyStore
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.shell.app import App

FAST_FLOW = rules.CHOICES["Veo 3.1 Fast · Flow"]
RED, GREEN, BLUE = (220, 30, 30), (30, 200, 60), (30, 40, 220)
CTRL = Qt.KeyboardModifier.ControlModifier
LEFT, NO_KEYS = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


# ----- helpers ------------------------------------------------------------------------------------


def picture(path: Path, colour: tuple[int, int, int], size: tuple[int, int] = (320, 180)) -> Path:
    Image.new("RGB", size, colour).save(path)
    return path


def sent_prompts(emulator: EmulatorThread) -> list[str]:
    return [r.submission.request.prompt for r in submissions(emulator) if r.submission is not None]


async def settle(seconds: float) -> None:
    """Let the event loop run, as it does between two things a user does."""
    await asyncio.sleep(seconds)


def sending(veo: App) -> bool:
    """A submission is being made (a press is turned into one at once: ``submitting`` is set before
    anything awaits), or still running in the background."""
    return veo.controller.form.submitting or "submit" in veo.controller.background.names


def failures(veo: App) -> list[str]:
    """What reaches the window's catch-all for errors nobody handled ("Something went wrong (…)")."""
    found: list[str] = []
    background = veo.controller.background
    shown = background._on_error

    def seen(name: str, exc: BaseException) -> None:
        found.append(f"{name}: {exc!r}")
        if shown is not None:
            shown(name, exc)

    background._on_error = seen
    return found


async def make_task(
    qtbot: QtBot, veo: App, prompt: str, start: Path | None, ends: str = "completed"
) -> TaskRecord:
    """The frame, the prompt, Generate; the task once it has ended (``ends``: how it must end)."""
    form = veo.window.form
    count = veo.model.rowCount()
    await until(lambda: not veo.controller.form.submitting, "the last submission")
    if start is not None:
        drop(veo.window.drop_zone, file_mime(start))
        await until(lambda: shows(veo.controller.images.image, start), "the start frame")
    form.prompt.clear()
    qtbot.keyClicks(form.prompt, prompt)
    await until(form.generate.isEnabled, "Generate enabled")
    qtbot.mouseClick(form.generate, LEFT)
    await until(lambda: veo.model.rowCount() == count + 1, "the new task")
    await until(lambda: veo.model.record_at(0).state in ("completed", "failed"), "the task's end", 60)
    record = veo.model.record_at(0)
    assert record.state == ends, record.last_error
    return record


async def chosen_file(veo: App, name: str, path: Path) -> None:
    """Answer the save dialog ``name`` with ``path``, as a user typing the name and pressing Save."""
    await until(lambda: veo.window.findChild(QFileDialog, name) is not None, f"the {name}")
    dialog = veo.window.findChild(QFileDialog, name)
    assert isinstance(dialog, QFileDialog)
    name_box = dialog.findChild(QLineEdit, "fileNameEdit")  # Qt's own dialog (no native one offscreen)
    assert isinstance(name_box, QLineEdit)
    name_box.setText(str(path))
    dialog.accept()


def odd_sized_clip(path: Path, size: tuple[int, int] = (129, 73), frames: int = 12) -> Path:
    """A valid H.264 MP4 (4:4:4, odd width and height) that plays and decodes: what a service may send."""
    with av.open(str(path), mode="w", format="mp4") as out:
        video = out.add_stream("libx264", rate=12)
        video.width, video.height, video.pix_fmt = size[0], size[1], "yuv444p"
        for index in range(frames):
            frame = av.VideoFrame.from_image(Image.new("RGB", size, RED)).reformat(format="yuv444p")
            frame.pts = index
            frame.time_base = Fraction(1, 12)
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
    return path


@pytest.fixture
def tiny_emulator() -> Iterator[EmulatorThread]:
    """A service that sends back videos 16 x 10 pixels: valid MP4s, smaller than a start frame may be."""
    thread = EmulatorThread(fast_config(short_side=10), FaultPlan(seed=1))
    thread.start()
    try:
        yield thread
    finally:
        thread.stop()


# ----- money: one click, one task -------------------------------------------------------------------


async def test_holding_ctrl_return_sends_one_task(
    qtbot: QtBot, emulator: EmulatorThread, photo: Path
) -> None:
    """RELIABILITY: "A task is never sent twice by the app". Ctrl+Return held a moment: once the first
    submission was answered, every auto-repeat of the held keys (the keyboard repeats after about half a
    second, some 25 times a second) sent the same task again, each one billed; nothing was asked."""
    async with running_app(qtbot, emulator) as veo:
        form = veo.window.form
        drop(veo.window.drop_zone, file_mime(photo))
        await until(lambda: veo.controller.images.image is not None, "the image")
        qtbot.keyClicks(form.prompt, "the camera rises slowly")
        await until(form.generate.isEnabled, "Generate enabled")
        QTest.simulateEvent(form.prompt, True, Qt.Key.Key_Return, CTRL, "", False)  # pressed
        await settle(0.6)  # the keyboard's delay before it repeats a held key
        await until(lambda: not veo.controller.form.submitting, "the answer to the submission")
        for _ in range(12):  # still held: the repeats
            QTest.simulateEvent(form.prompt, True, Qt.Key.Key_Return, CTRL, "", True)
            await settle(0.04)
        QTest.simulateEvent(form.prompt, False, Qt.Key.Key_Return, CTRL, "", False)  # released
        await until(lambda: not sending(veo), "every submission answered")
        assert sent_prompts(emulator) == ["the camera rises slowly"], (
            f"{len(submissions(emulator))} tasks sent for one press of Ctrl+Return"
        )


async def test_a_double_click_on_generate_sends_one_task(
    qtbot: QtBot, emulator: EmulatorThread, photo: Path
) -> None:
    """RELIABILITY: "A task is never sent twice by the app" (the form controller's own comment: "a double
    click submits once"). Generate is only held while the submission is in flight: a service that answers
    before the double click's second press (the system's double-click interval) gets the task twice."""
    async with running_app(qtbot, emulator) as veo:
        form = veo.window.form
        drop(veo.window.drop_zone, file_mime(photo))
        await until(lambda: veo.controller.images.image is not None, "the image")
        qtbot.keyClicks(form.prompt, "the camera rises slowly")
        await until(form.generate.isEnabled, "Generate enabled")
        interval = QGuiApplication.styleHints().mouseDoubleClickInterval() / 1000
        centre = form.generate.rect().center()
        loop = asyncio.get_running_loop()
        QTest.mousePress(form.generate, LEFT, NO_KEYS, centre)
        QTest.mouseRelease(form.generate, LEFT, NO_KEYS, centre)  # the first click
        pressed = loop.time()
        await until(lambda: not veo.controller.form.submitting, "the answer to the submission")
        answered = loop.time() - pressed
        await settle(0.05)
        assert loop.time() - pressed < interval, "the service answered slower than a double click"
        QTest.mouseDClick(form.generate, LEFT, NO_KEYS, centre)  # the second press of the double click
        QTest.mouseRelease(form.generate, LEFT, NO_KEYS, centre)
        await until(lambda: not sending(veo), "every submission answered")
        assert sent_prompts(emulator) == ["the camera rises slowly"], (
            f"{len(submissions(emulator))} tasks sent for one double click "
            f"(the first answered in {answered * 1000:.0f} ms, the interval is {interval * 1000:.0f} ms)"
        )


async def test_retry_in_a_row_menu_resends_the_task_it_was_opened_on(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    """RELIABILITY: a task is sent again only when the user asks for that task. The row menu was opened
    on the failed "first" task; while it was open a new task joined the top of the list (the user's own
    Generate a moment before, a batch being sent, a command's task) and the rows moved down: "Retry" then
    sent the task now at that row (another failed task: a new paid submission) and "first" was not
    retried."""
    async with running_app(qtbot, emulator) as veo:
        # Failed without a reason: a safety refusal would ask first (the retry's own warning).
        red = picture(tmp_path / "red.png", RED)
        first = await make_task(qtbot, veo, "first #fail-silent", red, "failed")
        await make_task(qtbot, veo, "second #fail-silent", picture(tmp_path / "blue.png", BLUE), "failed")
        assert veo.model.record_at(1).id == first.id
        menu = veo.window.task_menu_for(1)  # right-click on the row of "first"
        retry = entry(menu, "task_retry")
        assert retry.isEnabled()
        await make_task(qtbot, veo, "third", picture(tmp_path / "green.png", GREEN))
        retry.trigger()  # the user reads the menu, then clicks
        await until(lambda: len(submissions(emulator)) == 4, "the retry")
        sent_last = sent_prompts(emulator)[-1]
        assert sent_last == "first #fail-silent", "another task than the one clicked was sent again"


# ----- money: the start frame of a continued clip ----------------------------------------------------


async def test_the_row_menu_continues_the_clip_it_was_opened_on(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    """README: "Continue from here" on a finished video (its row's menu) puts ITS last frame in the start
    frame. The menu was opened on the red clip's row; a new task joined the list meanwhile, and the click
    continued the clip now at that row (the blue one): another start frame, another parent."""
    async with running_app(qtbot, emulator) as veo:
        red = await make_task(qtbot, veo, "a red room", picture(tmp_path / "red.png", RED))
        await make_task(qtbot, veo, "a blue room", picture(tmp_path / "blue.png", BLUE))
        assert veo.model.record_at(1).id == red.id
        continue_action = entry(veo.window.task_menu_for(1), "task_continue")  # the red clip's row
        assert continue_action.isEnabled()
        await make_task(qtbot, veo, "a green room", picture(tmp_path / "green.png", GREEN))
        continue_action.trigger()
        await until(lambda: veo.controller.form.continuing is not None, "the continued clip")
        continuing = veo.controller.form.continuing
        assert continuing is not None
        assert continuing[0] == red.task_id, "continued another clip than the one clicked"


async def test_generate_right_after_continue_does_not_send_the_old_start_frame(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    """README: "Continue from here ... puts its last frame in the start frame ... the new task is linked to
    the one it continues". The next prompt typed, Continue, then Ctrl+Return at once: Generate was not
    held while the last frame was being taken ("Taking the last frame…"), so a paid task went out with the
    old start frame (the parent's own first picture), linked to nothing."""
    async with running_app(qtbot, emulator) as veo:
        parent = await make_task(qtbot, veo, "a red room", picture(tmp_path / "red.png", RED))
        form = veo.window.form
        form.prompt.clear()
        qtbot.keyClicks(form.prompt, "the door opens")
        entry(veo.window.task_menu_for(0), "task_continue").trigger()
        form.generateRequested.emit()  # Ctrl+Return, right away
        await until(lambda: veo.controller.form.continuing is not None, "the last frame")
        await until(form.generate.isEnabled, "Generate enabled")
        form.generateRequested.emit()  # and again once the last frame is in, as a user would
        await until(lambda: len(submissions(emulator)) >= 2, "the continued task")
        await until(lambda: not veo.controller.form.submitting, "every submission answered")
        await until(lambda: veo.model.rowCount() == len(submissions(emulator)), "every task in the list")
        for row in range(veo.model.rowCount() - 1):  # every task sent after the parent continues it
            record = veo.model.record_at(row)
            assert record.parent_task_id == parent.task_id, (
                f"“{record.prompt}” went out with the old start frame ({record.image_name}), "
                "not the last frame"
            )


# ----- money and bad input: batches ------------------------------------------------------------------


async def test_a_batch_confirmation_names_the_end_frame_each_video_is_sent_with(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    """README: "dropping several pictures with an end frame set makes one video from each, all ending on
    it", and the confirmation says so ("Each one ends on end.png"). The end frame dropped, then the batch
    at once: the end frame was still being read, so the confirmation said nothing of it, yet every video
    was sent with it."""
    starts = [picture(tmp_path / f"shot-{n}.png", GREEN, (320 + n, 180)) for n in range(3)]
    end = picture(tmp_path / "end.png", RED, (4000, 3000))
    async with running_app(qtbot, emulator) as veo:
        choose_model(veo, FAST_FLOW)
        qtbot.keyClicks(veo.window.form.prompt, "each one turns red")
        drop(veo.window.end_zone, file_mime(end))
        drop(veo.window.drop_zone, file_mime(*starts))
        zone = veo.window.drop_zone
        await until(
            lambda: veo.window.findChild(QMessageBox, "batchConfirm") is not None or zone.caption.text(),
            "the confirmation or a refusal",
        )
        box = veo.window.findChild(QMessageBox, "batchConfirm")
        assert box is not None, (
            f"refused instead of asked (the end frame is waited for): {zone.caption.text()!r}"
        )
        said = box.text()
        await until(lambda: not veo.controller.frames.loading, "the end frame read")
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), LEFT)
        await until(lambda: len(submissions(emulator)) == 3, "the three videos")
        ends = [len(r.submission.frames) == 2 for r in submissions(emulator) if r.submission is not None]
        assert ends == [True] * 3
        assert "Each one ends on end.png." in said, (
            f"sent with an end frame the confirmation never named: {said!r}"
        )


async def test_a_batch_without_a_session_is_refused_in_words_before_any_cost_is_asked(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """README: with no API key the window offers the offline demo, and Generate says so. Several photos
    dropped then: the window asked "Generate 3 videos ($0.90)?" and, on Yes, failed with an AssertionError
    ("Something went wrong (read-batch): "), nothing said about the missing key."""
    starts = [picture(tmp_path / f"shot-{n}.png", GREEN, (320 + n, 180)) for n in range(3)]
    async with running_app(qtbot, None, keys=KeyStore(environ={})) as veo:
        broke = failures(veo)
        veo.connect(demo=False)
        form = veo.window.form
        qtbot.keyClicks(form.prompt, "three at once")
        reason = form.why_not.text()
        assert not form.generate.isEnabled() and "API key" in reason
        zone = veo.window.drop_zone
        drop(zone, file_mime(*starts))
        await until(
            lambda: (
                veo.window.findChild(QMessageBox, "batchConfirm") is not None
                or "API key" in zone.caption.text()
                or "demo" in zone.caption.text()
                or broke
            ),
            "the refusal, or a question",
        )
        box = veo.window.findChild(QMessageBox, "batchConfirm")
        assert broke == [], f"an error nobody handled: {broke}"
        assert box is None, f"a cost was asked for videos that cannot be sent: {box.text()!r}"
        said = zone.caption.text() + veo.window.statusBar().currentMessage()
        assert "API key" in said or "demo" in said, f"the refusal said {said!r}"


# ----- data: what a film and a frame hold -----------------------------------------------------------


async def test_a_clip_whose_file_is_now_another_tasks_video_is_not_filmed_under_its_name(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    """The app's own rule (core/clips/saved_videos.py), which Continue keeps: a file at a task's name
    that is no longer its video is not that task's video. Another video copied over the red clip's file:
    Continue refused it with the reason, but "Add to sequence" took it and "Export film…" wrote the blue
    clip twice, its list of clips naming the red clip's task for the first."""
    async with running_app(qtbot, emulator) as veo:
        red = await make_task(qtbot, veo, "a red room", picture(tmp_path / "red.png", RED))
        blue = await make_task(qtbot, veo, "a blue room", picture(tmp_path / "blue.png", BLUE))
        Path(red.output_path).write_bytes(Path(blue.output_path).read_bytes())  # copied over it, replacing
        for record in (red, blue):
            entry(veo.window.task_menu_for(veo.model.row_of(record.id)), "task_sequence_add").trigger()
        view = veo.window.sequence
        # Taken in, then out again once its file is found to hold another video, saying why: no film
        # can show the blue clip under the red clip's name.

        def held() -> list[int]:
            return [r.id for r in view.model.records()]

        await until(lambda: red.id not in held(), "the red clip out of the sequence")
        assert held() == [blue.id]
        said = veo.window.statusBar().currentMessage()
        assert "is no longer its video" in said, f"taken out without a word: {said!r}"


async def test_a_film_from_a_service_video_of_odd_size_fails_in_words(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    """README: "Export film…" writes the film or says why; a problem is said in words. A clip as a
    hostile service may send it (H.264 4:4:4, 129 x 73: it plays, it decodes) first in a sequence with a
    clip of another size: the export broke with FFmpeg's "Generic error in an external library" through
    the window's catch-all ("Something went wrong (export-film): [Errno 542398533] …"), the view silent."""
    clips = tmp_path / "clips"
    clips.mkdir()
    odd = odd_sized_clip(clips / "odd.mp4")
    other = make_clip(clips / "other.mp4", 1)
    made = TaskRecord.for_request(rules.VideoRequest("a clip"), state="completed")
    records = [replace(made, id=901, output_path=str(odd)), replace(made, id=902, output_path=str(other))]
    async with running_app(qtbot, emulator) as veo:
        broke = failures(veo)
        veo.controller.sequence.add(records)
        view = veo.window.sequence
        assert len(view.model.records()) == 2 and view.export.isEnabled()
        qtbot.mouseClick(view.export, LEFT)
        out = tmp_path / "films"
        out.mkdir()
        await chosen_file(veo, "exportFilmDialog", out / "film.mp4")
        await until(lambda: view.result.text() != "" or broke, "the export's outcome", 60)
        await until(lambda: "export-film" not in veo.controller.background.names, "the export's end")
        assert broke == [], f"an error nobody handled: {broke}"
        assert view.result.text().startswith("The film could not be written") or (out / "film.mp4").exists()


async def test_continue_on_a_service_video_too_small_for_a_start_frame_says_why(
    qtbot: QtBot, tiny_emulator: EmulatorThread, tmp_path: Path
) -> None:
    """README: Continue puts the last frame in the start frame, or says why not. The service's video is a
    valid MP4 16 x 10 pixels: its last frame is too small to be a start frame, and Continue broke through
    the window's catch-all ("Something went wrong (continue-1): …"), "Taking the last frame…" left."""
    async with running_app(qtbot, None) as veo:
        attach(veo, tiny_emulator)
        broke = failures(veo)
        await make_task(qtbot, veo, "a red room", picture(tmp_path / "red.png", RED))
        entry(veo.window.task_menu_for(0), "task_continue").trigger()
        await until(lambda: veo.window.statusBar().currentMessage() != "Taking the last frame…", "an outcome")
        await until(
            lambda: not any(n.startswith("continue-") for n in veo.controller.background.names), "its end"
        )
        assert broke == [], f"an error nobody handled: {broke}"
        assert veo.controller.form.continuing is None and veo.window.statusBar().currentMessage()


# ----- bad input: names the user types --------------------------------------------------------------


async def test_a_film_named_like_a_settings_file_is_refused(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    """README: "Export film…" writes one MP4, its ``.json`` beside it listing its clips; `join` refuses a
    name that does not end in .mp4 ("a film is saved as MP4; end the name with .mp4", nothing written).
    The window wrote the MP4 as ``film.json`` (the name its own list of clips should have had), then said
    that list could not be written because film.json exists."""
    async with running_app(qtbot, emulator) as veo:
        for n, colour in enumerate((RED, BLUE)):
            record = await make_task(qtbot, veo, f"clip {n}", picture(tmp_path / f"{n}.png", colour))
            entry(veo.window.task_menu_for(veo.model.row_of(record.id)), "task_sequence_add").trigger()
        view = veo.window.sequence
        out = tmp_path / "films"
        out.mkdir()
        qtbot.mouseClick(view.export, LEFT)
        await chosen_file(veo, "exportFilmDialog", out / "film.json")
        await until(lambda: view.result.text() != "", "the export's outcome", 60)
        written = sorted(p.name for p in out.iterdir())
        assert written in ([], ["film.json.mp4", "film.json.json"], ["film.mp4", "film.json"]), (
            f"{written}: {view.result.text()}"
        )


async def test_saving_a_frame_where_it_cannot_be_written_says_so(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    """README: "This frame" ... saves it as a PNG; a problem is said in words (the film's export says "The
    film could not be written: …"). A frame saved into a folder that cannot be written: the status bar
    showed only "[Errno 13] Permission denied: '/sys/.frame-abc123.partial'" (a hidden name the user
    never chose, and not that the frame was not saved)."""
    async with running_app(qtbot, emulator) as veo:
        record = await make_task(qtbot, veo, "a red room", picture(tmp_path / "red.png", RED))
        veo.controller.preview.show(record)
        await until(lambda: veo.window.preview.source is not None, "the video in the preview")
        veo.window.preview.tools.save.trigger()
        unwritable = Path("/sys/frame.png")  # a folder no one may write in, root included
        await chosen_file(veo, "saveFrameDialog", unwritable)
        await until(lambda: "frame-save" not in veo.controller.background.names, "the outcome")
        said = veo.window.statusBar().currentMessage()
        assert not unwritable.exists()
        assert "frame" in said.lower() and ".partial" not in said, f"the status bar said {said!r}"
