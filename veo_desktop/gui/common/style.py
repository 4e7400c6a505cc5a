"""The window's one look, in one place: a dark and a light palette (the system's setting chooses; dark
where it says nothing, as creators' tools are), the accent that marks the main action (Generate), the
spacing and type scale, and the few colours of meaning (every view that marks trouble uses the same red).
:func:`apply_style` puts the palette on the application once, before the window is shown; the main action,
a section's title and words in a colour of meaning are marked through this module's functions
(:func:`mark_main_action`, :func:`mark_title`, :func:`words_in`), never styled by a widget itself. No
style sheet on the whole application and no style written in Python: either would put every widget's
drawing through Python or Qt's style-sheet engine (measured: the window built in 70 ms instead of 30)."""

from __future__ import annotations

from typing import Final, Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QStyleFactory, QWidget

ERROR_COLOUR: Final = "#d0423b"  # a refusal, a failed task, a setting that cannot be saved
WAIT_COLOUR: Final = "#b36b00"  # the service asked us to wait (429), or cannot be reached

Scheme = Literal["dark", "light"]
ACCENT: Final = "#2f7cf6"  # the main action (Generate), the selection, links
ACCENT_HOVER: Final = "#4a8ff8"
ACCENT_PRESSED: Final = "#2466cf"
ON_ACCENT: Final = "#ffffff"

# One spacing scale, Fusion's own, which every layout gets without asking: 9 px around a group's contents
# (11 around a window's), 6 px between its items; the few margins set by hand use these.
MARGIN: Final = 9
SPACING: Final = 6
# One type scale, in steps above the body text (the system's font and size): a section's title and the
# main action are one step up.
TITLE_STEP: Final = 1.0

_ROLES = QPalette.ColorRole
PALETTES: Final[dict[Scheme, dict[QPalette.ColorRole, str]]] = {
    "dark": {
        _ROLES.Window: "#1e1f22",
        _ROLES.WindowText: "#e6e6e6",
        _ROLES.Base: "#16171a",
        _ROLES.AlternateBase: "#232428",
        _ROLES.Text: "#e6e6e6",
        _ROLES.PlaceholderText: "#8a8d93",
        _ROLES.Button: "#2b2d31",
        _ROLES.ButtonText: "#e6e6e6",
        _ROLES.ToolTipBase: "#2b2d31",
        _ROLES.ToolTipText: "#e6e6e6",
        _ROLES.BrightText: "#ffffff",
        _ROLES.Highlight: ACCENT,
        _ROLES.HighlightedText: ON_ACCENT,
        _ROLES.Link: "#6ea8ff",
        _ROLES.Light: "#3a3c42",
        _ROLES.Midlight: "#303237",
        _ROLES.Mid: "#26282c",
        _ROLES.Dark: "#111214",
        _ROLES.Shadow: "#000000",
    },
    "light": {
        _ROLES.Window: "#f3f4f6",
        _ROLES.WindowText: "#1d1f23",
        _ROLES.Base: "#ffffff",
        _ROLES.AlternateBase: "#f0f1f4",
        _ROLES.Text: "#1d1f23",
        _ROLES.PlaceholderText: "#7b7f87",
        _ROLES.Button: "#e9eaee",
        _ROLES.ButtonText: "#1d1f23",
        _ROLES.ToolTipBase: "#ffffff",
        _ROLES.ToolTipText: "#1d1f23",
        _ROLES.BrightText: "#000000",
        _ROLES.Highlight: ACCENT,
        _ROLES.HighlightedText: ON_ACCENT,
        _ROLES.Link: "#1f5fc4",
        _ROLES.Light: "#ffffff",
        _ROLES.Midlight: "#f7f7f9",
        _ROLES.Mid: "#c9ccd3",
        _ROLES.Dark: "#a3a7b0",
        _ROLES.Shadow: "#5a5d63",
    },
}
# Greyed-out words and controls, per scheme: readable, yet plainly not on offer.
DISABLED_TEXT: Final[dict[Scheme, str]] = {"dark": "#75787e", "light": "#9a9ea6"}

# The main action's one style sheet, on that button alone (a sheet on the application would send every
# widget of the window through Qt's style-sheet engine: about 20 ms more to build the window and 5 ms more
# to paint it, measured).
MAIN_ACTION: Final = f"""
QPushButton {{
    background-color: {ACCENT}; color: {ON_ACCENT}; border: 1px solid {ACCENT_PRESSED};
    border-radius: 4px; padding: 5px 10px; font-weight: 600;
}}
QPushButton:hover {{ background-color: {ACCENT_HOVER}; }}
QPushButton:pressed {{ background-color: {ACCENT_PRESSED}; }}
QPushButton:focus {{ border: 2px solid {ON_ACCENT}; }}
QPushButton:disabled {{
    background-color: {{disabled_back}}; color: {{disabled_text}}; border: 1px solid {{disabled_back}};
}}
"""


def mark_title(label: QLabel) -> QLabel:
    """``label`` is a section's title: a step up the type scale, and bold."""
    font = QFont(label.font())
    body = font.pointSizeF() if font.pointSizeF() > 0 else 9.0
    font.setPointSizeF(body + TITLE_STEP)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


def mark_main_action(button: QPushButton) -> QPushButton:
    """``button`` is the window's main action (Generate): drawn in the accent colour, in either scheme
    (:func:`apply_style` draws it again when the scheme changes)."""
    button.setProperty("role", "main")
    _draw_main_action(button, _current_scheme())
    return button


def words_in(label: QWidget, colour: str | None) -> None:
    """Draw ``label``'s words in ``colour`` (one of the colours of meaning above), or as the window's
    own text again (None)."""
    if colour is None:
        label.setPalette(QPalette())  # nothing of its own: the window's palette again
        return
    palette = QPalette(label.palette())
    palette.setColor(_ROLES.WindowText, QColor(colour))
    label.setPalette(palette)


def _draw_main_action(button: QWidget, scheme: Scheme) -> None:
    sheet = MAIN_ACTION.replace("{disabled_back}", PALETTES[scheme][_ROLES.Button])
    button.setStyleSheet(sheet.replace("{disabled_text}", DISABLED_TEXT[scheme]))


def _current_scheme() -> Scheme:
    app = QApplication.instance()
    return scheme_of(app) if isinstance(app, QApplication) else "dark"


def system_scheme() -> Scheme:
    """The system's light or dark setting; dark where it says nothing (Qt's Unknown)."""
    told = QGuiApplication.styleHints().colorScheme()
    return "light" if told == Qt.ColorScheme.Light else "dark"


def palette(scheme: Scheme) -> QPalette:
    """The whole palette of ``scheme``, greyed-out roles included."""
    result = QPalette()
    for role, colour in PALETTES[scheme].items():
        result.setColor(role, QColor(colour))
    disabled = QColor(DISABLED_TEXT[scheme])
    for role in (_ROLES.WindowText, _ROLES.Text, _ROLES.ButtonText, _ROLES.PlaceholderText):
        result.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    result.setColor(QPalette.ColorGroup.Disabled, _ROLES.Highlight, QColor(PALETTES[scheme][_ROLES.Mid]))
    return result


def apply_style(app: QApplication, scheme: Scheme | None = None) -> Scheme:
    """Put the look on ``app``: Fusion, the palette of ``scheme`` (None: the system's, followed when it
    changes), the main action's accent. Returns the scheme used."""
    chosen = scheme or system_scheme()
    if app.style().name().lower() != "fusion":
        app.setStyle(QStyleFactory.create("Fusion"))
    app.setPalette(palette(chosen))
    for widget in app.allWidgets():
        if widget.property("role") == "main":
            _draw_main_action(widget, chosen)
    if scheme is None and not app.property("veoFollowsScheme"):
        app.setProperty("veoFollowsScheme", True)
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_style(app))
    return chosen


def scheme_of(app: QApplication) -> Scheme:
    """Which of the two palettes ``app`` shows (by its window colour)."""
    window = app.palette().color(_ROLES.Window).name()
    return "dark" if window == PALETTES["dark"][_ROLES.Window] else "light"
