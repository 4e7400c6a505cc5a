"""The API key: a real Secret Service (gnome-keyring, started by .ci/test), no keyring at all, and proof
that no file the app writes ever holds the key."""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import fast_config, until
from tests.helpers.cli import cli_env, command, run_cli
from tests.helpers.gui import attach, generate, running_app
from veo_desktop.core.keystore import ACCOUNT, SERVICE, KeyStore
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.shell.request_log import RequestLogDialog

# The real keyring of the system: gnome-keyring in a private D-Bus session on Linux (.ci/test starts it),
# the Windows Credential Manager, the macOS login keychain (the CI workflow sets VEO_TEST_KEYRING there).
needs_secret_service = pytest.mark.skipif(
    not os.environ.get("VEO_TEST_KEYRING"),
    reason="no keyring for tests here: run through .ci/test (Linux: it starts gnome-keyring), or set "
    "VEO_TEST_KEYRING=1 where the system has its own (Windows Credential Manager, macOS Keychain)",
)


def realistic_key() -> str:
    return "sk-" + secrets.token_hex(24)  # made at run time: no key-shaped text in the sources


@pytest.fixture
def keyed_emulator() -> Iterator[EmulatorThread]:
    with EmulatorThread(fast_config(api_key=realistic_key()), FaultPlan()) as emulator:
        yield emulator


@pytest.fixture
def clean_keyring() -> Iterator[None]:
    with contextlib.suppress(keyring.errors.PasswordDeleteError):
        keyring.delete_password(SERVICE, ACCOUNT)
    yield
    with contextlib.suppress(keyring.errors.PasswordDeleteError):
        keyring.delete_password(SERVICE, ACCOUNT)


def files_holding(folder: Path, needle: str) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and needle.encode() in p.read_bytes()]


@needs_secret_service
def test_the_key_round_trips_through_the_real_secret_service(clean_keyring: None) -> None:
    assert type(keyring.get_keyring()).__name__ == "Keyring"
    assert keyring.get_keyring().__module__ == "keyring.backends.SecretService"
    store = KeyStore(environ={})
    key = realistic_key()
    assert store.get().key is None
    store.set(key)
    found = store.get()
    assert (found.key, found.source) == (key, "keyring")
    assert KeyStore(environ={"APIYI_API_KEY": "sk-from-the-environment"}).get().source == "environment"
    assert store.delete() is True
    assert store.get().key is None and store.delete() is False


@needs_secret_service
def test_cli_key_set_status_use_and_delete(
    clean_keyring: None, keyed_emulator: EmulatorThread, app_home: Path
) -> None:
    env = cli_env(app_home, APIYI_BASE_URL=keyed_emulator.base_url)
    key = keyed_emulator.api_key
    stored = subprocess.run(command("key", "set"), input=key + "\n", env=env, capture_output=True, text=True)
    assert stored.returncode == 0, stored.stderr
    assert key not in stored.stdout and key[-4:] in stored.stdout
    assert keyring.get_password(SERVICE, ACCOUNT) == key
    status = run_cli("key", "status", env=env)
    assert status.stdout.strip() == f"Using the key sk-…{key[-4:]} from the OS keyring."
    made = run_cli("generate", "--prompt", "with the stored key", "--poll-interval", "0.05", env=env)
    assert made.returncode == 0, made.stderr
    assert keyed_emulator.server.submissions[0].headers["authorization"] == f"Bearer {key}"
    assert run_cli("key", "delete", env=env).returncode == 0
    assert keyring.get_password(SERVICE, ACCOUNT) is None
    assert files_holding(app_home, key) == []


def test_without_a_keyring_the_cli_says_so_and_writes_no_copy(app_home: Path) -> None:
    env = cli_env(app_home, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    key = realistic_key()
    stored = subprocess.run(command("key", "set"), input=key, env=env, capture_output=True, text=True)
    assert stored.returncode == 2
    assert "No usable keyring on this computer" in stored.stderr
    assert "gnome-keyring" in stored.stderr and "APIYI_API_KEY" in stored.stderr
    assert "Traceback" not in stored.stderr
    status = run_cli("key", "status", env=env)
    assert "No usable keyring" in status.stdout
    assert not app_home.exists() or files_holding(app_home, key) == []


async def test_without_a_keyring_the_window_offers_a_session_key(
    qtbot: QtBot, keyed_emulator: EmulatorThread, app_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIYI_BASE_URL", keyed_emulator.base_url)
    keys = KeyStore(backend=keyring.backends.fail.Keyring(), environ={})
    async with running_app(qtbot, None, keys=keys) as veo:
        veo.connect(demo=False)
        assert "no keyring" in veo.window.banner_text.text()  # in plain words: the detail is in Settings
        dialog = veo.open_settings()
        dialog.key_input.setText(keyed_emulator.api_key)
        qtbot.mouseClick(dialog.save_key_button, Qt.MouseButton.LeftButton)
        # Plain words (issue 28): no keyring, so the key is kept for this session only, at once.
        assert "system keyring is not available" in dialog.key_result.text()
        assert "No usable keyring" not in dialog.key_result.text()
        await until(lambda: veo.controller.session is not None, "the session with the key")
        assert "for this session only" in dialog.key_status.text()
        assert not veo.window.banner.isVisibleTo(veo.window)
    assert files_holding(app_home, keyed_emulator.api_key) == []


@needs_secret_service
async def test_settings_dialog_tests_saves_and_deletes_the_key(
    qtbot: QtBot,
    clean_keyring: None,
    keyed_emulator: EmulatorThread,
    app_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("APIYI_BASE_URL", keyed_emulator.base_url)
    async with running_app(qtbot, None, keys=KeyStore(environ={})) as veo:
        veo.connect(demo=False)
        dialog = veo.open_settings()
        assert dialog.key_status.text().startswith("No key yet")
        dialog.key_input.setText("sk-not-the-right-key-0000")
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        await until(lambda: "refused" in dialog.key_result.text(), "the refusal")
        dialog.key_input.setText(keyed_emulator.api_key)
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        await until(lambda: "accepted" in dialog.key_result.text(), "the test")
        assert [r.route for r in keyed_emulator.server.received] == ["status", "status"]  # no submission
        qtbot.mouseClick(dialog.save_key_button, Qt.MouseButton.LeftButton)
        assert keyring.get_password(SERVICE, ACCOUNT) == keyed_emulator.api_key
        assert dialog.key_input.text() == ""
        assert keyed_emulator.api_key not in dialog.key_status.text()
        assert dialog.key_status.text().endswith(f"{keyed_emulator.api_key[-4:]} from your system keyring.")
        await until(lambda: veo.controller.session is not None, "the session")
        qtbot.mouseClick(dialog.delete_key_button, Qt.MouseButton.LeftButton)
        assert keyring.get_password(SERVICE, ACCOUNT) is None
        await until(lambda: veo.controller.session is None, "the session to close")
        assert veo.window.banner.isVisibleTo(veo.window)


async def test_settings_refuse_bad_values_with_a_message(
    qtbot: QtBot, app_home: Path, tmp_path: Path
) -> None:
    async with running_app(qtbot, None, keys=KeyStore(environ={})) as veo:
        dialog = veo.open_settings()
        dialog.base_url.setCurrentText("http://api.example.com/v1")
        qtbot.mouseClick(dialog.save_settings_button, Qt.MouseButton.LeftButton)
        assert "Refusing to send your API key over plain http://" in dialog.settings_error.text()
        dialog.base_url.setCurrentText("https://vip.apiyi.com/v1")
        dialog.output_dir.setText(str(tmp_path / "missing"))
        qtbot.mouseClick(dialog.save_settings_button, Qt.MouseButton.LeftButton)
        assert dialog.settings_error.text() == f"Output folder: {tmp_path / 'missing'} does not exist"
        assert not (app_home / "config" / "settings.json").exists()
        dialog.output_dir.setText(str(tmp_path))
        qtbot.mouseClick(dialog.save_settings_button, Qt.MouseButton.LeftButton)
        assert dialog.settings_error.text() == ""
        saved = (app_home / "config" / "settings.json").read_text()
        assert '"base_url": "https://vip.apiyi.com/v1"' in saved and str(tmp_path) in saved


async def test_no_file_the_app_writes_holds_the_key(
    qtbot: QtBot, keyed_emulator: EmulatorThread, app_home: Path, photo: Path
) -> None:
    """A full session: the window generates, the CLI generates, a wrong key is refused; then every file
    under the app's home (settings, history, logs, window state, videos) is scanned for the key."""
    from veo_desktop.logs import setup_logging

    key = keyed_emulator.api_key
    setup_logging()
    keys = KeyStore(environ={"APIYI_API_KEY": key})
    async with running_app(qtbot, None, keys=keys) as veo:
        attach(veo, keyed_emulator)
        await generate(qtbot, veo, photo, "leak check")
        await until(lambda: veo.model.rowCount() and veo.model.record_at(0).state == "completed", "the video")
        veo.window.close()
    env = cli_env(app_home, keyed_emulator)
    made = run_cli("generate", "--prompt", "cli leak check", "--poll-interval", "0.05", env=env)
    assert made.returncode == 0
    wrong = run_cli("status", "task_x", env={**env, "APIYI_API_KEY": key[:-4] + "zzzz"})
    assert wrong.returncode == 3 and key[:-4] not in wrong.stderr
    written = [p for p in app_home.rglob("*") if p.is_file()]
    assert {p.suffix for p in written} >= {".sqlite3", ".log", ".mp4", ".ini"}
    assert files_holding(app_home, key) == []
    log = "".join(p.read_text(encoding="utf-8") for p in (app_home / "logs").glob("veo-desktop-*.log"))
    assert f"sk-…{key[-4:]}" in log


async def test_a_service_message_that_echoes_the_key_is_shown_masked(
    qtbot: QtBot, keyed_emulator: EmulatorThread, app_home: Path, photo: Path
) -> None:
    key = keyed_emulator.api_key
    echo = f'{{"error": {{"message": "key {key} may not use this model", "code": "model_denied"}}}}'
    keyed_emulator.server.faults.add("answer", "submit", status=400, body=echo.encode())
    async with running_app(qtbot, None, keys=KeyStore(environ={})) as veo:
        attach(veo, keyed_emulator)
        await generate(qtbot, veo, photo, "echo check")
        await until(lambda: veo.model.rowCount() and veo.model.record_at(0).state == "rejected", "a refusal")
        shown = [veo.window.statusBar().currentMessage(), veo.model.record_at(0).last_error]
        veo.window.close()
    assert all(key not in text and key[:-4] not in text for text in shown), shown
    assert all(f"key sk-…{key[-4:]} may not use this model" in text for text in shown), shown
    assert files_holding(app_home, key) == []


async def test_the_request_log_lists_requests_with_the_key_masked(
    qtbot: QtBot, keyed_emulator: EmulatorThread, photo: Path
) -> None:
    from PySide6.QtGui import QGuiApplication

    key = keyed_emulator.api_key
    async with running_app(qtbot, None, keys=KeyStore(environ={})) as veo:
        attach(veo, keyed_emulator)
        await generate(qtbot, veo, photo, "for the log")
        await until(lambda: veo.model.rowCount() and veo.model.record_at(0).state == "completed", "the video")
        task_id = veo.model.record_at(0).task_id
        veo.window.request_log_action.trigger()
        dialog = veo.window.findChild(RequestLogDialog, "requestLogDialog")
        assert isinstance(dialog, RequestLogDialog) and dialog.isVisible()
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
        copied = QGuiApplication.clipboard().text()
        dialog.close()
        veo.window.close()
    lines = copied.splitlines()
    assert lines[0].endswith(f"key sk-…{key[-4:]}") and key[:-4] not in copied
    assert any("  POST  /videos  200  " in line for line in lines)
    assert any(f"  GET  /videos/{task_id}  200  " in line for line in lines)
    assert any(f"  GET  /videos/{task_id}/content  200  " in line for line in lines)
