"""The window (Qt). Importing it first makes PySide6's look at each later import quicker
(:mod:`veo_desktop.gui.common.module_scan`)."""

from veo_desktop.gui.common.module_scan import install as _install_module_scan

_install_module_scan()
