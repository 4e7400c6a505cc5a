"""The first run (issue 20): with no key the banner speaks plainly (no command-line flags, no keyring
exception) and takes the key right there; saved, the window uses it at once, from the no-key state or
from the offline demo, without a restart."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import fast_config, until
from tests.helpers.gui import running_app
from veo_desktop.core.keystore import ACCOUNT, SERVICE, KeyStore
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.shell.app import App
from veo_desktop.session import Session


class MemoryKeyring:
    """A keyring that works, in memory: what a desktop's Secret Service does, for one test."""

    def __init__(self) -> None:
        self.stored: dict[tuple[str, str], str] = {}

    def get_password(self, service_name: str, username: str) -> str | None:
        return self.stored.get((service_name, username))

    def set_password(self, service_name: str, username: str, password: str) -> None:
        self.stored[(service_name, username)] = password

    def delete_password(self, service_name: str, username: str) -> None:
        self.stored.pop((service_name, username), None)


@pytest.fixture
def service(app_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[EmulatorThread]:
    """The service the window reaches once it has a key (its address as a user's environment sets it)."""
    key = "sk-" + secrets.token_hex(24)
    with EmulatorThread(fast_config(api_key=key), FaultPlan()) as emulator:
        monkeypatch.setenv("APIYI_BASE_URL", emulator.base_url)
        yield emulator


def session_of(veo: App) -> Session | None:
    return veo.controller.session


def plain(text: str) -> bool:
    """Words for a user: no flag, no variable, no exception's detail in brackets."""
    return bool(text) and "--" not in text and "APIYI" not in text and "(" not in text


async def test_the_key_pasted_in_the_banner_is_stored_and_used(qtbot: QtBot, service: EmulatorThread) -> None:
    backend = MemoryKeyring()
    async with running_app(qtbot, None, keys=KeyStore(backend=backend, environ={})) as veo:
        window = veo.window
        veo.connect(demo=False)
        assert window.banner.isVisibleTo(window) and plain(window.banner_text.text())
        assert "offline demo" in window.banner_text.text()
        assert window.banner_key.isVisibleTo(window) and window.demo_button.isVisibleTo(window)
        assert window.banner_key.echoMode() == window.banner_key.EchoMode.Password
        qtbot.keyClicks(window.banner_key, "not a key")
        qtbot.mouseClick(window.banner_save, Qt.MouseButton.LeftButton)
        assert "does not look like an API key" in window.banner_result.text()
        assert backend.stored == {} and veo.controller.session is None
        window.banner_key.clear()
        qtbot.keyClicks(window.banner_key, service.api_key)
        qtbot.mouseClick(window.banner_save, Qt.MouseButton.LeftButton)
        assert backend.stored == {(SERVICE, ACCOUNT): service.api_key}
        assert window.banner_key.text() == ""  # the key leaves the screen
        await until(lambda: veo.controller.session is not None, "the session with the key")
        session = session_of(veo)
        assert session is not None and not session.connection.demo
        assert session.connection.api_key == service.api_key
        assert not window.banner.isVisibleTo(window)
        assert f"Saved sk-…{service.api_key[-4:]}" in window.statusBar().currentMessage()


async def test_from_the_demo_a_pasted_key_switches_to_the_service(
    qtbot: QtBot, service: EmulatorThread
) -> None:
    async with running_app(qtbot, None, keys=KeyStore(backend=MemoryKeyring(), environ={})) as veo:
        window = veo.window
        veo.connect(demo=False)
        qtbot.mouseClick(window.demo_button, Qt.MouseButton.LeftButton)
        assert veo.controller.session is not None and veo.controller.session.connection.demo
        # The demo says what it is, and how to leave it: the key field stays, the demo is not offered.
        assert window.banner.isVisibleTo(window) and plain(window.banner_text.text())
        assert "demo" in window.banner_text.text()
        assert window.banner_key.isVisibleTo(window) and not window.demo_button.isVisibleTo(window)
        qtbot.keyClicks(window.banner_key, service.api_key)
        qtbot.keyClick(window.banner_key, Qt.Key.Key_Return)
        await until(
            lambda: veo.controller.session is not None and not veo.controller.session.connection.demo,
            "the service instead of the demo",
        )
        assert not window.banner.isVisibleTo(window)
        assert window.windowTitle() == "Veo Desktop"


async def test_without_a_keyring_the_banner_says_so_plainly_and_keeps_the_key_for_the_session(
    qtbot: QtBot, service: EmulatorThread, app_home: Path
) -> None:
    keys = KeyStore(backend=keyring.backends.fail.Keyring(), environ={})
    async with running_app(qtbot, None, keys=keys) as veo:
        window = veo.window
        veo.connect(demo=False)
        text = window.banner_text.text()
        assert plain(text) and "no keyring" in text and "No usable keyring" not in text
        qtbot.keyClicks(window.banner_key, service.api_key)
        qtbot.mouseClick(window.banner_save, Qt.MouseButton.LeftButton)
        await until(lambda: veo.controller.session is not None, "the session with the key")
        assert "until the app closes" in window.statusBar().currentMessage()
        assert keys.get().source == "session"
    assert not any(service.api_key.encode() in p.read_bytes() for p in app_home.rglob("*") if p.is_file())
