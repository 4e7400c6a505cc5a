"""Settings that say what they did (issue 20): Test checks the key typed or, with the field empty, the key
in use; Save confirms; a new language offers "Restart now" (which quits and starts the app again as it
was started); each language is named in itself and in English; Chinese gets a font that has its letters,
or the user is told what to install."""

from __future__ import annotations

import asyncio
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tests.conftest import fast_config, until
from tests.gui.test_first_run import MemoryKeyring
from tests.helpers.gui import running_app
from veo_desktop.core.keystore import ACCOUNT, SERVICE, KeyStore
from veo_desktop.core.settings import Settings
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.common import language
from veo_desktop.gui.settings.settings_dialog import SettingsDialog
from veo_desktop.gui.shell import restart
from veo_desktop.gui.shell.app import App, main, parse_args


@pytest.fixture
def service(app_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[EmulatorThread]:
    key = "sk-" + secrets.token_hex(24)
    with EmulatorThread(fast_config(api_key=key), FaultPlan()) as emulator:
        monkeypatch.setenv("APIYI_BASE_URL", emulator.base_url)
        yield emulator


def stored(key: str) -> KeyStore:
    backend = MemoryKeyring()
    backend.set_password(SERVICE, ACCOUNT, key)
    return KeyStore(backend=backend, environ={})


async def test_test_checks_the_typed_key_or_else_the_key_in_use(
    qtbot: QtBot, service: EmulatorThread
) -> None:
    async with running_app(qtbot, None, keys=stored(service.api_key)) as veo:
        dialog = veo.open_settings()
        assert dialog.key_input.text() == ""
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        await until(lambda: "accepted" in dialog.key_result.text(), "the key in use tested")
        assert f"sk-…{service.api_key[-4:]}" in dialog.key_result.text()
        dialog.key_input.setText("sk-not-the-right-key-0000")  # typed: the field wins
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        await until(lambda: "refused" in dialog.key_result.text(), "the typed key tested")
    assert [r.route for r in service.server.received] == ["status", "status"]  # free: no submission


async def test_test_with_no_key_at_all_asks_for_one(qtbot: QtBot, app_home: Path) -> None:
    async with running_app(qtbot, None, keys=KeyStore(backend=MemoryKeyring(), environ={})) as veo:
        dialog = veo.open_settings()
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        assert dialog.key_result.text() == "Paste a key to test it: there is no key in use."


async def test_save_confirms_and_a_refusal_takes_the_confirmation_back(
    qtbot: QtBot, app_home: Path, tmp_path: Path
) -> None:
    async with running_app(qtbot, None, keys=KeyStore(backend=MemoryKeyring(), environ={})) as veo:
        dialog = veo.open_settings()
        assert dialog.settings_saved.text() == ""
        dialog.output_dir.setText(str(tmp_path))
        qtbot.mouseClick(dialog.save_settings_button, Qt.MouseButton.LeftButton)
        assert dialog.settings_saved.text() == "Saved." and dialog.settings_saved.isVisibleTo(dialog)
        assert Settings.load().output_dir == str(tmp_path)
        dialog.output_dir.setText(str(tmp_path / "missing"))
        qtbot.mouseClick(dialog.save_settings_button, Qt.MouseButton.LeftButton)
        assert dialog.settings_saved.text() == "" and "does not exist" in dialog.settings_error.text()


async def test_each_language_is_named_in_itself_and_in_english(qtbot: QtBot, app_home: Path) -> None:
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    names = {dialog.language.itemData(i): dialog.language.itemText(i) for i in range(dialog.language.count())}
    assert names == {"en": "English", "zh_CN": "简体中文 — Chinese (Simplified)"}


def with_fonts(monkeypatch: pytest.MonkeyPatch, families: list[str]) -> None:
    """The fonts installed, as the font database would list those with Chinese letters."""
    monkeypatch.setattr(language, "fonts_for", lambda code: families if code == "zh_CN" else ["Sans"])


async def test_a_new_language_offers_restart_now(
    qtbot: QtBot, app_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_fonts(monkeypatch, ["Noto Sans CJK SC"])
    async with running_app(qtbot, None, keys=KeyStore(backend=MemoryKeyring(), environ={})) as veo:
        dialog = veo.open_settings()
        assert not dialog.restart_button.isVisibleTo(dialog)
        dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
        qtbot.mouseClick(dialog.save_settings_button, Qt.MouseButton.LeftButton)
        assert dialog.restart_button.isVisibleTo(dialog)
        assert "starts again" in dialog.language_note.text()
        dialog.language.setCurrentIndex(dialog.language.findData("en"))  # back to the language in use
        qtbot.mouseClick(dialog.save_settings_button, Qt.MouseButton.LeftButton)
        assert not dialog.restart_button.isVisibleTo(dialog)
        assert dialog.language_note.text() == "The language changes the next time the app starts."


async def test_without_a_chinese_font_settings_say_what_to_install(
    qtbot: QtBot, app_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_fonts(monkeypatch, [])
    async with running_app(qtbot, None, keys=KeyStore(backend=MemoryKeyring(), environ={})) as veo:
        dialog = veo.open_settings()
        dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
        qtbot.mouseClick(dialog.save_settings_button, Qt.MouseButton.LeftButton)
        assert "fonts-noto-cjk" in dialog.language_note.text()
        assert not dialog.restart_button.isVisibleTo(dialog)  # it would only show English again


def test_chinese_falls_back_to_a_font_with_its_letters(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    family = qapp.font().family()
    with_fonts(monkeypatch, ["Some Font", "Noto Sans CJK SC"])
    monkeypatch.setattr(QFontDatabase, "writingSystems", lambda *_args: [QFontDatabase.WritingSystem.Latin])
    try:
        assert language.usable_language("zh_CN") == "zh_CN"
        assert QFont.substitutes(family)[:2] == ["noto sans cjk sc", "some font"]  # the preferred first
    finally:
        QFont.removeSubstitutions(family)
    with_fonts(monkeypatch, [])
    assert language.usable_language("zh_CN") == "en"  # empty boxes would leave no way back
    assert "fonts-noto-cjk" in language.missing_font_note("zh_CN")
    assert language.usable_language("en") == "en" and language.missing_font_note("en") == ""


def test_the_font_check_asks_the_real_font_database(qapp: QApplication) -> None:
    has_chinese = bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    assert (language.missing_font_note("zh_CN") == "") == has_chinese
    assert language.usable_language("zh_CN") == ("zh_CN" if has_chinese else "en")
    QFont.removeSubstitutions(qapp.font().family())


def test_the_restart_command_is_how_the_app_was_started(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "orig_argv", ["/usr/bin/python3", "-m", "veo_desktop", "--demo"])
    assert restart.restart_command() == (sys.executable, ["-m", "veo_desktop", "--demo"])
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # a PyInstaller bundle
    monkeypatch.setattr(sys, "executable", "/opt/Veo Desktop/veo-desktop")
    monkeypatch.setattr(sys, "argv", ["/opt/Veo Desktop/veo-desktop", "photo.png"])
    assert restart.restart_command() == ("/opt/Veo Desktop/veo-desktop", ["photo.png"])


def requested(veo: App) -> bool:
    return veo.restart_requested


class Starter:
    """Stands in for QProcess: what would have been started."""

    started: ClassVar[list[tuple[str, list[str], str]]] = []

    @classmethod
    def startDetached(cls, program: str, arguments: list[str], folder: str) -> tuple[bool, int]:
        cls.started.append((program, arguments, folder))
        return True, 4242


async def test_restart_now_quits_and_starts_the_app_again(
    qtbot: QtBot, app_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_fonts(monkeypatch, ["Noto Sans CJK SC"])
    Starter.started = []
    monkeypatch.setattr(restart, "QProcess", Starter)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    veo = App(keys=KeyStore(backend=MemoryKeyring(), environ={}))
    veo.window.show()
    running = asyncio.ensure_future(main(app, parse_args([]), veo.settings, veo))
    await until(lambda: veo.controller.form.no_session_reason != "", "the window up, with no key")
    dialog = veo.open_settings()
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    qtbot.mouseClick(dialog.save_settings_button, Qt.MouseButton.LeftButton)
    assert Starter.started == []
    qtbot.mouseClick(dialog.restart_button, Qt.MouseButton.LeftButton)
    assert await asyncio.wait_for(running, 30) == 0
    assert not veo.window.isVisible()
    assert Starter.started == [(*restart.restart_command(), str(Path.cwd()))]  # once the window closed


async def test_keep_working_in_the_quit_box_cancels_the_restart(
    qtbot: QtBot, app_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_fonts(monkeypatch, ["Noto Sans CJK SC"])
    Starter.started = []
    monkeypatch.setattr(restart, "QProcess", Starter)
    async with running_app(qtbot, None, keys=KeyStore(backend=MemoryKeyring(), environ={})) as veo:
        monkeypatch.setattr(veo.window, "running_note", lambda: "A video is still being made.")
        dialog = veo.open_settings()
        dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
        qtbot.mouseClick(dialog.save_settings_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.restart_button, Qt.MouseButton.LeftButton)
        box = veo.window.findChild(QMessageBox, "quitWhileRunning")
        assert box is not None and requested(veo)
        [keep] = [b for b in box.buttons() if b.text() == "Keep working"]
        keep.click()
        assert veo.window.isVisible() and not requested(veo)
    assert Starter.started == []
