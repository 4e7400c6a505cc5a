"""Language: every marked string has a Simplified Chinese translation, the compiled file is current, and
a window started in Chinese shows Chinese (ours and Qt's own buttons)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.conftest import until
from tests.helpers.gui import running_app
from veo_desktop import i18n, paths
from veo_desktop.core.keystore import KeyStore
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.common.language import drop_language, use_language

ROOT = Path(__file__).resolve().parents[2]
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


class MemoryKeyring:
    """A keyring with nothing in it, the same on every machine (the real one is tested in test_keys.py)."""

    def __init__(self) -> None:
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service_name: str, username: str) -> str | None:
        return self.saved.get((service_name, username))

    def set_password(self, service_name: str, username: str, password: str) -> None:
        self.saved[(service_name, username)] = password

    def delete_password(self, service_name: str, username: str) -> None:
        self.saved.pop((service_name, username), None)


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    translators = use_language(qapp, "zh_CN")
    assert len(translators) == 2  # ours and Qt's
    yield
    drop_language(qapp, translators)


async def test_a_window_started_in_chinese_shows_chinese(
    qtbot: QtBot, chinese: None, emulator: EmulatorThread, app_home: Path
) -> None:
    async with running_app(qtbot, emulator, keys=KeyStore(MemoryKeyring(), environ={})) as veo:
        window = veo.window
        assert [a.text() for a in window.menuBar().actions()] == ["文件(&F)", "帮助(&H)"]
        assert window.form.generate.text() == "仅用文字生成（无图片）"
        assert window.drop_zone.picture.text().startswith("将图片拖到这里")
        assert window.form.prompt.placeholderText().startswith("描述画面的运动")
        assert window.tabs.tabText(0) == "任务" and window.tabs.tabText(1) == "作品库"
        assert window.form.combos["aspect_ratio"].itemText(0) == "16:9 横屏"
        await until(lambda: window.spend.text().startswith("今日花费 "), "the spend")  # read off this thread
        window.form.prompt.setPlainText("海浪拍打礁石")  # QTest types ASCII only
        qtbot.mouseClick(window.form.generate, Qt.MouseButton.LeftButton)
        await until(lambda: veo.model.rowCount() == 1, "the task")
        await until(
            lambda: "排队中" in str(veo.model.index(0).data(Qt.ItemDataRole.AccessibleTextRole)), "queued"
        )
        assert english_left(window) == []
        window.form.select("resolution", "720p")
        window.form.select("seconds", "4")
        window.form.select("resolution", "1080p")
        window.form.choicesChanged.emit("resolution")
        assert window.form.note.text() == "时长已设为 8 秒：1080p 视频需要 8 秒时长"  # made in api/rules.py
        empty = app_home / "empty.png"
        empty.write_bytes(b"")
        veo.controller.images.take_files([empty])
        await until(
            lambda: "文件是空的" in window.drop_zone.caption.text(), "the refusal, from core/clips/images.py"
        )
        dialog = veo.open_settings()
        assert english_left(dialog) == []
        assert dialog.windowTitle() == "设置"
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None
        assert buttons.button(QDialogButtonBox.StandardButton.Save).text() == "保存"  # Qt's own, in Chinese
        dialog.language.setCurrentIndex(dialog.language.findData("en"))
        qtbot.mouseClick(dialog.save_settings_button, Qt.MouseButton.LeftButton)
        assert json.loads(paths.settings_file().read_text())["language"] == "en"
        dialog.close()


# Words that stay as they are in any language: names, units, formats, keys on the keyboard.
KEEP = re.compile(
    r"Veo Desktop|veo-3\.1[\w.-]*|Veo 3\.1|Fast|Flow|APIYI_API_KEY|https?://[\w./-]+|sk-|Ctrl|Esc|JPEG|PNG|WebP|API|"
    r"\d+(p|k|s|px|MB|KB)\b|English|Chinese \(Simplified\)|&[A-Z]|Aa"  # each language named in English too
)


def english_left(top: QWidget) -> list[str]:
    """Visible texts of ``top`` that still hold English words (after the words every language keeps)."""
    texts: list[str] = []
    for widget in [top, *top.findChildren(QWidget)]:
        if not widget.isVisibleTo(top):
            continue
        texts += [widget.windowTitle(), widget.toolTip(), widget.accessibleName()]
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        if isinstance(widget, QPlainTextEdit | QLineEdit):
            texts.append(widget.placeholderText())
        texts += [action.text() for action in widget.actions()]
    return sorted({t for t in texts if re.search(r"[A-Za-z]{2,}", KEEP.sub("", t))})


def test_without_the_window_the_text_stays_english() -> None:
    i18n.install(None)
    assert i18n.translate("TaskState", "Queued") == "Queued"
