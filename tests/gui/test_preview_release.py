"""The preview lets go of a video file (``setSource(QUrl())``, the decoder closes it) before the app, the
user or another program replaces, renames or deletes it: on Windows a file held open cannot be."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

import pytest
from PySide6.QtCore import QObject, QUrl
from PySide6.QtMultimedia import QMediaPlayer
from pytestqt.qtbot import QtBot

from tests.conftest import until
from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.manager import TaskManager
from veo_desktop.emulator.render import render_clip
from veo_desktop.gui.common.background import BackgroundTasks
from veo_desktop.gui.player.gallery import GalleryModel, GalleryView
from veo_desktop.gui.player.preview import PreviewPanel
from veo_desktop.gui.player.preview_controller import PreviewController


@pytest.fixture
def clips(tmp_path: Path) -> list[Path]:
    made = []
    for name in ("first.mp4", "second.mp4"):
        path = tmp_path / name
        path.write_bytes(render_clip(seconds=2, aspect_ratio="16:9", image=None, prompt=name))
        made.append(path)
    return made


def finished(local_id: int, path: Path) -> TaskRecord:
    record = TaskRecord.for_request(VideoRequest("harbour"), state="completed", output_path=str(path))
    return replace(record, id=local_id, task_id=f"task_{local_id}")


@dataclass
class Previewing:
    panel: PreviewPanel
    controller: PreviewController

    @property
    def player(self) -> QMediaPlayer:
        assert self.panel.player is not None
        return self.panel.player

    async def playing(self, path: Path) -> None:
        await until(
            lambda: (
                self.panel.player is not None
                and self.player.source() == QUrl.fromLocalFile(str(path))
                and self.player.position() > 0
            ),
            f"{path.name} playing",
            15,
        )

    async def let_go(self) -> None:
        await until(lambda: self.player.source().isEmpty(), "the player letting go of the file", 15)
        await until(lambda: self.player.mediaStatus() == QMediaPlayer.MediaStatus.NoMedia, "no media", 15)


@contextlib.asynccontextmanager
async def previewing(qtbot: QtBot) -> AsyncIterator[Previewing]:
    parent = QObject()
    panel = PreviewPanel()
    qtbot.addWidget(panel)
    gallery = GalleryModel()
    view = GalleryView(gallery)
    qtbot.addWidget(view)
    panel.resize(640, 420)
    panel.show()
    try:
        yield Previewing(panel, PreviewController(panel, view, gallery, BackgroundTasks(), parent))
    finally:
        panel.stop()


def rename_and_delete(path: Path) -> None:
    """What Windows refuses while the file is open: here, at once."""
    moved = path.rename(path.with_name(f"renamed-{path.name}"))
    moved.unlink()
    assert not moved.exists() and not path.exists()


async def test_a_removed_task_s_video_is_let_go(qtbot: QtBot, clips: list[Path]) -> None:
    async with previewing(qtbot) as preview:
        record = finished(1, clips[0])
        preview.controller.show(record)
        await preview.playing(clips[0])
        preview.controller.record_removed(finished(2, clips[1]))  # another task: this one plays on
        assert preview.player.source() == QUrl.fromLocalFile(str(clips[0]))
        preview.controller.record_removed(record)
        await preview.let_go()
        rename_and_delete(clips[0])


async def test_a_sequence_lets_go_of_a_clip_before_it_is_replaced(qtbot: QtBot, clips: list[Path]) -> None:
    async with previewing(qtbot) as preview:
        preview.controller.play_sequence([finished(1, clips[0]), finished(2, clips[1])])
        await preview.playing(clips[0])
        assert not preview.controller.release_file(clips[0].with_name("unrelated.mp4"))
        assert preview.controller.release_file(clips[1])  # queued next: the sequence stops too
        await preview.let_go()
        assert preview.controller.sequence == []
        for clip in clips:
            rename_and_delete(clip)


class Downloads:
    def __init__(self) -> None:
        self.asked: list[int] = []

    async def download_again(self, local_id: int) -> None:
        self.asked.append(local_id)


async def test_download_again_lets_go_of_the_old_file_first(qtbot: QtBot, clips: list[Path]) -> None:
    async with previewing(qtbot) as preview:
        downloads = Downloads()
        preview.controller.manager = cast(TaskManager, downloads)
        preview.controller.show(finished(4, clips[0]))
        await preview.playing(clips[0])
        preview.controller.download_again()
        await preview.let_go()
        await until(lambda: downloads.asked == [4], "the download asked for")
        rename_and_delete(clips[0])


async def test_a_task_with_no_video_lets_go_of_the_one_shown_before(qtbot: QtBot, clips: list[Path]) -> None:
    async with previewing(qtbot) as preview:
        preview.controller.show(finished(1, clips[0]))
        await preview.playing(clips[0])
        preview.controller.show(replace(finished(2, clips[1]), state="queued", output_path=""))
        await preview.let_go()
        rename_and_delete(clips[0])
