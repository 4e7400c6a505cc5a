"""The one look, without a style sheet on the application: Generate in the accent in either scheme (and
greyed out in the scheme's own grey when it cannot be pressed), titles a step up and bold, and words in a
colour of meaning that go back to the window's own colour."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from veo_desktop.gui.common import style


def _drawn(button: QPushButton) -> QColor:
    image = button.grab().toImage()
    return image.pixelColor(6, image.height() // 2)


def test_generate_follows_the_scheme_and_stays_in_the_accent(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    try:
        style.apply_style(app, "dark")
        button = style.mark_main_action(QPushButton("Generate video"))
        qtbot.addWidget(button)
        button.resize(200, 32)
        assert _drawn(button).name() == style.ACCENT
        assert not app.styleSheet(), "no style sheet on the whole application"
        button.setEnabled(False)
        assert _drawn(button).name() == style.PALETTES["dark"][QPalette.ColorRole.Button]
        style.apply_style(app, "light")  # the desktop switched to light while the window is open
        assert _drawn(button).name() == style.PALETTES["light"][QPalette.ColorRole.Button]
        button.setEnabled(True)
        assert _drawn(button).name() == style.ACCENT
    finally:
        app.setPalette(before)


def test_a_title_is_a_step_up_and_bold(qtbot: QtBot) -> None:
    body = QLabel("Prompt")
    title = style.mark_title(QLabel("Prompt"))
    qtbot.addWidget(body)
    qtbot.addWidget(title)
    assert title.font().pointSizeF() == body.font().pointSizeF() + style.TITLE_STEP
    assert title.font().weight() == QFont.Weight.DemiBold


def test_words_in_a_colour_of_meaning_and_back(qtbot: QtBot) -> None:
    label = QLabel("The key was refused")
    qtbot.addWidget(label)
    own = label.palette().color(QPalette.ColorRole.WindowText).name()
    style.words_in(label, style.ERROR_COLOUR)
    assert label.palette().color(QPalette.ColorRole.WindowText).name() == style.ERROR_COLOUR
    style.words_in(label, None)
    assert label.palette().color(QPalette.ColorRole.WindowText).name() == own
