"""Measuring the window's layout as a user would meet it, in a child process (the screen's size and scale
are fixed when Qt starts): the window opened with a start and an end frame, Advanced open, the no-key
banner shown, then every visible control checked against its minimum size and against the others.

Run as ``python -m tests.helpers.layout '{"size": [900, 600]}'`` (``"end_frame": false``: a model that
takes no end frame, its panel empty and saying why); it prints one line, ``LAYOUT {json}``,
with the screen, the window's frame and the problems found (none is the only good answer)."""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QSizePolicy,
    QWidget,
)

MARK = "LAYOUT "


def smart_min_size(widget: QWidget) -> QSize:
    """The smallest size a layout gives ``widget`` (Qt's qSmartMinSize): its minimum size where one is
    set, else its minimum size hint (its size hint if it may not shrink); nothing for an Ignored policy."""
    policy = widget.sizePolicy()
    hint, min_hint, explicit = widget.sizeHint(), widget.minimumSizeHint(), widget.minimumSize()

    def one(kind: QSizePolicy.Policy, hint_v: int, min_hint_v: int, explicit_v: int) -> int:
        value = 0
        if kind != QSizePolicy.Policy.Ignored:
            value = (
                min_hint_v
                if kind.value & QSizePolicy.PolicyFlag.ShrinkFlag.value
                else max(hint_v, min_hint_v)
            )
        return explicit_v if explicit_v > 0 else max(value, 0)

    return QSize(
        one(policy.horizontalPolicy(), hint.width(), min_hint.width(), explicit.width()),
        one(policy.verticalPolicy(), hint.height(), min_hint.height(), explicit.height()),
    )


def _internal(widget: QWidget) -> bool:
    """Parts Qt manages inside a control (a text box's viewport, a list's scroll bars, the text box in
    a combo or a spin box); what a scroll area scrolls is the app's own."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox)):
            return True
        if isinstance(parent, QAbstractScrollArea) and not _inside_content(widget, parent):
            return True
        parent = parent.parentWidget()
    return False


def _inside_content(widget: QWidget, area: QAbstractScrollArea) -> bool:
    """Whether ``widget`` is (inside) the content a QScrollArea scrolls: the app's own controls."""
    content = getattr(area, "widget", lambda: None)()
    return content is not None and (widget is content or content.isAncestorOf(widget))


def _name(widget: QWidget) -> str:
    name = widget.objectName() or (widget.text()[:20] if isinstance(widget, QLabel) else "")
    return f"{type(widget).__name__}({name})"


def visible_rect(widget: QWidget, window: QWidget) -> QRect:
    """Where ``widget`` shows in ``window``: its rectangle mapped to the window, cut by every parent."""
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        rect = rect.intersected(QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return rect.intersected(window.rect())


def layout_problems(window: QWidget) -> list[str]:
    """Every visible control smaller than its minimum (or a wrapped text cut short), and every two
    visible controls that cover each other, as sentences."""
    widgets = [
        w
        for w in window.findChildren(QWidget)
        if w.isVisible() and w.window() is window and not _internal(w) and visible_rect(w, window).isValid()
    ]
    problems = []
    for widget in widgets:
        need = smart_min_size(widget)
        if widget.width() < need.width() or widget.height() < need.height():
            problems.append(
                f"{_name(widget)} is {widget.width()}x{widget.height()}, needs {need.width()}x{need.height()}"
            )
        if isinstance(widget, QLabel) and widget.wordWrap() and widget.text():
            tall = widget.heightForWidth(widget.width())
            if widget.height() < tall:
                problems.append(f"{_name(widget)} is {widget.height()} px high, its text needs {tall}")
    rects = {id(w): visible_rect(w, window) for w in widgets}
    for i, first in enumerate(widgets):
        for second in widgets[i + 1 :]:
            if first.isAncestorOf(second) or second.isAncestorOf(first):
                continue
            common = rects[id(first)].intersected(rects[id(second)])
            if common.isValid() and not common.isEmpty():
                problems.append(
                    f"{_name(first)} and {_name(second)} overlap at {common.x()},{common.y()} "
                    f"({common.width()}x{common.height()})"
                )
    return problems


async def settle() -> None:
    """Let the loop run the layout requests that are posted (processEvents inside a coroutine would
    run other tasks inside this one)."""
    for _ in range(5):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        await asyncio.sleep(0.02)


async def measure(spec: dict[str, Any]) -> dict[str, Any]:
    from PIL import Image

    from tests.conftest import until
    from veo_desktop.api import rules
    from veo_desktop.gui.settings.settings_dialog import SettingsDialog
    from veo_desktop.gui.shell.app import App

    folder = Path(tempfile.mkdtemp())
    start, end = folder / "lighthouse.png", folder / "night.png"
    Image.new("RGB", (1280, 853), (40, 70, 110)).save(start)  # 3:2: the framing choices show
    Image.new("RGB", (1280, 853), (10, 16, 45)).save(end)
    veo = App()
    window = veo.window
    first = window.size()
    window.show()
    await settle()
    first_frame = window.frameGeometry()
    if spec.get("size"):
        window.resize(*spec["size"])
    window.show_no_key(
        "No API key yet. Add your key to make videos, or try the offline demo: it costs nothing and "
        "needs no account."
    )
    form = window.form
    combo = form.combos["model"]
    both = spec.get("end_frame", True)  # else a model that takes none: the panel says why, offers a switch
    model = rules.CHOICES["Veo 3.1 Fast · Flow"] if both else rules.DEFAULT_MODEL
    combo.setCurrentIndex(combo.findData(model, Qt.ItemDataRole.UserRole))
    veo.controller.images.take_files([start])
    if both:
        veo.controller.end_images.take_files([end])
    await until(lambda: veo.controller.frames.given == (True, both), "the frames")
    form.advanced_toggle.setChecked(True)
    await settle()
    await until(
        lambda: window.drop_zone.view.isVisible() and window.end_zone.view.isVisible() == both, "the pictures"
    )
    await settle()
    screen = window.screen()
    result: dict[str, Any] = {
        "screen": [screen.availableGeometry().width(), screen.availableGeometry().height()],
        "scale": screen.devicePixelRatio(),
        "first_size": [first.width(), first.height()],
        "first_frame": [first_frame.x(), first_frame.y(), first_frame.width(), first_frame.height()],
        "size": [window.width(), window.height()],
        "problems": layout_problems(window),
    }
    # Settings after the keyring failed: a long red reason under the key, the session-only button.
    dialog = SettingsDialog(window)
    dialog.show()
    await settle()
    dialog.show_key_result(
        "The system keyring cannot be reached (org.freedesktop.DBus.Error.ServiceUnknown: The name "
        "org.freedesktop.secrets was not provided by any .service files). You can use the key for this "
        "session only.",
        ok=False,
    )
    dialog.offer_session_key(True)
    dialog.show_settings_error(
        "The output folder /home/someone/Videos/Veo Desktop/a folder that cannot be written cannot be "
        "written: permission denied. Choose another folder."
    )
    await settle()
    dialog_frame = dialog.frameGeometry()
    result["dialog_frame"] = [dialog_frame.x(), dialog_frame.y(), dialog_frame.width(), dialog_frame.height()]
    result["problems"] += [f"Settings: {problem}" for problem in layout_problems(dialog)]
    dialog.close()
    window.close()
    await veo.controller.shutdown()
    return result


def main(argv: list[str]) -> int:
    import qasync

    spec = json.loads(argv[0]) if argv else {}
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        result = runner.run(measure(spec))
    print(MARK + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
