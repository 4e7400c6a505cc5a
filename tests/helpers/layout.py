"""Measuring the window's layout as a user would meet it, in a child process (the screen's size and scale
are fixed when Qt starts): the window opened with a start and an end frame, Advanced open, the no-key
banner shown, then every visible control checked against its minimum size and against the others.

Run as ``python -m tests.helpers.layout '{"size": [900, 600]}'`` (``"end_frame": false``: a model that
takes no end frame, its panel empty and saying why); it prints one line, ``LAYOUT {json}``,
with the screen, the window's frame and the problems found (none is the only good answer).
``{"first_run": true, "picture": [w, h]}`` measures instead what a new user sees (:func:`first_run`):
the start frame's zone, the player, whether Generate shows whole, the look. The app's style is applied
as ``veo-desktop`` applies it (``"scheme"``: as if the system said light or dark)."""

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


def seen(window: Any) -> dict[str, Any]:
    """What a person sees of the main parts, in window pixels: the start frame's zone and the player's
    picture (their visible sizes), whether Generate shows whole without scrolling, and how the frames'
    row is arranged (its direction and the two panels' widths)."""
    zone = visible_rect(window.drop_zone, window)
    player = visible_rect(window.preview.stack, window)
    generate = window.form.generate
    shown = visible_rect(generate, window)
    column = window.left_column
    return {
        "start_zone": [zone.width(), zone.height()],
        "player": [player.width(), player.height()],
        "generate_whole": generate.isVisible()
        and shown.size() == generate.size()
        and column.verticalScrollBar().value() == 0,
        "frames_row": [_rect(window.drop_zone, window), _rect(window.end_panel, window)],
    }


def _rect(widget: QWidget, window: QWidget) -> list[int]:
    corner = widget.mapTo(window, QPoint(0, 0))
    return [corner.x(), corner.y(), widget.width(), widget.height()]


async def first_run(spec: dict[str, Any]) -> dict[str, Any]:
    """The window a new user meets: its first size (or ``size``), the no-key banner, the default model
    and one picture (``picture``: its width and height) in the start frame; what they see of it, before
    and after the texts under the form change (a long reason, a long note)."""
    from PIL import Image

    from tests.conftest import until
    from veo_desktop.gui.shell.app import App
    from veo_desktop.gui.shell.key_banner import no_key_text

    width, height = spec.get("picture", [1024, 768])
    picture = Path(tempfile.mkdtemp()) / "lighthouse.png"
    Image.new("RGB", (width, height), (40, 70, 110)).save(picture)
    veo = App()
    window = veo.window
    window.show()
    await settle()
    if spec.get("size"):
        window.resize(*spec["size"])
    window.show_no_key(no_key_text(True))
    veo.controller.images.take_files([picture])
    await until(lambda: window.drop_zone.view.isVisible(), "the picture")
    await settle()
    screen = window.screen().availableGeometry()
    result: dict[str, Any] = {
        "screen": [screen.width(), screen.height()],
        "size": [window.width(), window.height()],
        "frame": [window.frameGeometry().width(), window.frameGeometry().height()],
        "seen": seen(window),
        "problems": layout_problems(window),
    }
    if spec.get("screenshot"):
        window.grab().save(spec["screenshot"])
    # The look: the system's setting, the palette shown, and Generate's colour as drawn (enabled).
    from veo_desktop.gui.common.style import scheme_of

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    result["system_scheme"] = app.styleHints().colorScheme().name
    result["scheme"] = scheme_of(app)
    form = window.form
    form.show_generate(enabled=True, label="Generate video", reason="")
    await settle()
    image = form.generate.grab().toImage()
    result["generate_colour"] = image.pixelColor(6, image.height() // 2).name()
    result["window_colour"] = window.palette().color(window.backgroundRole()).name()
    long = "A long reason that takes several lines in a narrow column, " * 4
    window.form.show_note(long)
    window.form.show_why_not(long, enabled=False)
    window.end_panel.show_verdict(False, long, "Veo 3.1 Fast · Flow — $0.15")
    await settle()
    result["seen_after_text"] = seen(window)
    window.close()
    await veo.controller.shutdown()
    return result


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
    from veo_desktop.gui.common.style import apply_style

    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    apply_style(app, spec.get("scheme"))  # as veo-desktop does before its window is shown
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        result = runner.run(first_run(spec) if spec.get("first_run") else measure(spec))
    print(MARK + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
