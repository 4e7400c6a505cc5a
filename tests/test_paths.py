"""The app's folders come from platformdirs; ``VEO_DESKTOP_HOME`` still holds everything when set, and on
Linux the folders are the ones earlier releases wrote by hand, so an existing user's history is found."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from veo_desktop import paths


def test_the_home_override_holds_everything(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VEO_DESKTOP_HOME", str(tmp_path))
    assert paths.data_dir() == tmp_path
    assert paths.history_db() == tmp_path / "history.sqlite3"
    assert paths.config_dir() == tmp_path / "config"
    assert paths.settings_file() == tmp_path / "config" / "settings.json"
    assert paths.log_dir() == tmp_path / "logs"
    assert paths.locks_dir() == tmp_path / "locks"
    assert paths.default_output_dir() == tmp_path / "videos"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG folders of earlier releases")
def test_linux_keeps_the_folders_of_earlier_releases(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("VEO_DESKTOP_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.delenv(name, raising=False)
    assert paths.data_dir() == tmp_path / ".local" / "share" / "veo-desktop"
    assert paths.config_dir() == tmp_path / ".config" / "veo-desktop"
    assert paths.default_output_dir() == tmp_path / "Videos" / "Veo Desktop"

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "conf"))
    assert paths.data_dir() == tmp_path / "data" / "veo-desktop"
    assert paths.config_dir() == tmp_path / "conf" / "veo-desktop"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="user-dirs.dirs is the XDG videos folder")
def test_linux_videos_follow_user_dirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("VEO_DESKTOP_HOME", raising=False)
    monkeypatch.delenv("XDG_VIDEOS_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "conf"))
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "user-dirs.dirs").write_text('XDG_VIDEOS_DIR="$HOME/Filme"\n', encoding="utf-8")
    assert paths.default_output_dir() == tmp_path / "Filme" / "Veo Desktop"


@pytest.mark.skipif(sys.platform != "darwin", reason="macOS keeps videos in Movies")
def test_macos_videos_go_to_movies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VEO_DESKTOP_HOME", raising=False)
    assert paths.default_output_dir() == Path.home() / "Movies" / "Veo Desktop"
    assert paths.data_dir() == Path.home() / "Library" / "Application Support" / "Veo Desktop"


@pytest.mark.skipif(sys.platform != "win32", reason="Windows' own folders")
def test_windows_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VEO_DESKTOP_HOME", raising=False)
    assert paths.data_dir().name == "Veo Desktop"
    assert paths.data_dir().parent.name.lower() == "local"  # %LOCALAPPDATA%, not the roaming profile
    assert paths.default_output_dir().name == "Veo Desktop"
