"""A task row's own buttons (Retry, Show in folder, Remove with Undo) clicked with a real mouse on the real
list, against the emulator; and a batch row naming the picture it started from."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QRect, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.conftest import image_bytes, until
from tests.helpers.gui import drop, file_mime, generate, row_texts, running_app
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.shell.app import App
from veo_desktop.gui.tasks.task_delegate import action_rects
from veo_desktop.gui.tasks.task_model import DetailsRole, RecordRole


class Opener(QObject):
    """Stands in for the desktop's file manager: keeps each URL QDesktopServices.openUrl is given."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def opener() -> Iterator[Opener]:
    found = Opener()
    # PySide6 takes the slot's name as str at run time (its stubs say bytes, which it refuses).
    QDesktopServices.setUrlHandler("file", found, "open")  # type: ignore[arg-type]
    try:
        yield found
    finally:
        QDesktopServices.unsetUrlHandler("file")


def button_rect(veo: App, row: int, action: str) -> QRect:
    """Where the row's button for ``action`` is drawn, in the list's viewport."""
    rects = {a: r for a, _label, r in row_buttons(veo, row)}
    assert action in rects, f"row {row} ({veo.model.record_at(row).state}) has buttons {sorted(rects)}"
    return rects[action]


def click(qtbot: QtBot, veo: App, row: int, action: str, *, double: bool = False) -> None:
    viewport = veo.window.task_list.viewport()
    at = button_rect(veo, row, action).center()
    left = Qt.MouseButton.LeftButton
    if double:  # as the window system delivers one: press, release, press and double click, release
        qtbot.mousePress(viewport, left, pos=at)
        qtbot.mouseRelease(viewport, left, pos=at)
        qtbot.mousePress(viewport, left, pos=at)
        qtbot.mouseDClick(viewport, left, pos=at)  # QTest sends the double-click event alone
        qtbot.mouseRelease(viewport, left, pos=at)
    else:
        qtbot.mouseClick(viewport, left, pos=at)


def sent(emulator: EmulatorThread) -> int:
    return sum(1 for r in emulator.server.received if r.route == "submit")


def states(veo: App) -> list[str]:
    return [veo.model.record_at(row).state for row in range(veo.model.rowCount())]


async def failed_task(qtbot: QtBot, veo: App, photo: Path, prompt: str = "storm #fail") -> TaskRecord:
    await generate(qtbot, veo, photo, prompt)
    await until(lambda: states(veo) == ["failed"], "the failure")
    return veo.model.record_at(0)


async def test_a_failed_rows_retry_button_sends_it_again_once(
    qtbot: QtBot, emulator: EmulatorThread, photo: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        failed = await failed_task(qtbot, veo, photo, "storm #fail-silent")  # Retry asks nothing
        spoken = veo.model.index(0).data(Qt.ItemDataRole.AccessibleTextRole)
        assert "Retry sends it again" in spoken and "Remove takes it off the list, with Undo" in spoken
        assert "Show in folder" not in spoken  # no video: no such button
        before = sent(emulator)
        click(qtbot, veo, 0, "retry", double=True)  # a double click is one click: one resend
        await until(lambda: not retrying(veo) and sent(emulator) == before + 1, "the retry to end")
        # One row per attempt chain (issue 28): the new attempt's row (it fails too) stands for the first.
        await until(lambda: states(veo) == ["failed"] and veo.model.record_at(0).id != failed.id, "it")
        assert sent(emulator) == before + 1 and veo.model.rowCount() == 1
        click(qtbot, veo, 0, "retry")  # a later click is a new retry, as the menu's is
        await until(lambda: sent(emulator) == before + 2 and not retrying(veo), "the second retry")
        await until(lambda: states(veo) == ["failed"], "the third attempt's end")
        assert "attempt 3" in veo.model.index(0).data(DetailsRole)


def retrying(veo: App) -> bool:
    return any(name.startswith(("retry-", "send-again-")) for name in veo.controller.background.names)


async def test_show_in_folder_opens_the_videos_folder(
    qtbot: QtBot, emulator: EmulatorThread, photo: Path, opener: Opener
) -> None:
    async with running_app(qtbot, emulator) as veo:
        await generate(qtbot, veo, photo, "waves at dusk")
        await until(lambda: states(veo) == ["completed"], "the video")
        video = Path(veo.model.record_at(0).output_path)
        assert video.is_file()
        assert "Show in folder opens the folder of its video" in veo.model.index(0).data(
            Qt.ItemDataRole.AccessibleTextRole
        )
        click(qtbot, veo, 0, "reveal")
        await until(lambda: opener.urls, "the folder to open")
        assert opener.urls == [QUrl.fromLocalFile(str(video.parent))]


async def test_remove_then_undo_brings_the_row_back_and_the_history_keeps_it(
    qtbot: QtBot, emulator: EmulatorThread, photo: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        failed = await failed_task(qtbot, veo, photo)
        click(qtbot, veo, 0, "stop")
        await until(lambda: veo.model.rowCount() == 0, "the row to go")
        note = veo.window.undo_note
        assert note.isVisible() and note.text.text() == "Removed “storm #fail” —"
        assert note.button.text() == "Undo"
        manager = veo.controller.actions.manager
        assert manager is not None and manager.get(failed.id) == failed  # not forgotten yet
        qtbot.mouseClick(note.button, Qt.MouseButton.LeftButton)
        await until(lambda: veo.model.rowCount() == 1, "the row to come back")
        assert veo.model.record_at(0) == failed and not note.isVisible()
    async with running_app(qtbot, emulator) as veo:  # after a restart, the history still has it
        await until(lambda: veo.model.rowCount() == 1, "the history")
        assert veo.model.record_at(0) == failed


async def test_remove_without_undo_forgets_the_task_when_the_window_passes(
    qtbot: QtBot, emulator: EmulatorThread, photo: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        failed = await failed_task(qtbot, veo, photo)
        veo.controller.actions.undo_seconds = 0.3
        manager = veo.controller.actions.manager
        assert manager is not None
        click(qtbot, veo, 0, "stop")
        await until(lambda: veo.model.rowCount() == 0, "the row to go")
        assert manager.get(failed.id) is not None
        await until(lambda: manager.get(failed.id) is None, "the history to forget it")
        assert not veo.window.undo_note.isVisible() and veo.model.rowCount() == 0
    async with running_app(qtbot, emulator) as veo:
        await until(lambda: veo.controller.actions.manager is not None, "the session")
        assert veo.model.rowCount() == 0


async def test_quitting_while_undo_is_offered_removes_the_task(
    qtbot: QtBot, emulator: EmulatorThread, photo: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        failed = await failed_task(qtbot, veo, photo)
        click(qtbot, veo, 0, "stop")  # the full Undo window: still open when the window closes
        await until(lambda: veo.model.rowCount() == 0, "the row to go")
    async with running_app(qtbot, emulator) as veo:
        manager = veo.controller.actions.manager
        assert manager is not None and manager.get(failed.id) is None
        assert veo.model.rowCount() == 0


async def test_a_batch_row_names_its_picture(qtbot: QtBot, emulator: EmulatorThread, tmp_path: Path) -> None:
    paths = []
    for index in range(2):
        path = tmp_path / f"shot-{index}.png"
        path.write_bytes(image_bytes("PNG", (100 + index, 80)))
        paths.append(path)
    async with running_app(qtbot, emulator) as veo:
        qtbot.keyClicks(veo.window.form.prompt, "same motion for both")
        drop(veo.window.drop_zone, file_mime(*paths))
        await until(lambda: veo.window.findChild(QMessageBox, "batchConfirm") is not None, "the confirmation")
        box = veo.window.findChild(QMessageBox, "batchConfirm")
        assert box is not None
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
        await until(lambda: states(veo) == ["completed", "completed"], "two videos")
        names = set()
        for row in range(2):
            [details] = [t for t in row_texts(veo.window.task_list, row) if "$" in t]
            names.add(details.split("   ")[0])
            assert veo.model.record_at(row).image_name in details
        assert names == {"shot-0.png", "shot-1.png"}


async def test_an_unknown_rows_button_asks_before_sending_again(
    qtbot: QtBot, emulator: EmulatorThread, photo: Path
) -> None:
    emulator.server.faults.add("reset_after_accept", "submit")  # taken, then the answer is lost
    async with running_app(qtbot, emulator) as veo:
        await generate(qtbot, veo, photo, "a slow pan")
        await until(lambda: states(veo) == ["unknown"], "unknown")
        before = sent(emulator)
        assert "Send again…" in [label for _a, label, _r in row_buttons(veo, 0)]
        click(qtbot, veo, 0, "retry")

        def question() -> QMessageBox | None:
            box = veo.window.findChild(QMessageBox, "sendAgainConfirm")
            return box if box is not None and box.isVisible() else None

        await until(question, "the question")  # never a one-click resend
        box = question()
        assert box is not None and sent(emulator) == before
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
        await until(lambda: question() is None and not retrying(veo), "it to close")
        assert sent(emulator) == before and states(veo) == ["unknown"]


def row_buttons(veo: App, row: int) -> list[tuple[str, str, QRect]]:
    view = veo.window.task_list
    index = veo.model.index(row)
    return action_rects(view.visualRect(index), index.data(RecordRole), view.fontMetrics())
