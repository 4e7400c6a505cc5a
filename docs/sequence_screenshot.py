"""The window as a creator leaves it after chaining clips (docs/make_screenshot.sh, SEQUENCE=1): the newest
clip's chain in the Sequence tab (what "Sequence its chain" on its row does), playing in the preview
(what "Play sequence" does), and that clip continued (what "Continue from here" does): its last frame is
the start frame and the prompt waits for the next shot. The history is the one the script's
command-line runs made; the key and address come from the environment, as for the app."""

from __future__ import annotations

import asyncio
import sys

import qasync
from PySide6.QtWidgets import QApplication

from veo_desktop.core.settings import Settings
from veo_desktop.gui.common.language import use_language
from veo_desktop.gui.common.style import apply_style
from veo_desktop.gui.shell.app import App


async def main(app: QApplication) -> None:
    closed = asyncio.Event()
    app.lastWindowClosed.connect(closed.set)
    veo = App()
    veo.window.show()
    veo.connect(demo=False)
    controller = veo.controller
    assert controller.session is not None, "no session: set APIYI_API_KEY and APIYI_BASE_URL"
    newest = controller.session.manager.finished(1)[0]
    controller.clip_action("sequence_chain", newest)  # its row's menu: "Sequence its chain"
    controller.sequence.play()  # "Play sequence"
    controller.clip_action("continue", newest)  # "Continue from here"
    await closed.wait()
    await controller.shutdown()


if __name__ == "__main__":
    application = QApplication(sys.argv[:1])
    application.setQuitOnLastWindowClosed(False)
    apply_style(application)  # as veo-desktop does
    use_language(application, Settings.load().language)
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(application)) as runner:
        runner.run(main(application))
