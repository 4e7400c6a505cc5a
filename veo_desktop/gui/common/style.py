"""The window's one look, in one place: a dark and a light palette (the system's setting chooses; dark
where it says nothing, as creators' tools are), the accent that marks the main action (Generate), one
spacing scale for every layout, and the few colours of meaning (every view that marks trouble uses the
same red). :func:`apply_style` puts it on the application once, before the window is shown; no widget
sets a colour of its own."""

from __future__ import annotations

from typing import Final, Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QProxyStyle, QStyle, QStyleFactory, QStyleOption, QWidget

ERROR_COLOUR: Final = "#d0423b"  # a refusal, a failed task, a setting that cannot be saved
ERROR_STYLE: Final = f"color: {ERROR_COLOUR};"
WAIT_COLOUR: Final = "#b36b00"  # the service asked us to wait (429), or cannot be reached
WAIT_STYLE: Final = f"color: {WAIT_COLOUR};"

Scheme = Literal["dark", "light"]
ACCENT: Final = "#2f7cf6"  # the main action (Generate), the selection, links
ACCENT_HOVER: Final = "#4a8ff8"
ACCENT_PRESSED: Final = "#2466cf"
ON_ACCENT: Final = "#ffffff"

# One spacing scale: every layout's margins and the room between its items.
MARGIN: Final = 8
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

# The only style sheet: the sections' titles a step up the type scale, bold, and the main action bold
# in the accent colour (selected by a role or an object name: no widget styles itself).
MAIN_ACTION: Final = f"""
QLabel[role="title"] {{ font-weight: 600; font-size: {{title_size}}pt; }}
QPushButton#generateButton {{
    background-color: {ACCENT}; color: {ON_ACCENT}; border: 1px solid {ACCENT_PRESSED};
    border-radius: 4px; padding: 5px 10px; font-weight: 600;
}}
QPushButton#generateButton:hover {{ background-color: {ACCENT_HOVER}; }}
QPushButton#generateButton:pressed {{ background-color: {ACCENT_PRESSED}; }}
QPushButton#generateButton:focus {{ border: 2px solid {ON_ACCENT}; }}
QPushButton#generateButton:disabled {{
    background-color: {{disabled_back}}; color: {{disabled_text}}; border: 1px solid {{disabled_back}};
}}
"""


def mark_title(label: QLabel) -> QLabel:
    """``label`` is a section's title: drawn a step up the type scale (by the style sheet above)."""
    label.setProperty("role", "title")
    return label


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


class _Spacing(QProxyStyle):
    """Fusion with the one spacing scale for every layout."""

    def pixelMetric(
        self, metric: QStyle.PixelMetric, option: QStyleOption | None = None, widget: QWidget | None = None
    ) -> int:
        margins = (
            QStyle.PixelMetric.PM_LayoutLeftMargin,
            QStyle.PixelMetric.PM_LayoutTopMargin,
            QStyle.PixelMetric.PM_LayoutRightMargin,
            QStyle.PixelMetric.PM_LayoutBottomMargin,
        )
        if metric in margins:
            return MARGIN
        if metric in (
            QStyle.PixelMetric.PM_LayoutHorizontalSpacing,
            QStyle.PixelMetric.PM_LayoutVerticalSpacing,
        ):
            return SPACING
        return super().pixelMetric(metric, option, widget)


def apply_style(app: QApplication, scheme: Scheme | None = None) -> Scheme:
    """Put the look on ``app``: Fusion with the spacing scale, the palette of ``scheme`` (None: the
    system's, followed when it changes), the main action's accent. Returns the scheme used."""
    chosen = scheme or system_scheme()
    if not isinstance(app.style(), _Spacing):
        base = QStyleFactory.create("Fusion")
        app.setStyle(_Spacing(base))
    app.setPalette(palette(chosen))
    back = PALETTES[chosen][_ROLES.Button]
    body = app.font().pointSizeF() if app.font().pointSizeF() > 0 else 9.0
    sheet = MAIN_ACTION.replace("{disabled_back}", back).replace("{disabled_text}", DISABLED_TEXT[chosen])
    app.setStyleSheet(sheet.replace("{title_size}", f"{body + TITLE_STEP:g}"))
    if scheme is None and not app.property("veoFollowsScheme"):
        app.setProperty("veoFollowsScheme", True)
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_style(app))
    return chosen


def scheme_of(app: QApplication) -> Scheme:
    """Which of the two palettes ``app`` shows (by its window colour)."""
    window = app.palette().color(_ROLES.Window).name()
    return "dark" if window == PALETTES["dark"][_ROLES.Window] else "light"
