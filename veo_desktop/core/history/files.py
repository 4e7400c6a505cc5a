"""The history's schema version read straight from its files, as SQLite would see it, without SQLite.

A history written by a newer release must be refused before anything touches it, and a SQLite connection
does touch it: it creates ``-wal`` and ``-shm`` beside the file, and the last one to close folds the
journal into the file. So the version is read from the file header (``PRAGMA user_version`` is the
4 bytes at offset 60) and from the newest committed copy of the first page in the write-ahead journal,
whose format is documented at https://www.sqlite.org/walformat.html: a 32-byte header (magic
0x377f0682 or 0x377f0683, format 3007000, page size, checkpoint number, two salts, a checksum), then
frames of a 24-byte header (page number, database size after a commit or 0, the salts, a cumulative
checksum) and one page. SQLite reads frames up to the first whose salts or checksum do not match, and
uses them up to the last commit among those.
"""

from __future__ import annotations

import struct
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
USER_VERSION = slice(60, 64)
WAL_MAGICS = (0x377F0682, 0x377F0683)  # checksums over little-endian words, over big-endian ones
WAL_FORMAT = 3007000
WAL_HEADER = 32
FRAME_HEADER = 24


def journal_of(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def schema_version(path: Path) -> int:
    """The ``user_version`` the next reader of ``path`` would see; 0 for a missing, empty or unrecognised
    file (SQLite itself then says whether it is damaged)."""
    head = _read(path, 100)
    if not _valid_header(head):
        return 0
    found = _user_version(head)
    page = _committed_first_page(_read(journal_of(path)), found)
    return found if page is None else _user_version(page)


def _read(path: Path, size: int = -1) -> bytes:
    """The file's first ``size`` bytes (all with -1); nothing when it cannot be read (SQLite then says)."""
    try:
        with path.open("rb") as file:
            return file.read(size)
    except OSError:
        return b""


def _valid_header(head: bytes) -> bool:
    """The fixed parts of a database header hold what the format says they must (garbage after the
    magic string would otherwise pass for a schema version)."""
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        return False
    page_size = int.from_bytes(head[16:18], "big")
    sizes_ok = page_size == 1 or (512 <= page_size <= 32768 and not page_size & (page_size - 1))
    return sizes_ok and head[18] in (1, 2) and head[19] in (1, 2) and head[21:24] == b"\x40\x20\x20"


def _user_version(page: bytes) -> int:
    return int.from_bytes(page[USER_VERSION], "big", signed=True)  # SQLite's is a signed 32-bit number


def _committed_first_page(journal: bytes, in_file: int) -> bytes | None:
    """The newest committed copy of page 1 in ``journal``, or None when it holds none. The checksums
    (slow in Python) are only followed when a copy of page 1 there says another version than the file."""
    header = _wal_header(journal)
    if header is None:
        return None
    page_size, salts, big_endian = header
    frame = FRAME_HEADER + page_size
    offsets = range(WAL_HEADER, len(journal) - frame + 1, frame)
    candidates = [
        at
        for at in offsets
        if journal[at : at + 4] == b"\x00\x00\x00\x01" and journal[at + 8 : at + 16] == salts
    ]
    if all(_user_version(journal[at + FRAME_HEADER :]) == in_file for at in candidates):
        return None
    sums = _checksum(journal[:24], big_endian, (0, 0))
    newest: bytes | None = None
    committed: bytes | None = None
    for at in offsets:
        number, commit_size = struct.unpack(">II", journal[at : at + 8])
        if journal[at + 8 : at + 16] != salts:
            break
        sums = _checksum(
            journal[at + FRAME_HEADER : at + frame],
            big_endian,
            _checksum(journal[at : at + 8], big_endian, sums),
        )
        if struct.unpack(">II", journal[at + 16 : at + 24]) != sums:
            break
        if number == 1:
            newest = journal[at + FRAME_HEADER : at + frame]
        if commit_size:
            committed = newest
    return committed


def _wal_header(journal: bytes) -> tuple[int, bytes, bool] | None:
    """Page size, salts and checksum byte order of a valid journal header; None for anything else."""
    if len(journal) < WAL_HEADER:
        return None
    magic, version, page_size = struct.unpack(">III", journal[:12])
    page_size = 65536 if page_size == 1 else page_size
    if magic not in WAL_MAGICS or version != WAL_FORMAT or page_size < 512 or page_size & (page_size - 1):
        return None
    big_endian = bool(magic & 1)
    if struct.unpack(">II", journal[24:32]) != _checksum(journal[:24], big_endian, (0, 0)):
        return None
    return page_size, journal[16:24], big_endian


def _checksum(data: bytes, big_endian: bool, sums: tuple[int, int]) -> tuple[int, int]:
    """SQLite's journal checksum: two running 32-bit sums over pairs of words."""
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    first, second = sums
    for index in range(0, len(words), 2):
        first = (first + words[index] + second) & 0xFFFFFFFF
        second = (second + words[index + 1] + first) & 0xFFFFFFFF
    return first, second
