"""Veo Desktop: turn one still image into a short video with Google Veo 3.1."""

import sys

__version__ = "0.1.0"
APP_NAME = "Veo Desktop"

# httpx imports its own command-line tool (click, rich and pygments: about 65 ms at every start) whenever
# those happen to be installed, as they are beside the development tools; the app never runs it. A None
# here makes that one import fail, and httpx then defines its stand-in (``httpx.main`` says to install
# ``httpx[cli]``). Set only while httpx is not yet imported: it changes nothing for a program that has it.
if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
