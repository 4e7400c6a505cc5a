"""Every name the app makes from a prompt (videos, frames, films, and the provenance ``.json`` beside a
video) is valid on Windows, macOS and Linux at once, and unique in a folder that ignores case: a table of
hostile prompts goes through the real namers, and an independent checker, written from Windows' rules
here, judges each name."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from veo_desktop.core.clips.provenance import sidecar_path
from veo_desktop.core.naming import (
    film_filename,
    frame_filename,
    portable_name,
    unique_path,
    video_filename,
)

HOSTILE_PROMPTS = [
    "CON",
    "aux",
    "aux.mp4",
    "con.txt",
    "Nul",
    "COM1",
    "lpt9.png",
    "COM¹",
    "prn  ",
    'What? <a> "quoted" | piped * starred',
    "a/b\\c:d",
    "ends with a dot.",
    "ends with spaces   ",
    "...",
    ".",
    "      ",
    "",
    "\t\n\r\x00\x1b\x7f control characters",
    "x" * 300,
    "é" * 300,
    "🎬🐉👨‍👩‍👧‍👦" * 60,  # emoji: two UTF-16 units each, a family joined by ZWJ
    "שלום עולם، مرحبا بالعالم",  # right to left
    "gpj\u202e.exe",  # a right-to-left override that would show "exe.jpg"
    "e\u0301" * 200,  # combining accents (NFD), cut between a letter and its mark
    "Z\u0351\u0352\u0353\u0354\u0355" * 40,  # stacked combining marks
    "  Cat  ",
    "CAT",
    "cat",
    "Ǆ ǅ ǆ",  # letters whose case folds in two steps
    "桥上的灯笼在雨中摇晃，镜头慢慢推近" * 12,
]
# Windows' device names, also with any extension and trailing spaces (learn.microsoft.com, "Naming Files,
# Paths, and Namespaces"); Windows 11 also reserves COM and LPT with superscript digits.
WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{device}{digit}" for device in ("COM", "LPT") for digit in "0123456789¹²³"
}
FOLDER_ON_WINDOWS = r"C:\Users\Ana Lucía Fernández\Videos\Veo Desktop"  # a long-ish user folder


def problems(name: str) -> list[str]:
    """Why ``name`` is not one valid file name on Windows, macOS and Linux at once (empty: it is)."""
    found = []
    if not name or name in (".", ".."):
        found.append("empty or a dot name")
    if any(c in '<>:"/\\|?*' or ord(c) < 32 for c in name):
        found.append("a character Windows forbids")
    if name.endswith((" ", ".")):
        found.append("a trailing dot or space")
    if name.split(".")[0].rstrip(" ").upper() in WINDOWS_DEVICES:
        found.append("a Windows device name")
    if len(name.encode("utf-16-le")) // 2 > 255 or len(name.encode("utf-8")) > 255:
        found.append("longer than 255 (UTF-16 units on Windows, UTF-8 bytes on Linux)")
    if len(FOLDER_ON_WINDOWS) + 1 + len(name.encode("utf-16-le")) // 2 >= 260:
        found.append("the whole path is 260 characters or more on Windows")
    if name.startswith("."):
        found.append("hidden on macOS and Linux")
    if any(unicodedata.category(c) == "Cf" and c not in "\u200d" for c in name):
        found.append("an invisible formatting character")
    return found


def folded(path: Path) -> str:
    return unicodedata.normalize("NFC", path.name).casefold()


def test_the_table_is_big_enough() -> None:
    assert len(HOSTILE_PROMPTS) >= 20


@pytest.mark.parametrize("prompt", HOSTILE_PROMPTS)
def test_every_name_made_from_a_hostile_prompt_is_portable(prompt: str) -> None:
    video = video_filename(prompt, "task_abc/../\\CON:123", 1_764_835_200.0)
    names = [
        video,
        sidecar_path(Path(video)).name,
        frame_filename(Path(video), 3.5),
        frame_filename(Path(f"{prompt}.mp4"), 0.0),  # a video the user named
        film_filename(prompt),
        portable_name(prompt),
        portable_name(f"{prompt}.mp4"),
    ]
    for name in names:
        assert problems(name) == [], (prompt, name)
    assert video.endswith(".mp4") and film_filename(prompt).endswith(".mp4")
    assert frame_filename(Path(video), 3.5).endswith("_3.500s.png")


def test_all_of_them_in_one_folder_are_distinct_ignoring_case(tmp_path: Path) -> None:
    """Same time, same task id: names that differ only in case or not at all get -2, -3."""
    made: list[Path] = []
    for kind in ("video", "frame", "film"):
        for prompt in HOSTILE_PROMPTS:
            video = video_filename(prompt, "task_12345678", 1_764_835_200.0)
            name = {
                "video": video,
                "frame": frame_filename(Path(video), 1.0),
                "film": film_filename(prompt),
            }[kind]
            path = unique_path(tmp_path, name)
            assert problems(path.name) == [], path.name
            path.write_bytes(b"")  # the name really is a file on this system too
            made.append(path)
    assert len({folded(path) for path in made}) == len(made) == 3 * len(HOSTILE_PROMPTS)
    assert sorted(tmp_path.iterdir()) == sorted(made)


def test_a_name_taken_in_another_case_is_taken(tmp_path: Path) -> None:
    (tmp_path / "Clip.mp4").write_bytes(b"first")
    assert unique_path(tmp_path, "clip.mp4") == tmp_path / "clip-2.mp4"
    (tmp_path / "CLIP-2.MP4").write_bytes(b"second")
    assert unique_path(tmp_path, "clip.mp4") == tmp_path / "clip-3.mp4"
    assert unique_path(tmp_path / "not yet made", "clip.mp4") == tmp_path / "not yet made" / "clip.mp4"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("aux.mp4", "_aux.mp4"),
        ("CON", "_CON"),
        ("con.tar.gz", "_con.tar.gz"),
        ("clip. . .mp4", "clip.mp4"),
        ('a<b>c:d"e|f?g*h.png', "a_b_c_d_e_f_g_h.png"),
        ("...", "file"),
        ("Harbour at dawn.MP4", "Harbour at dawn.mp4"),
        ("e\u0301.png", "é.png"),  # NFC: one letter, as macOS and Windows compare names
    ],
)
def test_the_rule_itself(name: str, expected: str) -> None:
    assert portable_name(name) == expected


def test_a_cut_keeps_the_suffix_and_never_splits_a_letter_from_its_accent() -> None:
    name = portable_name("Z\u0351\u0352" * 100 + ".mp4", limit=40)
    assert name.endswith(".mp4") and len(name.encode("utf-16-le")) // 2 <= 40
    stem = name.removesuffix(".mp4")
    assert stem and stem.endswith("\u0352") and stem.count("Z") * 3 == len(stem)
    emoji = portable_name("🎬" * 100 + ".png", limit=21)
    assert emoji == "🎬" * 8 + ".png"  # 16 UTF-16 units and the suffix; no half of a surrogate pair
