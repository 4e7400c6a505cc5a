"""``veo-desktop --self-test``: proves an installed copy (or a bundle) works, headless.

Exit 0 only if Qt Multimedia loads, an MP4 decodes into frames, Qt and Pillow read the image formats the
app uses, the keyring backend can be named, and one demo generation completes end to end. Runs in a
throw-away app folder: the user's data is untouched.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

FRAMES_WANTED = 12


async def _decode(clip: Path) -> str:
    from PySide6.QtCore import QUrl
    from PySide6.QtMultimedia import QMediaPlayer, QVideoFrame, QVideoSink

    player = QMediaPlayer()
    sink = QVideoSink()
    player.setVideoSink(sink)
    frames = 0
    enough: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    errors: list[str] = []

    def frame(video_frame: QVideoFrame) -> None:
        nonlocal frames
        if video_frame.isValid():
            frames += 1
            if frames >= FRAMES_WANTED and not enough.done():
                enough.set_result(None)

    def error(_code: object, text: str) -> None:
        errors.append(text)
        if not enough.done():
            enough.set_result(None)

    sink.videoFrameChanged.connect(frame)
    player.errorOccurred.connect(error)
    player.setSource(QUrl.fromLocalFile(str(clip)))
    player.play()
    try:
        await asyncio.wait_for(enough, 20)
    finally:
        player.stop()
    if errors:
        raise RuntimeError(errors[0])
    return f"{frames} frames decoded"


async def _demo_generation() -> str:
    from veo_desktop.api.client import RetryPolicy
    from veo_desktop.api.rules import VideoRequest
    from veo_desktop.api.wire import looks_like_mp4
    from veo_desktop.emulator.server import EmulatorConfig
    from veo_desktop.session import Session

    config = EmulatorConfig(queue_seconds=0.2, render_seconds=0.2, content_not_ready_seconds=0.3, fps=8)
    session = Session.open(
        None,
        poll_interval=0.1,
        emulator_config=config,
        retry=RetryPolicy(content_not_ready_delays=(0.5,) * 8),
    )
    try:
        record = await session.manager.submit(VideoRequest("self-test", seconds="4"), None)
        [ended] = await asyncio.wait_for(session.manager.wait([record.id]), 60)
    finally:
        await session.aclose()
    if ended.state != "completed":
        raise RuntimeError(f"the demo task ended {ended.state}: {ended.last_error}")
    saved = Path(ended.output_path)
    if not looks_like_mp4(saved.read_bytes()[:8]):
        raise RuntimeError("the saved file is not an MP4")
    return f"{saved.stat().st_size} bytes saved"


async def _checks() -> list[tuple[str, bool, str]]:
    results: list[tuple[str, bool, str]] = []

    async def check(name: str, step: Callable[[], Awaitable[str]]) -> None:
        started = time.monotonic()
        try:
            detail = await step()
        except Exception as exc:  # the report names every failure; nothing escapes as a traceback
            results.append((name, False, f"{type(exc).__name__}: {exc}"))
            return
        results.append((name, True, f"{detail} ({time.monotonic() - started:.1f} s)"))

    async def multimedia() -> str:
        from PySide6.QtMultimedia import QMediaFormat, QMediaPlayer

        QMediaPlayer()
        formats = QMediaFormat().supportedFileFormats(QMediaFormat.ConversionMode.Decode)
        return f"Qt Multimedia loaded ({len(formats)} container formats)"

    async def decode() -> str:
        from veo_desktop.emulator.render import render_clip

        clip = Path(tempfile.mkdtemp(prefix="veo-selftest-")) / "clip.mp4"
        clip.write_bytes(render_clip(seconds=2, aspect_ratio="16:9", image=None, prompt="self-test"))
        return await _decode(clip)

    async def images() -> str:
        # The bundle leaves out Qt's unused image plugins and strips Pillow's libraries: what the app reads
        # (references through Pillow; posters, pictures and the SVG icon through Qt) must still load.
        import io

        from PIL import Image
        from PySide6.QtGui import QImage, QImageReader

        needed = {"jpeg", "png", "webp", "gif", "svg"}
        missing = needed - {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
        if missing:
            raise RuntimeError(f"Qt cannot read {', '.join(sorted(missing))}")
        for kind in ("JPEG", "WEBP", "PNG"):
            data = io.BytesIO()
            Image.new("RGB", (64, 48), (200, 40, 40)).save(data, kind)
            with Image.open(io.BytesIO(data.getvalue())) as decoded:
                decoded.load()
            if QImage.fromData(data.getvalue()).isNull():
                raise RuntimeError(f"Qt cannot decode a {kind} image")
        return f"Qt reads {', '.join(sorted(needed))}; Pillow and Qt decode JPEG, WebP, PNG"

    async def keyring_backend() -> str:
        import keyring

        backend = keyring.get_keyring()
        usable = "fail" not in type(backend).__module__
        return f"{type(backend).__module__}.{type(backend).__name__}" + ("" if usable else " (no keyring)")

    async def translations() -> str:
        from PySide6.QtCore import QCoreApplication

        from veo_desktop.gui.common.language import drop_language, use_language
        from veo_desktop.i18n import translate

        app = QCoreApplication.instance()
        assert app is not None
        installed = use_language(app, "zh_CN")
        try:
            qt_context, qt_text = (
                "QPlatformTheme",
                "Save",
            )  # Qt's own button text (not literal: lupdate skips it)
            words = translate("MainWindow", "Tasks"), translate(qt_context, qt_text)
        finally:
            drop_language(app, installed)
        if len(installed) != 2 or words != ("任务", "保存"):
            raise RuntimeError(f"{len(installed)} of 2 translations loaded: {words}")
        return "Simplified Chinese: ours and Qt's"

    await check("qt-multimedia", multimedia)
    await check("mp4-decode", decode)
    await check("images", images)
    await check("keyring", keyring_backend)
    await check("demo-generation", _demo_generation)
    await check("translations", translations)
    return results


def run_self_test() -> int:
    os.environ["VEO_DESKTOP_HOME"] = tempfile.mkdtemp(prefix="veo-selftest-home-")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        results = runner.run(_checks())
    for name, ok, detail in results:
        print(f"{'ok  ' if ok else 'FAIL'}  {name:<16} {detail}")
    passed = all(ok for _, ok, _ in results)
    print("self-test passed" if passed else "self-test FAILED")
    return 0 if passed else 1
