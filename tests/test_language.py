"""Language: every marked string has a Simplified Chinese translation, the compiled file is current, and
a window started in Chinese shows Chinese (ours and Qt's own buttons)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from tests.conftest import until
from tests.gui_helpers import running_app
from veo_desktop import i18n, paths
from veo_desktop.core.keystore import KeyStore
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.language import drop_language, use_language

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "veo_desktop_zh_CN.ts"
TOOLS = Path(sys.executable).parent


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found[(name, message.findtext("source", ""))] = translation
    return found


def test_every_string_in_the_code_has_a_finished_chinese_translation(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    shutil.copy(TS, fresh)
    sources = sorted(str(p) for p in (ROOT / "veo_desktop").rglob("*.py"))
    subprocess.run(
        [TOOLS / "pyside6-lupdate", *sources, "-locations", "none", "-ts", str(fresh)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    found = messages(fresh)
    assert len(found) > 150
    unfinished = [key for key, t in found.items() if t.get("type") in ("unfinished", "vanished", "obsolete")]
    assert unfinished == [], "run pyside6-lupdate and translate these in resources/translations"
    assert set(found) == set(messages(TS)), "resources/translations/veo_desktop_zh_CN.ts is out of date"
    for (_context, source), translation in found.items():
        placeholders = sorted(part.split("}")[0] for part in source.split("{")[1:])
        text = translation.text or ""
        assert placeholders == sorted(part.split("}")[0] for part in text.split("{")[1:]), source


def test_the_compiled_translation_matches_its_source(tmp_path: Path) -> None:
    built = tmp_path / "built.qm"
    subprocess.run(
        [TOOLS / "pyside6-lrelease", str(TS), "-qm", str(built)], check=True, capture_output=True, timeout=60
    )
    assert built.read_bytes() == TS.with_suffix(".qm").read_bytes(), "run pyside6-lrelease on the .ts"


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    translators = use_language(qapp, "zh_CN")
    assert len(translators) == 2  # ours and Qt's
    yield
    drop_language(qapp, translators)


async def test_a_window_started_in_chinese_shows_chinese(
    qtbot: QtBot, chinese: None, emulator: EmulatorThread, app_home: Path
) -> None:
    async with running_app(qtbot, emulator, keys=KeyStore(environ={})) as veo:
        window = veo.window
        assert [a.text() for a in window.menuBar().actions()] == ["文件(&F)", "帮助(&H)"]
        assert window.form.generate.text() == "仅用文字生成（无图片）"
        assert window.drop_zone.picture.text().startswith("将图片拖到这里")
        assert window.form.prompt.placeholderText().startswith("描述画面的运动")
        assert window.tabs.tabText(0) == "任务" and window.tabs.tabText(1) == "作品库"
        assert window.form.combos["aspect_ratio"].itemText(0) == "16:9 横屏"
        assert window.spend.text().startswith("今日花费 ")
        window.form.prompt.setPlainText("海浪拍打礁石")  # QTest types ASCII only
        qtbot.mouseClick(window.form.generate, Qt.MouseButton.LeftButton)
        await until(lambda: veo.model.rowCount() == 1, "the task")
        await until(
            lambda: "排队中" in str(veo.model.index(0).data(Qt.ItemDataRole.AccessibleTextRole)), "queued"
        )
        dialog = veo.open_settings()
        assert dialog.windowTitle() == "设置"
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None
        assert buttons.button(QDialogButtonBox.StandardButton.Save).text() == "保存"  # Qt's own, in Chinese
        dialog.language.setCurrentIndex(dialog.language.findData("en"))
        qtbot.mouseClick(dialog.save_settings_button, Qt.MouseButton.LeftButton)
        assert json.loads(paths.settings_file().read_text())["language"] == "en"
        dialog.close()


def test_without_the_window_the_text_stays_english() -> None:
    i18n.install(None)
    assert i18n.translate("TaskState", "Queued") == "Queued"
