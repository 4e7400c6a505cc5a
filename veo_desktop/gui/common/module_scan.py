"""A quicker answer to the question PySide6 asks of every module imported after it.

PySide6 looks at each newly imported module to learn whether it uses PySide6 (for its optional
``__feature__`` switches, which this app does not use): it reads the module's source through
``inspect.getsource``, that is through ``linecache`` and ``tokenize``, line by line. At start-up that
is about 300 modules, and it cost 45 ms of the window's start (medians of 6 on this machine: the
first paint's imports 107 → 94 ms, the rest of the app's 199 → 167 ms). :func:`install` gives the same
answer (is the text "PySide6" in the module's source file?) by reading the file's bytes once.

It replaces a private function of ``shibokensupport``; when a PySide6 release has no such function,
nothing is replaced and the import behaves as before.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType


def uses_pyside(module: ModuleType) -> bool:
    """Whether ``module``'s source file says "PySide6"; a module without one (built in, compiled,
    frozen, or in an archive) does not, as PySide6 itself decides when it finds no source."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        return b"PySide6" in Path(path).read_bytes()
    except OSError:
        return False


def install() -> bool:
    """Use :func:`uses_pyside` from now on. True: it is in place (False: this PySide6 asks otherwise)."""
    import PySide6.QtCore  # noqa: F401  (loads shibokensupport)

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    own = getattr(feature, "_mod_uses_pyside")  # noqa: B009  (a private name mypy does not know)
    if own is not uses_pyside:
        setattr(feature, "_pyside_own_scan", own)  # noqa: B010  (kept: the test compares the two)
        setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010
    return True
