"""Translatable text, without Qt: every layer writes ``translate("Context", "English text")``.

The window installs Qt's translator (:func:`install`); the CLI and the tests without it get the English.
``pyside6-lupdate`` finds these calls by name (``translate`` and ``QT_TRANSLATE_NOOP``), so keep the
context and the text literal, and put values in with ``.format(...)`` after translating.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Translator = Callable[..., str]  # (context, text) or, with a count, (context, text, None, n): Qt's translate


def _english(context: str, text: str) -> str:
    return text


_translator: Translator = _english


_ENDING = re.compile(r"\((\w+)\)")


def english_count(text: str, n: int) -> str:
    """The English words of a counted text: ``%n`` is the count, and an ending in brackets is kept for
    any count but one ("%n clip(s)": "1 clip", "2 clips", "0 clips")."""
    return _ENDING.sub("" if n == 1 else r"\1", text.replace("%n", str(n)))


def translate(context: str, text: str, disambiguation: None = None, n: int | None = None) -> str:
    """``text`` in the window's language; with ``n``, a counted text ("%n clip(s)") in the plural form
    for ``n``. Write counted calls as ``translate("Ctx", "%n clip(s)", None, n)``: ``pyside6-lupdate`` marks
    a call as numerus only with the count as the fourth argument, not as ``n=``."""
    if n is None:
        return _translator(context, text)
    words = _translator(context, text, None, n) if _translator is not _english else text
    if words in (text, text.replace("%n", str(n))):  # no translation: the English rule
        return english_count(text, n)
    return words


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks a table's text for translation where it is defined; ``translate`` it where it is shown."""
    return text


def install(translator: Translator | None) -> None:
    """Use ``translator`` from now on (None: English again)."""
    global _translator
    _translator = translator or _english


# A message kept for later (in the history) is stored as this mark and JSON, and put into words when it
# is read, in the language in force then: the window shows it in Chinese, the command line in English,
# whichever of them wrote it. Text without the mark (the service's own words, or what an earlier release
# stored) is shown as it is.
_MARK = "\u241e"


@dataclass(frozen=True)
class Message:
    """Words to show later: a marked text (``translate``'s context and text) and the values that go
    into it, which may themselves be messages. ``str()`` puts it into words now."""

    context: str
    text: str
    values: tuple[tuple[str, Message | str], ...] = ()

    @classmethod
    def of(cls, context: str, text: str, **values: Message | str | int | float) -> Message:
        return cls(
            context, text, tuple((k, v if isinstance(v, Message) else str(v)) for k, v in values.items())
        )

    @classmethod
    def joined(cls, *parts: Message | str) -> Message:
        """Parts shown one after the other with a space between (empty ones left out); not translated
        as a whole, each part in its own words."""
        kept = [part for part in parts if str(part)]
        text = " ".join(f"{{p{n}}}" for n in range(len(kept)))
        return cls("", text, tuple((f"p{n}", part) for n, part in enumerate(kept)))

    def __str__(self) -> str:
        words = translate(self.context, self.text)
        return words.format(**{key: str(value) for key, value in self.values}) if self.values else words

    def stored(self) -> str:
        return _MARK + json.dumps(self._plain(), ensure_ascii=False, separators=(",", ":"))

    def _plain(self) -> dict[str, Any]:
        values = {k: v._plain() if isinstance(v, Message) else v for k, v in self.values}
        return {"c": self.context, "t": self.text, "v": values}

    @classmethod
    def _from_plain(cls, plain: dict[str, Any]) -> Message:
        values = tuple(
            (str(k), cls._from_plain(v) if isinstance(v, dict) else str(v))
            for k, v in plain.get("v", {}).items()
        )
        return cls(str(plain["c"]), str(plain["t"]), values)


def stored_text(value: Message | str) -> str:
    """What goes into the history for a message (or a plain text, kept as it is)."""
    return value.stored() if isinstance(value, Message) else value


def shown_text(stored: str) -> str:
    """A stored text put into words now: a stored message in the current language, anything else as is
    (a message that cannot be read shows its English text rather than nothing)."""
    if not stored.startswith(_MARK):
        return stored
    try:
        return str(Message._from_plain(json.loads(stored[len(_MARK) :])))
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        return stored[len(_MARK) :]
