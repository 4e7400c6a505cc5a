"""The first and last frame in the window (issue 17): the model choices, the end frame's drop zone greyed
out exactly where the rules say, the switch to a model that takes it, swap, batch and reuse, and a
start and an end frame reaching the Flow channel's ``-fl`` model in that order (decoded as the emulator
received them)."""

from __future__ import annotations

import hashlib
import io
import itertools
import json
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.conftest import until
from tests.helpers.gui import drop, file_mime, running_app
from veo_desktop.api import rules
from veo_desktop.core.clips.framing import Framing
from veo_desktop.core.clips.images import PreparedImage, prepare_image
from veo_desktop.core.clips.provenance import sidecar_path, write_sidecar
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.composer.generation_form import GenerationForm
from veo_desktop.gui.shell.app import App

FAST = rules.CHOICES["Veo 3.1 Fast"]
STANDARD = rules.CHOICES["Veo 3.1"]
FAST_FLOW = rules.CHOICES["Veo 3.1 Fast · Flow"]
TEAL, RED = (0, 128, 128), (200, 30, 30)


def picture(path: Path, colour: tuple[int, int, int], size: tuple[int, int]) -> Path:
    Image.new("RGB", size, colour).save(path)
    return path


@pytest.fixture
def start_png(tmp_path: Path) -> Path:
    return picture(tmp_path / "start.png", TEAL, (320, 240))


@pytest.fixture
def end_png(tmp_path: Path) -> Path:
    return picture(tmp_path / "end.png", RED, (400, 300))


def choose(form: GenerationForm, field_name: rules.Field, value: str) -> None:
    combo = form.combos[field_name]
    combo.setCurrentIndex(combo.findData(value, Qt.ItemDataRole.UserRole))


def decoded(data: bytes) -> tuple[tuple[int, int], tuple[int, int, int]]:
    """An uploaded image as the server got it: its size and the colour at its centre."""
    with Image.open(io.BytesIO(data)) as image:
        rgb = image.convert("RGB")
        centre = rgb.getpixel((rgb.width // 2, rgb.height // 2))
        assert isinstance(centre, tuple)
        return rgb.size, (centre[0], centre[1], centre[2])


async def drop_frames(veo: App, start: Path, end: Path) -> None:
    """Drop a start frame on the large zone and an end frame on the small one, as a user would."""
    drop(veo.window.drop_zone, file_mime(start))
    await until(lambda: veo.controller.images.image is not None, "the start frame")
    drop(veo.window.end_zone, file_mime(end))
    await until(lambda: veo.controller.end_images.image is not None, "the end frame")


async def make_two_frame_video(qtbot: QtBot, veo: App, start: Path, end: Path) -> TaskRecord:
    form = veo.window.form
    choose(form, "model", FAST_FLOW)
    await drop_frames(veo, start, end)
    qtbot.keyClicks(form.prompt, "day turns to night")
    assert form.generate.text() == "Generate video from both frames"
    qtbot.mouseClick(form.generate, Qt.MouseButton.LeftButton)
    await until(lambda: veo.model.rowCount() == 1, "the new task")
    await until(lambda: veo.model.record_at(0).state in ("completed", "failed"), "the video", 60)
    record = veo.model.record_at(0)
    assert record.state == "completed", record.last_error
    settings = sidecar_path(Path(record.output_path))
    await until(settings.exists, "the settings file beside the video (written just after it)")
    return record


async def test_the_model_choices_read_as_a_creator_thinks(qtbot: QtBot) -> None:
    async with running_app(qtbot, None) as veo:
        combo = veo.window.form.combos["model"]
        assert [combo.itemText(row) for row in range(combo.count())] == [
            "Veo 3.1 Fast — $0.30",
            "Veo 3.1 — $1.20",
            "Veo 3.1 Fast · Flow — $0.15",
            "Veo 3.1 · Flow — $0.25",
        ]
        choose(veo.window.form, "model", FAST_FLOW)
        assert combo.currentText() == "Veo 3.1 Fast · Flow — $0.15"
        assert veo.window.end_panel.title.text() == "End frame (optional)"


async def test_every_choice_shape_and_frames_greys_out_what_the_rules_say(
    qtbot: QtBot, emulator: EmulatorThread, start_png: Path, end_png: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        form, panel = veo.window.form, veo.window.end_panel
        start_image, end_image = prepare_image(start_png), prepare_image(end_png)
        qtbot.keyClicks(form.prompt, "a slow pan")
        await until(lambda: veo.controller.form.manager is not None, "the session")
        for choice, aspect, start, end in itertools.product(
            rules.CHOICES.values(), rules.ASPECT_RATIOS, (False, True), (False, True)
        ):
            case = (choice, aspect, start, end)
            choose(form, "model", choice)
            choose(form, "aspect_ratio", aspect)
            images: list[tuple[PreparedImage, bool]] = [(start_image, start), (end_image, end)]
            for controller, (image, given) in zip(
                (veo.controller.images, veo.controller.end_images), images, strict=True
            ):
                controller.put(image if given else None, Framing())
            request = rules.adjust(form.request(), start=start, end=end).request
            exact = rules.MODELS[request.model]
            assert exact.id == rules.model_for(choice, aspect, rules.frame_count(start, end)), case
            assert form.cost.toolTip() == f"Sent to the model {exact.id}"
            # The settings: every option greyed out (or not) with the rules' reason.
            for field_name, verdicts in rules.option_states(request, start=start, end=end).items():
                for value, verdict in verdicts.items():
                    assert form.item_state(field_name, value) == (verdict.allowed, verdict.reason), case
            for field_name in ("seconds", "resolution"):
                assert form.combos[field_name].isEnabled() == (len(exact.allowed(field_name)) > 1), case
            if exact.channel == "flow":
                assert (form.value("seconds"), form.value("resolution")) == ("8", "720p")
                assert form.combos["seconds"].currentText() == "8 s"
                assert form.combos["seconds"].toolTip() == f"{exact.label} makes 8-second clips only"
                assert form.combos["resolution"].toolTip() == f"{exact.label} makes 720p clips only"
            extras = rules.extras_verdict(request)
            assert form.seed.isEnabled() == form.negative_prompt.isEnabled() == extras.allowed, case
            assert form.extras_note.text() == extras.reason
            # The end frame's zone, its reason and the switch.
            verdict = rules.end_frame_verdict(request)
            assert panel.verdict() == (verdict.allowed, verdict.reason), case
            assert panel.switch.isVisibleTo(panel) == (not verdict.allowed)
            if not verdict.allowed:
                target = rules.MODELS[rules.end_frame_model(choice, aspect)]
                assert panel.switch.text() == f"Switch to {target.choice_text}"
            # Generate: an end frame where it cannot go is refused with the rules' reason.
            if end and not verdict.allowed:
                expected = verdict.reason
            elif end and not start:
                expected = "An end frame needs a start frame"
            else:
                expected = ""
                assert rules.problems(request, start=start, end=end) == [], case
            assert (form.generate.isEnabled(), form.why_not.text()) == (not expected, expected), case
    assert emulator.server.submissions == []


async def test_the_switch_moves_to_the_flow_choice_and_an_end_frame_left_on_another_is_refused(
    qtbot: QtBot, emulator: EmulatorThread, start_png: Path, end_png: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        form, panel = veo.window.form, veo.window.end_panel
        for official, flow_text in (
            (STANDARD, "Veo 3.1 · Flow — $0.25"),
            (FAST, "Veo 3.1 Fast · Flow — $0.15"),
        ):
            choose(form, "model", official)
            label = rules.MODELS[official].label
            assert panel.verdict() == (False, f"{label} takes no end frame; {flow_text} does")
            assert not veo.window.end_zone.isEnabled()
            qtbot.mouseClick(panel.switch, Qt.MouseButton.LeftButton)
            assert form.combos["model"].currentText() == flow_text
            assert panel.verdict() == (True, "") and veo.window.end_zone.isEnabled()
            assert not panel.switch.isVisibleTo(panel)
            assert not form.combos["seconds"].isEnabled() and form.combos["seconds"].currentText() == "8 s"
            assert (
                not form.combos["resolution"].isEnabled()
                and form.combos["resolution"].currentText() == "720p"
            )
        await drop_frames(veo, start_png, end_png)
        qtbot.keyClicks(form.prompt, "a product turns to the camera")
        assert form.generate.isEnabled()
        choose(form, "model", FAST)  # the end frame stays, greyed out, and Generate says why
        reason = "Veo 3.1 Fast takes no end frame; Veo 3.1 Fast · Flow — $0.15 does"
        assert veo.controller.end_images.image is not None and panel.verdict() == (False, reason)
        assert not form.generate.isEnabled() and form.why_not.text() == reason
        form.generateRequested.emit()  # Ctrl+Return too
        assert form.why_not.text() == reason
        assert panel.clear.isEnabled()  # it can still be taken away
        qtbot.mouseClick(panel.clear, Qt.MouseButton.LeftButton)
        assert veo.controller.frames.given == (True, False)
        assert form.generate.isEnabled() and form.generate.text() == "Generate video"
    assert emulator.server.received == []


async def test_a_start_and_an_end_frame_reach_the_flow_model_in_order(
    qtbot: QtBot, emulator: EmulatorThread, start_png: Path, end_png: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        record = await make_two_frame_video(qtbot, veo, start_png, end_png)
        assert record.model == "veo-3.1-landscape-fast-fl"
        assert (record.image_name, record.end_image_name) == ("start.png", "end.png")
        assert record.task_id is not None
        output = Path(record.output_path)
        assert output.read_bytes() == emulator.server.content_bytes(record.task_id)
        sidecar = json.loads(sidecar_path(output).read_text(encoding="utf-8"))
        assert [(f["role"], f["name"]) for f in sidecar["reference_images"]] == [
            ("start", "start.png"),
            ("end", "end.png"),
        ]
        assert sidecar["reference_images"][1]["sha256"] == hashlib.sha256(end_png.read_bytes()).hexdigest()
        assert sidecar["price"] == {"cents": 15, "text": "$0.15"}
    [sent] = emulator.server.submissions
    assert sent.submission is not None
    assert sent.submission.request.model == "veo-3.1-landscape-fast-fl"
    # Both cropped to 16:9 in their middle, as the two zones showed: the start frame first.
    assert [decoded(frame) for frame in sent.submission.frames] == [((320, 180), TEAL), ((400, 225), RED)]


async def test_swap_start_and_end(
    qtbot: QtBot, emulator: EmulatorThread, start_png: Path, end_png: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        choose(veo.window.form, "model", FAST_FLOW)
        await drop_frames(veo, start_png, end_png)
        veo.controller.images.move_crop(0.3, 0.5)
        panel = veo.window.end_panel
        assert panel.swap.isEnabled()
        qtbot.mouseClick(panel.swap, Qt.MouseButton.LeftButton)
        start, end = veo.controller.images, veo.controller.end_images
        assert start.image is not None and start.image.source_name == "end.png"
        assert end.image is not None and end.image.source_name == "start.png"
        assert end.framing.center_x == 0.3 and start.framing.center_x == 0.5  # each keeps its crop box
        assert veo.window.drop_zone.caption.text().startswith("end.png · 400 x 300 px")
        assert veo.window.end_zone.caption.text().startswith("start.png · 320 x 240 px")
        qtbot.mouseClick(veo.window.drop_zone.fit_button, Qt.MouseButton.LeftButton)
        assert start.framing.mode == end.framing.mode == "fit"  # the framing applies to both
        assert veo.window.end_zone.fit_button.isChecked()


async def test_a_batch_with_an_end_frame_ends_each_video_on_it(
    qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path, end_png: Path
) -> None:
    starts = [picture(tmp_path / f"shot-{n}.png", TEAL, (160 + n, 90)) for n in range(3)]
    async with running_app(qtbot, emulator) as veo:
        form = veo.window.form
        choose(form, "model", FAST_FLOW)
        qtbot.keyClicks(form.prompt, "each one ends on the same picture")
        drop(veo.window.end_zone, file_mime(end_png))
        await until(lambda: veo.controller.end_images.image is not None, "the end frame")
        drop(veo.window.drop_zone, file_mime(*starts))
        await until(lambda: veo.window.findChild(QMessageBox, "batchConfirm") is not None, "the confirmation")
        box = veo.window.findChild(QMessageBox, "batchConfirm")
        assert box is not None
        assert "Cost: $0.45." in box.text() and "Each one ends on end.png." in box.text()
        yes = box.button(QMessageBox.StandardButton.Yes)
        assert yes.text() == "Generate 3 videos ($0.45)"
        qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
        await until(lambda: veo.model.rowCount() == 3, "three tasks")
        await until(
            lambda: all(veo.model.record_at(r).state == "completed" for r in range(3)), "three videos", 60
        )
        assert {veo.model.record_at(r).end_image_name for r in range(3)} == {"end.png"}
    sent = emulator.server.submissions
    assert len(sent) == 3
    for received in sent:
        assert received.submission is not None
        assert received.submission.request.model == "veo-3.1-landscape-fast-fl"
        assert [colour for _size, colour in map(decoded, received.submission.frames)] == [TEAL, RED]


async def test_reusing_a_two_frame_task_restores_both_frames(
    qtbot: QtBot, emulator: EmulatorThread, start_png: Path, end_png: Path, tmp_path: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        record = await make_two_frame_video(qtbot, veo, start_png, end_png)
        form, start, end = veo.window.form, veo.controller.images, veo.controller.end_images

        def forget() -> None:
            start.clear()
            end.clear()
            choose(form, "model", FAST)

        def restored() -> bool:
            return start.image is not None and end.image is not None and not veo.controller.frames.loading

        # "Reuse settings" on the task: both frames from its kept copies.
        forget()
        [reuse] = [a for a in veo.window.task_menu_for(0).actions() if a.objectName() == "task_reuse"]
        reuse.trigger()
        assert form.value("model") == FAST_FLOW and veo.window.end_zone.isEnabled()
        await until(restored, "both frames from the task")
        assert start.image is not None and end.image is not None
        assert (start.image.source_name, end.image.source_name) == ("start.png", "end.png")
        assert end.image.sha256 == hashlib.sha256(Path(record.end_image_copy).read_bytes()).hexdigest()

        # Its settings file dropped: the history's task with that id gives both.
        forget()
        drop(veo.window.drop_zone, file_mime(sidecar_path(Path(record.output_path))))
        await until(restored, "both frames from the settings file")
        assert (
            end.image is not None
            and end.image.sha256 == hashlib.sha256(Path(record.end_image_copy).read_bytes()).hexdigest()
        )

        # A settings file of a task this history does not have: the images beside it.
        elsewhere = tmp_path / "from a friend"
        elsewhere.mkdir()
        for source in (start_png, end_png):
            (elsewhere / source.name).write_bytes(source.read_bytes())
        made = TaskRecord.for_request(
            rules.VideoRequest("sunrise", model="veo-3.1-fl", aspect_ratio="9:16"),
            state="completed",
            task_id="video_not_in_this_history",
            image_name="start.png",
            image_sha256=hashlib.sha256(start_png.read_bytes()).hexdigest(),
            end_image_name="end.png",
            end_image_sha256=hashlib.sha256(end_png.read_bytes()).hexdigest(),
        )
        settings = write_sidecar(made, elsewhere / "sunrise.mp4")
        forget()
        drop(veo.window.drop_zone, file_mime(settings))
        assert form.combos["model"].currentText() == "Veo 3.1 · Flow — $0.25"
        assert form.value("aspect_ratio") == "9:16"
        await until(restored, "both frames from beside the settings file")
        assert start.image is not None and end.image is not None
        assert start.image.sha256 == hashlib.sha256(start_png.read_bytes()).hexdigest()
        assert end.image.sha256 == hashlib.sha256(end_png.read_bytes()).hexdigest()
        assert form.generate.text() == "Generate video from both frames"


@pytest.mark.slow
async def test_the_offline_demo_makes_a_two_frame_video(qtbot: QtBot, start_png: Path, end_png: Path) -> None:
    from veo_desktop.core.keystore import KeyStore

    async with running_app(qtbot, None, keys=KeyStore(environ={})) as veo:
        veo.connect(demo=False)
        qtbot.mouseClick(veo.window.demo_button, Qt.MouseButton.LeftButton)
        assert veo.controller.session is not None and veo.controller.session.connection.demo
        record = await make_two_frame_video(qtbot, veo, start_png, end_png)
        assert record.demo and record.model == "veo-3.1-landscape-fast-fl"
        assert Path(record.output_path).stat().st_size > 0
