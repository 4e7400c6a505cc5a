"""A storyboard being filmed in the window (issue 29), for docs/storyboard.png: the app in the offline
demo (no key, no cost) on a virtual 1366x768 screen, a lighthouse as the start picture, three shots
written in the Sequence tab's shots box, "Film storyboard…" pressed and its one question answered Yes;
the picture is taken while shot 2 of 3 is being made ("Shot 2 of 3 …" in the tab).
Needs Xvfb (bash .ci/setup).  Run from the repository:  .venv/bin/python docs/storyboard_screenshot.py
SCHEME=light for a desktop set to light (dark by default), as docs/make_screenshot.sh."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/storyboard.png")
SIZE = (1366, 768)
SHOTS = (
    "The camera rises up the lighthouse at dusk",
    "Night falls, the lamp comes on",
    "A storm rolls in, the beam sweeps the rain",
)


def lighthouse(path: Path) -> Path:
    """The start picture: a lighthouse at dusk (drawn as docs/make_screenshot.sh draws it)."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (1280, 853), (40, 70, 110))
    draw = ImageDraw.Draw(picture)
    for y in range(0, 650, 6):
        draw.line([(0, y), (1280, y)], fill=(40 + y // 8, 70 + y // 12, 110 + y // 10))
    draw.rectangle((560, 220, 720, 700), fill=(235, 232, 220))
    draw.rectangle((560, 330, 720, 380), fill=(200, 40, 40))
    draw.polygon([(540, 220), (740, 220), (640, 140)], fill=(200, 40, 40))
    draw.rectangle((600, 160, 680, 220), fill=(90, 90, 90))
    draw.rectangle((0, 650, 1280, 853), fill=(25, 45, 75))
    picture.save(path)
    return path


async def until(done: Callable[[], object], what: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError(f"no {what} after {seconds:.0f} s")
        await asyncio.sleep(0.1)


async def film(picture: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QMessageBox

    from veo_desktop.gui.shell.app import App

    veo = App()
    window = veo.window
    window.move(0, 0)
    window.resize(*SIZE)
    window.show()
    veo.connect(demo=True)  # the offline demo: the built-in emulator, nothing paid
    controller = veo.controller
    controller.images.take_files([picture])  # as `veo-desktop IMAGE` does
    await until(lambda: controller.images.image is not None, "start picture", 30)
    view = window.sequence
    window.tabs.setCurrentWidget(view)
    shots = view.storyboard.shots
    shots.setFocus()
    for number, shot in enumerate(SHOTS):  # typed, one shot per line
        if number:
            QTest.keyClick(shots, Qt.Key.Key_Return)
        QTest.keyClicks(shots, shot)
    QTest.mouseClick(view.storyboard.film, Qt.MouseButton.LeftButton)  # "Film storyboard…"

    def asked() -> bool:
        return window.findChild(QMessageBox, "filmConfirm") is not None

    await until(asked, "confirmation", 30)
    box = window.findChild(QMessageBox, "filmConfirm")
    assert isinstance(box, QMessageBox)
    print(box.text(), file=sys.stderr)
    QTest.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    status = view.storyboard.status
    await until(lambda: status.text().startswith("Shot 2 of 3"), '"Shot 2 of 3"', 120)
    await asyncio.sleep(3)  # shot 2 under way: its row in the list, the time left said
    print(status.text(), file=sys.stderr)
    screen = QGuiApplication.primaryScreen()
    assert screen.grabWindow(0).copy(0, 0, *SIZE).save(str(OUT)), OUT
    print(f"saved {OUT}")
    await controller.shutdown()


def main() -> None:
    work = Path(tempfile.mkdtemp())
    display = os.environ.get("XVFB_DISPLAY", ":78")
    server = shutil.which("Xvfb")
    assert server, "Xvfb is needed: bash .ci/setup"
    xvfb = subprocess.Popen([server, display, "-screen", "0", f"{SIZE[0]}x{SIZE[1]}x24"])
    try:
        time.sleep(1)
        os.environ.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", VEO_DESKTOP_HOME=str(work / "home"))
        for name in ("APIYI_API_KEY", "APIYI_BASE_URL"):
            os.environ.pop(name, None)
        (work / "home" / "config").mkdir(parents=True)
        (work / "home" / "config" / "settings.json").write_text('{"language": "en"}')
        import qasync
        import shiboken6
        from PySide6.QtWidgets import QApplication

        from veo_desktop.gui.common import style
        from veo_desktop.gui.common.language import use_language

        scheme: style.Scheme = "light" if os.environ.get("SCHEME") == "light" else "dark"
        style.system_scheme = lambda: scheme  # what a desktop set to it would answer
        application = QApplication(sys.argv[:1])
        application.setQuitOnLastWindowClosed(False)
        style.apply_style(application)  # as veo-desktop does
        use_language(application, "en")
        picture = lighthouse(work / "lighthouse.png")
        with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(application)) as runner:
            runner.run(film(picture))
        shiboken6.delete(application)  # closed while its display is still there
    finally:
        xvfb.terminate()
        xvfb.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
