"""Opening and closing a session in the window (issue "the house, second pass"): attaching it reads
nothing from the history on the window's thread (the gallery's videos are awaited); the key deleted (or
changed) in the first moments after start stops the session's resume and reads before the session
closes, so none runs on a closed history ("background task resume failed" in the log), and the task in
flight is not lost: the next session follows it to its video."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import FAST_RETRY, until
from tests.helpers.gui import attach, generate, running_app
from tests.helpers.history_waits import watch_waits
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.player.gallery import GalleryRecordRole
from veo_desktop.session import Connection, Session


async def test_a_session_closed_right_after_start_stops_its_resume_and_loses_nothing(
    qtbot: QtBot, emulator: EmulatorThread, app_home: Path, photo: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with running_app(qtbot, emulator) as veo:
        await generate(qtbot, veo, photo, "a slow pan")
        await until(lambda: bool(emulator.server.tasks), "the task accepted")
        [task_id] = emulator.server.tasks
        await veo.controller.detach()  # a key change: the task's id is in the history
        attach(veo, emulator)  # the app started again with the key: its resume is spawned
        await veo.controller.detach()  # and the key deleted at once, before the resume had run
        assert "resume" not in veo.controller.background.names
        attach(veo, emulator)  # a key again: this session's resume follows the task to its video
        videos = app_home / "videos"
        await until(lambda: videos.is_dir() and list(videos.glob("*.mp4")), "the video", within=30)
        [video] = videos.glob("*.mp4")
        assert video.read_bytes() == emulator.server.content_bytes(task_id)
        assert veo.model.rowCount() == 1
    failed = [r.getMessage() for r in caplog.records if "failed" in r.getMessage()]
    assert failed == []
    assert [r.route for r in emulator.server.received if r.route == "submit"] == ["submit"]


async def test_attaching_a_session_runs_no_history_statement_on_the_window_s_thread(
    qtbot: QtBot, emulator: EmulatorThread, app_home: Path, photo: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:  # a history with a saved video
        await generate(qtbot, veo, photo, "a slow pan")
        await until(lambda: veo.gallery_model.rowCount() == 1, "the video in the gallery", within=30)
        veo.controller.sequence.add([veo.gallery_model.index(0).data(GalleryRecordRole)])  # kept on disk
        await until(lambda: veo.controller.sequence.model.rowCount() == 1, "the clip in the sequence")
    async with running_app(qtbot, None) as veo:
        session = Session.open(Connection(emulator.base_url, emulator.api_key), retry=FAST_RETRY)
        waited = watch_waits(session.manager.store)
        veo.controller.attach(session)
        await until(lambda: veo.gallery_model.rowCount() == 1, "the video in the gallery")
        await until(lambda: veo.controller.sequence.model.rowCount() == 1, "the sequence as it was left")
        assert waited == []  # the gallery, the sequence, the resume: awaited, the window kept running
