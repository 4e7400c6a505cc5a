"""PySide6's look at each imported module (does it use PySide6?) answered from the file's bytes: the
same answers as PySide6's own reading of the source, for every kind of module the app imports."""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

import pytest

import veo_desktop.gui  # noqa: F401  (puts the quicker look in place)
from veo_desktop.gui.common import module_scan
from veo_desktop.gui.common.module_scan import uses_pyside


def _pyside_own() -> Callable[[ModuleType], bool]:
    feature = sys.modules["shibokensupport.feature"]
    own: Callable[[ModuleType], bool] = getattr(feature, "_pyside_own_scan")  # noqa: B009
    return own


def test_it_is_in_place() -> None:
    feature = sys.modules["shibokensupport.feature"]
    assert getattr(feature, "_mod_uses_pyside") is uses_pyside  # noqa: B009
    assert module_scan.install(), "installing again says it is in place and changes nothing"
    assert getattr(feature, "_pyside_own_scan") is not uses_pyside  # noqa: B009


@pytest.mark.parametrize(
    "name",
    [
        "veo_desktop.gui.common.style",  # ours, with PySide6
        "veo_desktop.core.naming",  # ours, without
        "veo_desktop.gui.common.module_scan",  # says "PySide6" only in its words: PySide6 counts that too
        "json",  # the standard library, a package
        "sys",  # built in
        "_sqlite3",  # compiled
        "PySide6.QtCore",  # compiled, PySide6's own
        "shiboken6",  # a package of PySide6
    ],
)
def test_the_answers_are_pyside6s_own(name: str) -> None:
    __import__(name)
    module = sys.modules[name]
    assert uses_pyside(module) == _pyside_own()(module), name


def test_a_module_whose_file_is_gone_does_not_use_pyside6() -> None:
    module = ModuleType("gone")
    module.__file__ = "/nonexistent/folder/gone.py"
    assert uses_pyside(module) is False
    assert _pyside_own()(module) is False
