"""The real ``veo-desktop`` window in a child process, watched while it starts (tests/gui/test_start_press).

Run as ``python -m tests.helpers.start_probe``. It prints lines ``PROBE {json}``, each with what the form
shows and whether Generate can be pressed: one at the first paint (``"at": "painted"``), one as the
session waits for the history (``"opening"``: another program may hold it, and the window waits for it
there), then one every 100 ms once the window runs its event loop again (``"running"``)."""

from __future__ import annotations

import json
import sys
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from tests.helpers.probe_mark import MARK
from veo_desktop.gui.shell.main_window import MainWindow  # as light as the launch: it paints the same window


def report(window: MainWindow, at: str, messages: list[str]) -> None:
    form = window.form
    centre = form.generate.mapToGlobal(form.generate.rect().center())
    state: dict[str, Any] = {
        "at": at,
        "window": int(window.winId()),
        "width": window.width(),
        "list": window.empty_list.text(),
        "prompt": form.prompt_text(),
        "model": form.value("model"),
        "resolution": form.value("resolution"),
        "generate_enabled": form.generate.isEnabled(),
        "generate_reason": form.why_not.text(),
        "generate_at": [centre.x(), centre.y()],
        "rows": window.task_list.model().rowCount(),
        "messages": messages,
        "submitting": False,
    }
    if at == "running":  # the controllers exist by now (importing them earlier would slow the paint)
        from veo_desktop.gui.composer.form_controller import FormController

        controller = window.findChild(FormController)
        state["submitting"] = controller is not None and controller.submitting
    print(MARK + json.dumps(state), flush=True)


def main() -> int:
    import veo_desktop.gui.shell.launch as launch

    wait_painted = launch.wait_painted

    def painted_first(widget: QWidget, deadline_ms: int = launch.PAINT_DEADLINE_MS) -> bool:
        painted = wait_painted(widget, deadline_ms)
        assert isinstance(widget, MainWindow)
        messages: list[str] = []  # what the status bar said, in order
        widget.statusBar().messageChanged.connect(lambda text: messages.append(text) if text else None)
        report(widget, "painted", messages)
        from veo_desktop.core.history.store import HistoryStore
        from veo_desktop.opening import EarlyOpen

        history = EarlyOpen.history

        async def opening(early: EarlyOpen) -> HistoryStore:  # the window waits for the history here
            report(widget, "opening", messages)
            return await history(early)

        EarlyOpen.history = opening  # type: ignore[method-assign,assignment]
        ticker = QTimer(widget)  # fires only once the event loop runs again (after the session opened)
        ticker.setInterval(100)
        ticker.timeout.connect(lambda: report(widget, "running", messages))
        ticker.start()
        return painted

    launch.wait_painted = painted_first
    from veo_desktop.main import main as veo_desktop

    return veo_desktop([])


if __name__ == "__main__":
    sys.exit(main())
