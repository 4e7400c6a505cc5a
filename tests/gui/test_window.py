"""The main window on real widgets (offscreen), against the emulator over real HTTP."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import image_bytes, until
from tests.helpers.gui import drop, file_mime, generate, running_app
from veo_desktop.api import rules
from veo_desktop.core.history.store import TaskRecord
from veo_desktop.core.tasks.estimate import RenderTimes
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.composer.prompt_picker import PromptPicker
from veo_desktop.gui.shell.app import App
from veo_desktop.gui.tasks.task_model import RecordRole


def first_record(veo: App) -> TaskRecord:
    record = veo.model.index(0).data(RecordRole)
    assert isinstance(record, TaskRecord)
    return record


def first_state(veo: App) -> str:
    return veo.model.record_at(0).state if veo.model.rowCount() else ""


async def test_a_dropped_file_shows_with_its_details(
    qtbot: QtBot, emulator: EmulatorThread, photo: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        drop(veo.window.drop_zone, file_mime(photo))
        await until(lambda: veo.controller.images.image is not None, "the image")
        caption = veo.window.drop_zone.caption.text()
        assert caption.startswith("photo.png · 320 x 240 px · ")
        assert veo.window.drop_zone.view.has_picture() and veo.window.drop_zone.view.isVisible()
        assert veo.window.form.generate.text() == "Generate video"


async def test_paste_an_image_from_the_clipboard(qtbot: QtBot, emulator: EmulatorThread) -> None:
    async with running_app(qtbot, emulator) as veo:
        QGuiApplication.clipboard().setImage(QImage.fromData(image_bytes("PNG", (200, 100))))
        veo.window.drop_zone.setFocus()
        qtbot.keyClick(veo.window.drop_zone, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        await until(lambda: veo.controller.images.image is not None, "the pasted image")
        assert veo.window.drop_zone.caption.text().startswith("pasted image.png · 200 x 100 px")


async def test_a_bad_file_is_refused_inline_and_nothing_is_sent(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    bad = tmp_path / "notes.png"
    bad.write_text("these are my notes, not a picture")
    async with running_app(qtbot, emulator) as veo:
        drop(veo.window.drop_zone, file_mime(bad))
        await until(lambda: "notes.png" in veo.window.drop_zone.caption.text(), "the refusal")
        assert veo.window.drop_zone.caption.text() == (
            "notes.png: this is not an image (JPEG, PNG, WebP, GIF, BMP or TIFF)"
        )
        assert veo.controller.images.image is None
        assert veo.window.form.generate.text() == "Generate from text (no image)"
    assert emulator.server.received == []


async def test_generate_needs_a_prompt_and_says_so(qtbot: QtBot, emulator: EmulatorThread) -> None:
    async with running_app(qtbot, emulator) as veo:
        form = veo.window.form
        assert QApplication.focusWidget() is form.prompt
        assert not form.generate.isEnabled()
        assert form.why_not.text() == "Describe the motion first"
        qtbot.keyClicks(form.prompt, "a slow pan")
        assert form.generate.isEnabled() and form.why_not.text() == ""


async def test_greyed_out_options_match_the_rules_for_every_combination(
    qtbot: QtBot, emulator: EmulatorThread
) -> None:
    async with running_app(qtbot, emulator) as veo:
        form = veo.window.form

        def pick(field_name: rules.Field, value: str) -> None:
            combo = form.combos[field_name]
            combo.setCurrentIndex(combo.findData(value, Qt.ItemDataRole.UserRole))

        for model, aspect, resolution, seconds in itertools.product(
            rules.CHOICES.values(), rules.ASPECT_RATIOS, rules.RESOLUTIONS, rules.SECONDS
        ):
            pick("model", model)
            pick("aspect_ratio", aspect)
            pick("resolution", resolution)  # a model that fixes it sets it back at once
            exact = rules.MODELS[rules.adjust(form.request()).request.model]
            assert form.value("resolution") == (resolution if len(exact.resolutions) > 1 else "720p")
            shown = form.value("resolution")
            allowed, reason = form.item_state("seconds", seconds)
            assert allowed == (
                seconds in exact.seconds and rules.REQUIRED_SECONDS.get(shown, seconds) == seconds
            )
            if allowed:  # a greyed-out item cannot be picked; only the allowed ones are
                pick("seconds", seconds)
            elif exact.channel == "flow":
                assert reason == f"{exact.label} makes 8-second clips only"
            else:
                assert reason == f"{shown} videos need 8 seconds"
            request = rules.adjust(form.request()).request
            assert rules.problems(replace_prompt(request)) == [], (model, aspect, resolution, seconds)
            for field_name, verdicts in rules.option_states(request).items():
                for value, verdict in verdicts.items():
                    assert form.item_state(field_name, value) == (verdict.allowed, verdict.reason)
            for field_name in ("seconds", "resolution"):  # the Flow channel's 8 s and 720p are no choice
                assert form.combos[field_name].isEnabled() == (len(exact.allowed(field_name)) > 1)
            if shown != "720p":
                assert form.value("seconds") == "8"
                assert form.item_state("seconds", "4") == (False, f"{shown} videos need 8 seconds")
        pick("model", rules.DEFAULT_MODEL)
        pick("resolution", "720p")
        form.select("seconds", "4")
        pick("resolution", "4k")
        assert form.value("seconds") == "8"
        assert form.note.text() == "Length set to 8 s: 4k videos need 8 seconds"
        assert form.cost.text().startswith("This video: $")


def replace_prompt(request: rules.VideoRequest) -> rules.VideoRequest:
    from dataclasses import replace

    return replace(request, prompt="x")


async def test_generate_until_the_video_is_ready(
    qtbot: QtBot, emulator: EmulatorThread, photo: Path, app_home: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        drop(veo.window.drop_zone, file_mime(photo))
        await until(lambda: veo.controller.images.image is not None, "the image")
        qtbot.keyClicks(veo.window.form.prompt, "waves roll in")
        qtbot.keyClick(veo.window.form.prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        await until(lambda: veo.model.rowCount() == 1, "the new task at the top")
        assert first_record(veo).state in ("submitting", "queued")
        await until(lambda: first_state(veo) == "completed", "the video")
        record = first_record(veo)
        assert Path(record.output_path).parent == app_home / "videos"
        assert record.task_id is not None
        assert Path(record.output_path).read_bytes() == emulator.server.content_bytes(record.task_id)
        spent = "Spent today $0.30 · this month $0.30"
        await until(lambda: veo.window.spend.text() == spent, "the spend")  # read on the history's thread
    [sent] = emulator.server.submissions
    assert sent.submission is not None and sent.submission.image is not None
    # A 4:3 photo for a 16:9 video: the middle 320 x 180, as the framing preview showed by default.
    assert Image.open(io.BytesIO(sent.submission.image)).size == (320, 180)


async def test_a_double_click_submits_once(qtbot: QtBot, emulator: EmulatorThread) -> None:
    async with running_app(qtbot, emulator) as veo:
        qtbot.keyClicks(veo.window.form.prompt, "one only")
        qtbot.mouseClick(veo.window.form.generate, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(veo.window.form.generate, Qt.MouseButton.LeftButton)
        veo.window.form.generateRequested.emit()  # and Ctrl+Return on top
        await until(lambda: first_state(veo) == "completed", "the video")
        assert veo.model.rowCount() == 1
    assert len(emulator.server.submissions) == 1


async def test_several_images_queue_one_task_each_after_a_confirmation(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    paths = []
    for index in range(3):
        path = tmp_path / f"shot-{index}.png"
        path.write_bytes(image_bytes("PNG", (100 + index, 80)))
        paths.append(path)
    async with running_app(qtbot, emulator) as veo:
        qtbot.keyClicks(veo.window.form.prompt, "same motion for all")
        drop(veo.window.drop_zone, file_mime(*paths))
        await until(lambda: veo.window.findChild(QMessageBox, "batchConfirm") is not None, "the confirmation")
        box = veo.window.findChild(QMessageBox, "batchConfirm")
        assert box is not None
        assert "Cost: $0.90." in box.text()
        yes = box.button(QMessageBox.StandardButton.Yes)
        assert yes.text() == "Generate 3 videos ($0.90)"
        qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
        await until(lambda: veo.model.rowCount() == 3, "three tasks")
        await until(
            lambda: all(veo.model.record_at(r).state == "completed" for r in range(3)), "three videos"
        )
    sent = sorted(
        Image.open(io.BytesIO(s.submission.image)).size
        for s in emulator.server.submissions
        if s.submission and s.submission.image
    )
    assert sent == [(100, 56), (101, 57), (102, 57)]  # each one cropped to 16:9 in its middle


async def test_task_actions_copy_reuse_retry_and_stop(
    qtbot: QtBot, emulator: EmulatorThread, photo: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        drop(veo.window.drop_zone, file_mime(photo))
        await until(lambda: veo.controller.images.image is not None, "the image")
        form = veo.window.form
        qtbot.keyClicks(form.prompt, "storm #fail-silent")  # no safety refusal: Retry asks nothing
        form.combos["aspect_ratio"].setCurrentIndex(1)
        qtbot.mouseClick(form.generate, Qt.MouseButton.LeftButton)
        await until(lambda: first_state(veo) == "failed", "the failure")
        menu = veo.window.task_menu_for(0)
        enabled = {a.objectName(): a.isEnabled() for a in menu.actions()}
        assert enabled == {
            "task_play": False,
            "task_reveal": False,
            "task_copy_id": True,
            "task_retry": True,
            "task_follow": False,
            "task_reuse": True,
            "task_stop": True,
            "": True,  # the separator before what a finished clip allows (issue 18): not this one
            "task_continue": False,
            "task_sequence_add": False,
            "task_sequence_chain": False,
            "task_storyboard_add": False,
        }
        failed = first_record(veo)
        [copy] = [a for a in menu.actions() if a.objectName() == "task_copy_id"]
        copy.trigger()
        assert QGuiApplication.clipboard().text() == failed.task_id
        veo.controller.images.clear()
        form.prompt.clear()
        form.combos["aspect_ratio"].setCurrentIndex(0)
        [reuse] = [a for a in menu.actions() if a.objectName() == "task_reuse"]
        reuse.trigger()
        assert form.prompt.toPlainText() == "storm #fail-silent" and form.value("aspect_ratio") == "9:16"
        await until(lambda: veo.controller.images.image is not None, "the image from the task")
        [retry] = [a for a in menu.actions() if a.objectName() == "task_retry"]
        emulator.server.config.queue_seconds = 30  # the retried task stays queued at the service
        retry.trigger()
        # One row per attempt chain (issue 28): the new attempt's row stands for the failed one.
        await until(lambda: veo.model.rowCount() == 1 and first_state(veo) == "queued", "the retried task")

        def action(name: str) -> QAction:
            [found] = [a for a in veo.window.task_menu_for(0).actions() if a.objectName() == name]
            return found

        assert action("task_stop").text() == "Stop waiting"  # the service has it: its id is kept
        action("task_stop").trigger()
        await until(lambda: first_state(veo) == "paused", "the task to be left alone")
        assert veo.model.rowCount() == 1 and action("task_follow").isEnabled()
        assert action("task_stop").text() == "Remove"
        action("task_stop").trigger()
        await until(lambda: veo.model.rowCount() == 0, "the task to go, with the attempt it stood for")
    assert len(emulator.server.submissions) == 2


async def test_without_a_key_the_window_offers_the_demo(qtbot: QtBot) -> None:
    async with running_app(qtbot, None) as veo:
        veo.connect(demo=False)
        assert veo.window.banner.isVisibleTo(veo.window)
        assert "paste the API key" in veo.window.banner_text.text()
        assert not veo.window.form.generate.isEnabled()
        qtbot.mouseClick(veo.window.demo_button, Qt.MouseButton.LeftButton)
        assert veo.controller.session is not None and veo.controller.session.connection.demo
        # The banner stays, saying it is the demo, with the key field to leave it; no second demo offer.
        assert "offline demo" in veo.window.banner_text.text()
        assert not veo.window.demo_button.isVisibleTo(veo.window)
        assert veo.window.windowTitle() == "Veo Desktop — offline demo"


async def test_the_window_remembers_its_settings(qtbot: QtBot, emulator: EmulatorThread) -> None:
    async with running_app(qtbot, emulator) as veo:
        form = veo.window.form
        form.combos["resolution"].setCurrentIndex(form.combos["resolution"].findData("1080p"))
        form.combos["aspect_ratio"].setCurrentIndex(form.combos["aspect_ratio"].findData("9:16"))
        veo.window.close()
    async with running_app(qtbot, emulator) as again:
        assert again.window.form.value("resolution") == "1080p"
        assert again.window.form.value("aspect_ratio") == "9:16"
        assert again.window.form.value("seconds") == "8"


async def test_import_a_task_id_from_the_menu(qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path) -> None:
    from veo_desktop.api.client import VeoClient, make_http_client

    async with make_http_client() as http:
        made = await VeoClient(http, base_url=emulator.base_url, api_key=emulator.api_key).submit(
            rules.VideoRequest("made elsewhere", seconds="4"), None
        )
    async with running_app(qtbot, emulator) as veo:
        veo.controller.actions.import_task("not a task id!")
        await until(lambda: "is not a task id" in veo.window.statusBar().currentMessage(), "the refusal")
        veo.controller.actions.import_task(made.task_id)
        await until(lambda: veo.model.rowCount() == 1 and first_state(veo) == "completed", "the import")


@pytest.mark.parametrize(
    "name", ["mainWindow", "dropZone", "endDropZone", "prompt", "generateButton", "taskList", "seed"]
)
async def test_widgets_have_object_names(qtbot: QtBot, name: str) -> None:

    async with running_app(qtbot, None) as veo:
        assert veo.window.objectName() == name or veo.window.findChild(QWidget, name) is not None


async def test_a_long_history_loads_in_pages_as_the_list_scrolls(
    qtbot: QtBot, emulator: EmulatorThread, photo: Path
) -> None:
    from veo_desktop import paths
    from veo_desktop.core.history.store import HistoryStore
    from veo_desktop.gui.tasks.task_model import PAGE

    store = HistoryStore(paths.history_db())
    for n in range(PAGE * 2 + 50):
        request = rules.VideoRequest(f"old task {n}")
        store.add(TaskRecord.for_request(request, state="failed", created_at=1_700_000_000.0 + n))
    store.close()
    async with running_app(qtbot, emulator) as veo:
        await until(lambda: veo.model.rowCount() == PAGE, "the first page")  # read on the history's thread
        assert first_record(veo).prompt == f"old task {PAGE * 2 + 49}"  # newest first
        veo.window.task_list.scrollToBottom()
        await until(lambda: veo.model.rowCount() == PAGE * 2, "the second page")
        veo.window.task_list.scrollToBottom()
        await until(lambda: veo.model.rowCount() == PAGE * 2 + 50, "the last page")
        prompts = [veo.model.record_at(row).prompt for row in range(veo.model.rowCount())]
        assert prompts == [f"old task {n}" for n in reversed(range(PAGE * 2 + 50))]  # no gap, no repeat
        await generate(qtbot, veo, photo, "brand new")
        await until(lambda: first_record(veo).prompt == "brand new", "the new task on top")
        assert veo.model.rowCount() == PAGE * 2 + 51


async def test_a_generating_task_shows_its_estimate(qtbot: QtBot, photo: Path) -> None:
    from tests.conftest import fast_config
    from veo_desktop.emulator.faults import FaultPlan

    with EmulatorThread(fast_config(queue_seconds=0.3, render_seconds=600), FaultPlan()) as slow:
        async with running_app(qtbot, slow) as veo:
            await generate(qtbot, veo, photo, "slow render")
            await until(lambda: first_state(veo) == "in_progress", "generating")
            spoken = veo.model.index(0).data(Qt.ItemDataRole.AccessibleTextRole)
            assert "Generating (queued 0:0" in spoken and "· about " in spoken, spoken
            guess = veo.model.estimate(first_record(veo))
            assert guess.percent is not None and guess.percent < 95
            # This user's renders took 2 s: a second later the bar is past half, and drawn across.
            veo.model.render_times = RenderTimes({("720p", True): [2.0, 2.0, 2.0]})
            await until(lambda: (veo.model.estimate(first_record(veo)).percent or 0) >= 50, "half way")
            guess = veo.model.estimate(first_record(veo))
            assert guess.percent is not None and guess.percent <= 95
            shot = veo.window.task_list.viewport().grab().toImage()
            # Columns of the row holding the bar's colour (a blue well apart from the grey frame and text;
            # the thumbnail is teal: its red is low but so is its blue-red gap).
            columns = {
                x
                for x in range(80, shot.width())
                for y in range(min(shot.height(), 80))
                if shot.pixelColor(x, y).blue() - shot.pixelColor(x, y).red() > 90
            }
            assert abs(len(columns) - 90 * guess.percent / 100) <= 8, (
                f"filled to the estimate: {len(columns)}"
            )


async def test_dropping_a_videos_settings_file_reuses_its_settings_without_the_seed(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path
) -> None:
    from veo_desktop.core.clips.provenance import write_sidecar

    request = rules.VideoRequest(
        "waves roll in", negative_prompt="text", resolution="1080p", aspect_ratio="9:16", seed=4242
    )
    video = tmp_path / "earlier clip.mp4"
    sidecar = write_sidecar(TaskRecord.for_request(request, state="completed", task_id="task_1"), video)
    async with running_app(qtbot, emulator) as veo:
        drop(veo.window.drop_zone, file_mime(sidecar))
        form = veo.window.form
        assert form.request() == rules.VideoRequest(
            "waves roll in", negative_prompt="text", resolution="1080p", aspect_ratio="9:16", seconds="8"
        )
        assert form.seed.text() == ""
        assert "its seed (4242) was left out" in veo.window.statusBar().currentMessage()
        bad = tmp_path / "notes.json"
        bad.write_text('{"hello": 1}')
        drop(veo.window.drop_zone, file_mime(bad))
        assert "notes.json: not a Veo Desktop settings file" in veo.window.drop_zone.caption.text()
        assert form.prompt.toPlainText() == "waves roll in"  # nothing changed


async def test_recent_and_saved_prompts_are_a_search_away(qtbot: QtBot, emulator: EmulatorThread) -> None:
    from veo_desktop import paths
    from veo_desktop.core.history.store import HistoryStore

    store = HistoryStore(paths.history_db())
    for n, prompt in enumerate(
        ["harbour at dusk, slow push-in", "forest path, drone rises", "harbour lights"]
    ):
        store.add(TaskRecord.for_request(rules.VideoRequest(prompt), state="failed", created_at=1.7e9 + n))
    store.close()
    async with running_app(qtbot, emulator) as veo:
        form = veo.window.form
        qtbot.keyClicks(form.prompt, "city rooftops at night, time-lapse")
        qtbot.mouseClick(form.save_prompt_button, Qt.MouseButton.LeftButton)
        assert "Saved" in veo.window.statusBar().currentMessage()
        form.prompt.clear()
        qtbot.mouseClick(form.prompts_button, Qt.MouseButton.LeftButton)
        await until(lambda: veo.window.findChild(PromptPicker, "promptPicker") is not None, "the picker")
        picker = veo.window.findChild(PromptPicker, "promptPicker")
        assert isinstance(picker, PromptPicker) and picker.isVisible()
        assert picker.visible_prompts() == [
            "city rooftops at night, time-lapse",  # saved first (★)
            "harbour lights",  # then recent, newest first
            "forest path, drone rises",
            "harbour at dusk, slow push-in",
        ]
        assert picker.list.item(0).text().startswith("★ ")
        qtbot.keyClicks(picker.search, "harbour dusk")
        assert picker.visible_prompts() == ["harbour at dusk, slow push-in"]
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
        assert form.prompt.toPlainText() == "harbour at dusk, slow push-in"
        assert not picker.isVisible()
    saved = (paths.config_dir() / "prompts.json").read_text(encoding="utf-8")
    assert "city rooftops at night, time-lapse" in saved
