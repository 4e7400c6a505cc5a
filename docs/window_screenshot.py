"""``veo-desktop`` as a desktop set to light or dark shows it (docs/make_screenshot.sh, SCHEME=light or
SCHEME=dark): a virtual display has no desktop to say which, so the app would take its dark default; the
script says it in the desktop's place, and the window is otherwise the app's own, with the same arguments
(the picture, ``--end-frame``)."""

from __future__ import annotations

import os
import sys

from veo_desktop.gui.common import style
from veo_desktop.main import main

if __name__ == "__main__":
    told = os.environ.get("SCHEME", "dark")
    scheme: style.Scheme = "light" if told == "light" else "dark"
    style.system_scheme = lambda: scheme  # what a desktop set to it would answer
    sys.exit(main(sys.argv[1:]))
