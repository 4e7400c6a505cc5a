"""The window's language: our translation (resources/translations) and Qt's own (standard buttons and
dialogs), installed before any widget is made. English needs no file."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from veo_desktop import i18n, paths

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
