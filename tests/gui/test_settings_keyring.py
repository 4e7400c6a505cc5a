"""Settings without a system keyring, and a key typed in Settings (issue 28): the dialog says in plain
words that there is no keyring and what that means (the key is kept for this session only), never an
exception's text or a package's name; a key typed in its field is kept when Save is pressed."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel
from pytestqt.qtbot import QtBot

from tests.conftest import fast_config, until
from tests.gui.test_first_run import MemoryKeyring
from tests.helpers.gui import running_app
from veo_desktop.core.keystore import ACCOUNT, SERVICE, KeyStore
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.settings.settings_dialog import SettingsDialog

# What a keyring library's exception says (keyring's fail backend), none of which a user should read.
RAW = ("keyrings.alt", "No recommended backend", "pypi.org", "3rd party", "No usable keyring", "Keyring")


@pytest.fixture
def service(app_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[EmulatorThread]:
    key = "sk-" + secrets.token_hex(24)
    with EmulatorThread(fast_config(api_key=key), FaultPlan()) as emulator:
        monkeypatch.setenv("APIYI_BASE_URL", emulator.base_url)
        yield emulator


def shown(dialog: SettingsDialog) -> str:
    """Every word the dialog shows: its labels and buttons, with their tooltips."""
    labels: list[QLabel | QAbstractButton] = [*dialog.findChildren(QLabel)]
    labels += dialog.findChildren(QAbstractButton)
    return "\n".join(f"{w.text()} {w.toolTip()}" for w in labels if w.isVisibleTo(dialog))


def no_raw_words(text: str) -> bool:
    return not any(raw in text for raw in RAW) and "Error" not in text


async def test_without_a_keyring_settings_says_so_plainly_and_keeps_the_key_for_the_session(
    qtbot: QtBot, service: EmulatorThread, app_home: Path
) -> None:
    keys = KeyStore(backend=keyring.backends.fail.Keyring(), environ={})
    async with running_app(qtbot, None, keys=keys) as veo:
        veo.connect(demo=False)
        dialog = veo.open_settings()
        said = dialog.key_result.text()
        assert "system keyring is not available" in said and "this session only" in said
        assert no_raw_words(shown(dialog)), shown(dialog)
        dialog.key_input.setText(service.api_key)
        qtbot.mouseClick(dialog.save_key_button, Qt.MouseButton.LeftButton)
        await until(lambda: veo.controller.session is not None, "the session with the key")
        assert keys.get().source == "session"
        assert "this session only" in dialog.key_result.text()
        assert "for this session only" in dialog.key_status.text()
        assert no_raw_words(shown(dialog)), shown(dialog)
        qtbot.mouseClick(dialog.delete_key_button, Qt.MouseButton.LeftButton)
        assert "system keyring is not available" in dialog.key_result.text()
        assert no_raw_words(shown(dialog)), shown(dialog)
    assert not any(service.api_key.encode() in p.read_bytes() for p in app_home.rglob("*") if p.is_file())


async def test_a_key_typed_in_settings_is_kept_on_save(qtbot: QtBot, service: EmulatorThread) -> None:
    backend = MemoryKeyring()
    async with running_app(qtbot, None, keys=KeyStore(backend=backend, environ={})) as veo:
        veo.connect(demo=False)
        dialog = veo.open_settings()
        dialog.key_input.setText(service.api_key)
        qtbot.mouseClick(dialog.save_settings_button, Qt.MouseButton.LeftButton)
        assert backend.get_password(SERVICE, ACCOUNT) == service.api_key
        await until(lambda: veo.controller.session is not None, "the session with the saved key")
        assert dialog.key_input.text() == ""
        assert f"sk-…{service.api_key[-4:]}" in dialog.key_status.text()
        assert dialog.settings_saved.text() == "Saved."


async def test_without_a_keyring_a_key_typed_in_settings_is_kept_for_the_session_on_save(
    qtbot: QtBot, service: EmulatorThread
) -> None:
    keys = KeyStore(backend=keyring.backends.fail.Keyring(), environ={})
    async with running_app(qtbot, None, keys=keys) as veo:
        veo.connect(demo=False)
        dialog = veo.open_settings()
        dialog.key_input.setText(service.api_key)
        qtbot.mouseClick(dialog.save_settings_button, Qt.MouseButton.LeftButton)
        await until(lambda: veo.controller.session is not None, "the session with the typed key")
        assert keys.get().source == "session"
        assert "this session only" in dialog.key_result.text()
        assert no_raw_words(shown(dialog)), shown(dialog)
