"""Counted words read right for one and for many, in English and through an installed translator."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from veo_desktop import i18n
from veo_desktop.i18n import english_count, translate


@pytest.fixture(autouse=True)
def _english_again() -> Iterator[None]:
    yield
    i18n.install(None)


@pytest.mark.parametrize(("n", "expected"), [(0, "0 clips"), (1, "1 clip"), (2, "2 clips"), (21, "21 clips")])
def test_english_rule_picks_singular_for_one(n: int, expected: str) -> None:
    assert translate("Tasks", "%n clip(s)", None, n) == expected


def test_english_rule_keeps_other_words() -> None:
    assert english_count("%n second(s) left", 1) == "1 second left"
    assert english_count("%n task(s) running", 3) == "3 tasks running"


def test_untranslated_counted_text_from_qt_gets_the_english_rule() -> None:
    # Qt's translate without a translation gives the source back with %n filled in
    i18n.install(lambda c, t, d=None, n=-1: t.replace("%n", str(n)))
    assert translate("Tasks", "%n clip(s)", None, 1) == "1 clip"


def test_installed_translator_gets_the_count() -> None:
    seen: list[object] = []

    def chinese(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
        seen.append((context, text, disambiguation, n))
        return f"{n} 个片段"

    i18n.install(chinese)
    assert translate("Tasks", "%n clip(s)", None, 1) == "1 个片段"
    assert seen == [("Tasks", "%n clip(s)", None, 1)]
    assert translate("Tasks", "Ready") == "-1 个片段"  # no count: called with two arguments
    assert seen[-1] == ("Tasks", "Ready", None, -1)


def test_every_counted_text_is_found_by_the_translation_tool() -> None:
    """``pyside6-lupdate`` finds a counted call only when its count is a plain name (not ``len(x)`` or
    ``film.shots``): every one in the code is written so, or it would never be translated."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "veo_desktop"
    counted = 0
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "translate"
                and len(node.args) == 4
            ):
                counted += 1
                assert isinstance(node.args[3], ast.Name), f"{path.name}:{node.lineno}: name the count"
    assert counted >= 8
