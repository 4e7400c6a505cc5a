"""Translatable text, without Qt: every layer writes ``translate("Context", "English text")``.

The window installs Qt's translator (:func:`install`); the CLI and the tests without it get the English.
``pyside6-lupdate`` finds these calls by name (``translate`` and ``QT_TRANSLATE_NOOP``), so keep the
context and the text literal, and put values in with ``.format(...)`` after translating.
"""

from __future__ import annotations

from collections.abc import Callable

Translator = Callable[[str, str], str]


def _english(context: str, text: str) -> str:
    return text


_translator: Translator = _english


def translate(context: str, text: str) -> str:
    return _translator(context, text)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks a table's text for translation where it is defined; ``translate`` it where it is shown."""
    return text


def install(translator: Translator | None) -> None:
    """Use ``translator`` from now on (None: English again)."""
    global _translator
    _translator = translator or _english
