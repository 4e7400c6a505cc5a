"""The window's language: our translation (resources/translations) and Qt's own (standard buttons and
dialogs), installed before any widget is made. English needs no file."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from veo_desktop import i18n, paths
from veo_desktop.i18n import QT_TRANSLATE_NOOP, translate

log = logging.getLogger(__name__)


def translations_dir() -> str:
    return str(paths.resources_dir() / "translations")


def use_language(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the translators for ``language`` (e.g. ``zh_CN``); returns them, for :func:`drop_language`."""
    i18n.install(QCoreApplication.translate)
    installed: list[QTranslator] = []
    if language == "en":
        return installed
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in ((f"veo_desktop_{language}", translations_dir()), (f"qtbase_{language}", qt_dir)):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("no translation %s in %s", name, folder)
    return installed


def drop_language(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
    i18n.install(None)


# A language whose letters most fonts lack: its writing system, and the fonts to prefer for it.
WRITING_SYSTEMS = {"zh_CN": QFontDatabase.WritingSystem.SimplifiedChinese}
PREFERRED_FONTS = {
    "zh_CN": (
        "Noto Sans CJK SC",
        "Source Han Sans SC",
        "Microsoft YaHei",
        "PingFang SC",
        "WenQuanYi Micro Hei",
    )
}
NO_FONT = QT_TRANSLATE_NOOP(
    "Language",
    "Chinese needs a font with Chinese characters, and none is installed, so the window stays in English. "
    "Install one (on Debian or Ubuntu: sudo apt install fonts-noto-cjk), then start Veo Desktop again.",
)


def fonts_for(language: str) -> list[str]:
    """The installed font families that have ``language``'s letters (every one for a Latin language)."""
    system = WRITING_SYSTEMS.get(language)
    return QFontDatabase.families(system) if system is not None else QFontDatabase.families()


def usable_language(language: str) -> str:
    """The language the window can show: ``language`` when some installed font has its letters (the
    window's font then falls back to one that has them), else English, which every font can show (see
    :func:`missing_font_note`): a window of empty boxes would leave no way back to the settings."""
    if language not in WRITING_SYSTEMS:
        return language
    families = fonts_for(language)
    if not families:
        log.warning("no font has the letters of %s: the window stays in English", language)
        return "en"
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        family = app.font().family()
        if WRITING_SYSTEMS[language] not in QFontDatabase.writingSystems(family):
            preferred = [f for f in PREFERRED_FONTS.get(language, ()) if f in families]
            QFont.insertSubstitutions(family, [*preferred, *(f for f in families if f not in preferred)])
    return language


def missing_font_note(language: str) -> str:
    """What to install when no font can show ``language`` ("" when one can)."""
    if language in WRITING_SYSTEMS and not fonts_for(language):
        return translate("Language", NO_FONT)
    return ""
