"""The embedded preview decodes real frames, loops, explains damage; the gallery shows, filters and drags."""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaPlayer, QVideoFrame
from pytestqt.qtbot import QtBot

from tests.conftest import until
from tests.helpers.gui import running_app
from veo_desktop.emulator.render import render_clip
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.player.gallery import GalleryRecordRole
from veo_desktop.gui.player.preview import PreviewPanel
from veo_desktop.gui.shell.app import App


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    """A two-second H.264 + AAC clip made by the emulator's renderer (48 frames at 24 fps)."""
    path = tmp_path / "clip.mp4"
    path.write_bytes(render_clip(seconds=2, aspect_ratio="16:9", image=None, prompt="frames"))
    return path


@contextlib.asynccontextmanager
async def panel(qtbot: QtBot) -> AsyncIterator[PreviewPanel]:
    preview = PreviewPanel()
    qtbot.addWidget(preview)
    preview.resize(640, 420)
    preview.show()
    try:
        yield preview
    finally:
        preview.stop()


async def test_the_player_decodes_real_frames_and_loops(qtbot: QtBot, clip: Path) -> None:
    async with panel(qtbot) as preview:
        assert not preview.has_player()  # nothing of Qt Multimedia until the first preview
        preview.play_file(clip)
        assert preview.player is not None and preview.video is not None
        frames: list[bool] = []
        positions: list[int] = []

        def frame(video_frame: QVideoFrame) -> None:
            if video_frame.isValid():  # the last signal at end of media carries an invalid frame
                frames.append(True)

        preview.video.videoSink().videoFrameChanged.connect(frame)
        preview.player.positionChanged.connect(positions.append)
        await until(lambda: len(frames) >= 60, "60 decoded frames (more than the clip has: it loops)", 15)
        wrapped = [b for a, b in itertools.pairwise(positions) if b < a]
        assert wrapped, f"the position never went back to the start: {positions[-10:]}"
        assert preview.player.loops() == QMediaPlayer.Loops.Infinite
        assert preview.time.text().endswith("/ 0:02")
        assert preview.play_button.text() == "Pause"
        preview.toggle_play()
        await until(lambda: preview.play_button.text() == "Play", "the pause")
        before = preview.player.position()
        preview.step_frame()
        await until(lambda: preview.player is not None and preview.player.position() > before, "one frame on")
        assert preview.player.position() - before <= 50


@pytest.mark.qt_log_ignore("Could not open media", "moov atom not found")
async def test_a_corrupt_file_gives_a_readable_message(qtbot: QtBot, tmp_path: Path) -> None:
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"not really a video" * 50)
    async with panel(qtbot) as preview:
        preview.play_file(broken)
        await until(lambda: "cannot be played" in preview.message.text(), "the error")
        assert preview.message.text().startswith("broken.mp4 cannot be played: ")
        assert preview.stack.currentWidget() is preview.message
        assert preview.download_again.isVisibleTo(preview)


async def test_a_missing_file_says_so_and_offers_a_new_download(qtbot: QtBot, tmp_path: Path) -> None:
    async with panel(qtbot) as preview:
        preview.play_file(tmp_path / "gone.mp4")
        assert preview.message.text() == "gone.mp4 is missing: it was moved or deleted."
        assert preview.download_again.isVisibleTo(preview)
        assert not preview.has_player()  # a missing file does not even load the player


async def test_a_finished_video_plays_in_the_window_and_joins_the_gallery(
    qtbot: QtBot, emulator: EmulatorThread, photo: Path
) -> None:
    async with running_app(qtbot, emulator) as veo:
        veo.controller.images.take_files([photo])
        await until(lambda: veo.controller.images.image is not None, "the image")
        qtbot.keyClicks(veo.window.form.prompt, "harbour at dusk")
        qtbot.mouseClick(veo.window.form.generate, Qt.MouseButton.LeftButton)
        preview = veo.window.preview
        await until(
            lambda: preview.player is not None and preview.play_button.text() == "Pause", "playback", 20
        )
        assert preview.stack.currentWidget() is preview.video
        assert preview.before_after.isEnabled()
        qtbot.mouseClick(preview.before_after, Qt.MouseButton.LeftButton)
        assert preview.stack.currentWidget() is preview.reference
        gallery = veo.window.gallery
        assert gallery.visible_prompts() == ["harbour at dusk"]
        await until(
            lambda: gallery.proxy.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is not None, "poster"
        )
        record = gallery.proxy.index(0, 0).data(GalleryRecordRole)
        mime = veo.gallery_model.mimeData([veo.gallery_model.index(0)])
        assert [u.toLocalFile() for u in mime.urls()] == [record.output_path]
        gallery.filter.setText("lighthouse")
        assert gallery.visible_prompts() == []
        gallery.filter.setText("HARBOUR")
        assert gallery.visible_prompts() == ["harbour at dusk"]


async def test_a_deleted_video_can_be_downloaded_again(qtbot: QtBot, emulator: EmulatorThread) -> None:
    async with running_app(qtbot, emulator) as veo:
        qtbot.keyClicks(veo.window.form.prompt, "will be deleted")
        qtbot.mouseClick(veo.window.form.generate, Qt.MouseButton.LeftButton)
        await until(lambda: veo.gallery_model.rowCount() == 1, "the video")
        record = veo.gallery_model.index(0).data(GalleryRecordRole)
        saved = Path(record.output_path)
        original = saved.read_bytes()
        veo.controller.preview.show(record)  # stop playing the file before it goes
        veo.window.preview.stop()
        saved.unlink()
        veo.controller.preview.show(record)
        preview = veo.window.preview
        assert preview.message.text() == f"{saved.name} is missing: it was moved or deleted."
        qtbot.mouseClick(preview.download_again, Qt.MouseButton.LeftButton)
        await until(lambda: saved.exists() and preview.play_button.text() == "Pause", "the new copy playing")
        assert saved.read_bytes() == original
    assert len(emulator.server.submissions) == 1


@pytest.mark.slow
async def test_with_no_key_the_offline_demo_makes_a_video_that_plays(qtbot: QtBot, photo: Path) -> None:
    """A fresh machine: no key anywhere. The window offers the demo; the demo's generation plays."""
    from veo_desktop.core.keystore import KeyStore

    veo = App(keys=KeyStore(environ={}))  # the real keyring, empty (or absent): either way, no key
    qtbot.addWidget(veo.window)
    veo.window.show()
    try:
        veo.connect(demo=False)
        assert veo.window.banner.isVisibleTo(veo.window)
        qtbot.mouseClick(veo.window.demo_button, Qt.MouseButton.LeftButton)
        veo.controller.images.take_files([photo])
        await until(lambda: veo.controller.images.image is not None, "the image")
        qtbot.keyClicks(veo.window.form.prompt, "demo motion")
        qtbot.mouseClick(veo.window.form.generate, Qt.MouseButton.LeftButton)
        preview = veo.window.preview
        await until(lambda: preview.play_button.text() == "Pause", "the demo video playing", 60)
        record = veo.model.record_at(0)
        assert record.demo and record.state == "completed"
        assert veo.window.spend.text() == "Spent today $0.00 · this month $0.00"  # demo is never counted
    finally:
        await veo.controller.shutdown()
