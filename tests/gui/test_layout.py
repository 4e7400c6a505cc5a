"""The window at any size (issue 20): with a start and an end frame loaded, Advanced open and the no-key
banner shown, at 900x600 and on a 1600x1000 screen at 150 % and 200 %, no visible control is smaller
than its minimum size, none covers another, and the first window fits the screen; so does Settings after
the keyring failed. Each screen is a child process (Qt fixes the screen and the scale when it starts), on
the offscreen platform and on a real X server (Xvfb), and a size saved on a larger screen is restored to
fit a smaller one."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.helpers.display import xvfb
from tests.helpers.gui import running_app
from tests.helpers.layout import MARK
from veo_desktop.gui.common.window_fit import fits_on_screen

ROOT = Path(__file__).resolve().parents[2]
# name: (screen width, height, scale, the window resized to this size or None for its first size)
CASES: dict[str, tuple[int, int, float, tuple[int, int] | None]] = {
    "900x600": (1600, 1000, 1, (900, 600)),
    "900x600, no end frame": (1600, 1000, 1, (900, 600)),
    "150% on 1600x1000": (1600, 1000, 1.5, None),
    "200% on 1600x1000": (1600, 1000, 2, None),
    "first size on 1920x1080": (1920, 1080, 1, None),
}
XVFB_CASES = ("900x600", "150% on 1600x1000", "200% on 1600x1000")  # on a real X server too


def measure(platform: str, case: str, home: Path) -> dict[str, Any]:
    width, height, scale, size = CASES[case]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("APIYI_", "QT_"))}
    env.update(VEO_DESKTOP_HOME=str(home), QT_SCALE_FACTOR=str(scale), PYTHONPATH=str(ROOT))
    spec = json.dumps({"size": list(size) if size else None, "end_frame": "no end frame" not in case})
    command = [sys.executable, "-m", "tests.helpers.layout", spec]
    with contextlib.ExitStack() as stack:
        if platform == "offscreen":
            screens = home / "screens.json"
            home.mkdir(parents=True, exist_ok=True)
            screens.write_text(
                json.dumps(
                    {
                        "screens": [
                            {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height, "dpr": 1}
                        ]
                    }
                )
            )
            env["QT_QPA_PLATFORM"] = f"offscreen:configfile={screens}"
        else:
            env["QT_QPA_PLATFORM"] = "xcb"
            env["DISPLAY"] = stack.enter_context(xvfb(width, height))
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    lines = [line for line in done.stdout.splitlines() if line.startswith(MARK)]
    assert done.returncode == 0 and lines, f"the layout probe failed:\n{done.stdout}\n{done.stderr}"
    result: dict[str, Any] = json.loads(lines[-1][len(MARK) :])
    return result


@pytest.mark.parametrize(
    ("platform", "case"),
    [("offscreen", case) for case in CASES] + [("xvfb", case) for case in XVFB_CASES],
)
def test_nothing_squeezed_or_covered(platform: str, case: str, tmp_path: Path) -> None:
    result = measure(platform, case, tmp_path / "home")
    width, height, scale, size = CASES[case]
    screen_w, screen_h = result["screen"]
    assert (screen_w, screen_h) == (round(width / scale), round(height / scale)), result
    x, y, frame_w, frame_h = result["first_frame"]
    assert x >= 0 and y >= 0 and x + frame_w <= screen_w and y + frame_h <= screen_h, (
        f"the first window {result['first_frame']} does not fit the screen {result['screen']}"
    )
    if size is not None:
        assert result["size"] == list(size), "the window could not take the size asked for"
    else:
        assert result["size"] == result["first_size"]
    x, y, frame_w, frame_h = result["dialog_frame"]
    assert frame_w <= screen_w and frame_h <= screen_h, "Settings is larger than the screen"
    assert result["problems"] == [], "\n".join(result["problems"])


async def test_a_size_saved_on_a_larger_screen_is_restored_to_fit(qtbot: QtBot) -> None:
    """The tests' screen is 1920x1080: a window left at 2600x1500 (a larger screen, another scale) comes
    back on it whole, and the first window fits it too."""
    async with running_app(qtbot, None) as veo:
        assert fits_on_screen(veo.window), veo.window.frameGeometry()
        veo.window.setGeometry(200, 150, 2600, 1500)
        veo.window.close()  # the size and place are saved as the window closes
    async with running_app(qtbot, None) as veo:
        available = veo.window.screen().availableGeometry()
        assert veo.window.width() <= available.width() and veo.window.height() <= available.height()
        assert fits_on_screen(veo.window), (veo.window.frameGeometry(), available)
