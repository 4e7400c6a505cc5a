"""Opening a history that is not as it was left. A history this release must not touch (written by a newer
release, held by another program) is refused and stays byte for byte as it was; a damaged one is moved
aside with every task that can still be read copied out; a journal lost after a kill is reported, never
silently replaced by an older state; and a data folder that cannot be written is said in one line.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tests.conftest import until
from tests.helpers.cli import KILLED, cli_env, command, run_cli
from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.history.errors import (
    HistoryCorrupt,
    HistoryLocked,
    HistoryNotice,
    HistoryTooNew,
    JournalLost,
)
from veo_desktop.core.history.files import schema_version
from veo_desktop.core.history.schema import MIGRATIONS
from veo_desktop.core.history.store import SCHEMA_VERSION, HistoryStore, TaskRecord
from veo_desktop.core.settings import Settings
from veo_desktop.gui.shell.app import main, parse_args

WAL_HEADER, FRAME_HEADER = 32, 24


def add_tasks(path: Path, count: int, *, prompt_size: int = 20) -> list[TaskRecord]:
    """``count`` tasks written through the store itself, closed cleanly (everything in the main file)."""
    store = HistoryStore(path)
    try:
        for n in range(count):
            prompt = f"task {n} " + "slow pan over the harbour " * (prompt_size // 26 + 1)
            record = TaskRecord.for_request(VideoRequest(prompt[:prompt_size]), state="queued")
            added = store.add(record)
            store.update(added.id, task_id=f"task_old_{n:04d}", progress=n % 100)
        return sorted(store.records(), key=lambda r: r.id)
    finally:
        store.close()


def newer_history(path: Path, tasks: int) -> None:
    """A history with ``tasks`` tasks, as a release with schema 99 would leave it."""
    add_tasks(path, tasks)
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA user_version = 99")
        db.commit()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes: "left untouched" means this does not change."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def notice_on_opening(path: Path) -> HistoryNotice | None:
    store = HistoryStore(path)
    store.close()
    return store.recovered_from


def stored(path: Path) -> list[TaskRecord]:
    store = HistoryStore(path)
    try:
        return sorted(store.records(), key=lambda r: r.id)
    finally:
        store.close()


# ----- a history from a newer release -------------------------------------------------------------


def test_a_newer_history_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    newer_history(path, 2)
    before = snapshot(tmp_path)
    with pytest.raises(HistoryTooNew) as refused:
        HistoryStore(path)
    assert str(refused.value) == (
        f"The history {path} was written by a newer release of Veo Desktop (schema 99; this release "
        f"knows {SCHEMA_VERSION}). Nothing was changed; use the newer release."
    )
    assert snapshot(tmp_path) == before


NEWER_AND_KILLED = """
import os, signal, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA user_version = 42")  # a newer release's migration, still only in the journal
os.kill(os.getpid(), getattr(signal, "SIGKILL", 1))  # Windows: TerminateProcess, exit code 1
"""


def test_a_newer_schema_still_in_the_journal_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    add_tasks(path, 1)
    done = subprocess.run([sys.executable, "-c", NEWER_AND_KILLED, str(path)], timeout=30)
    assert done.returncode == KILLED
    current = SCHEMA_VERSION.to_bytes(4, "big")
    assert Path(f"{path}-wal").stat().st_size > 0 and path.read_bytes()[60:64] == current
    before = snapshot(tmp_path)
    assert schema_version(path) == 42  # read from the journal's checksummed frames, not through SQLite
    with pytest.raises(HistoryTooNew, match=rf"\(schema 42; this release knows {SCHEMA_VERSION}\)"):
        HistoryStore(path)
    assert snapshot(tmp_path) == before


# ----- a history an older release left -----------------------------------------------------------

# Tasks as the first schema (MIGRATIONS[0]) holds them: one with every column set, and a few others.
SCHEMA_1_TASKS: tuple[dict[str, object], ...] = (
    {
        "state": "completed",
        "prompt": "slow push in over the harbour",
        "model": "veo-3.1-generate-preview",
        "seconds": "6",
        "resolution": "720p",
        "aspect_ratio": "9:16",
        "negative_prompt": "blurry",
        "seed": 4_000_000_000,
        "task_id": "task_old_complete",
        "image_name": "harbour at dawn.jpg",
        "image_sha256": "ab" * 32,
        "image_copy": "/home/someone/.local/share/veo-desktop/references/ab.jpg",
        "progress": 100,
        "created_at": 1_760_000_000.25,
        "submitted_at": 1_760_000_001.5,
        "started_at": 1_760_000_010.0,
        "completed_at": 1_760_000_090.0,
        "saved_at": 1_760_000_095.0,
        "cost_cents": 120,
        "output_path": "/home/someone/Videos/harbour.mp4",
        "last_error": "",
        "demo": 0,
        "imported": 1,
    },
    {"state": "failed", "task_id": "task_old_failed", "last_error": "原因: blocked by the safety system"},
    {"state": "unknown", "task_id": None, "last_error": "the answer was lost"},
    {"state": "in_progress", "task_id": "task_old_running", "progress": 50, "demo": 1},
)


SCHEMA_1_INSERT = """
    INSERT INTO tasks (state, prompt, model, seconds, resolution, aspect_ratio, negative_prompt, seed,
        task_id, image_name, image_sha256, image_copy, progress, created_at, submitted_at, started_at,
        completed_at, saved_at, cost_cents, output_path, last_error, demo, imported)
    VALUES (:state, :prompt, :model, :seconds, :resolution, :aspect_ratio, :negative_prompt, :seed,
        :task_id, :image_name, :image_sha256, :image_copy, :progress, :created_at, :submitted_at, :started_at,
        :completed_at, :saved_at, :cost_cents, :output_path, :last_error, :demo, :imported)
"""


def schema_1_history(path: Path) -> list[dict[str, object]]:
    """A history as the release before this one left it (schema version 1); the rows written."""
    unset = dict.fromkeys(("submitted_at", "started_at", "completed_at", "saved_at", "cost_cents", "seed"))
    blank = dict.fromkeys(
        ("negative_prompt", "image_name", "image_sha256", "image_copy", "output_path", "last_error"), ""
    )
    common: dict[str, object] = {"prompt": "p", "model": "veo-3.1-fast-generate-preview", "seconds": "8"}
    common |= {"resolution": "720p", "aspect_ratio": "16:9", "progress": 0, "demo": 0, "imported": 0}
    rows = [
        {**unset, **blank, **common, "created_at": 1_760_000_100.0 + n, **task}
        for n, task in enumerate(SCHEMA_1_TASKS)
    ]
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.executescript(MIGRATIONS[0])
        db.executemany(SCHEMA_1_INSERT, rows)
        db.execute("PRAGMA user_version = 1")
        db.commit()
    return rows


def test_a_history_of_schema_1_opens_with_its_tasks_intact_after_the_migration(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    rows = schema_1_history(path)
    store = HistoryStore(path)
    try:
        assert store.recovered_from is None
        records = sorted(store.records(), key=lambda r: r.id)
        assert len(records) == len(rows)
        for record, row in zip(records, rows, strict=True):
            kept = {name: getattr(record, name) for name in row}
            assert kept == {**row, "demo": bool(row.get("demo")), "imported": bool(row.get("imported"))}
            assert (record.end_image_name, record.end_image_sha256, record.end_image_copy) == ("", "", "")
            assert record.parent_task_id == ""
            assert (record.end_frame_match, record.end_frame_distance) == (None, None)
        # The new columns are written and read back too.
        flow = VideoRequest("dawn to dusk", "veo-3.1-fl", "8", "720p", "9:16")
        added = store.add(
            TaskRecord.for_request(
                flow,
                state="queued",
                end_image_name="dusk.png",
                end_image_sha256="cd" * 32,
                parent_task_id="task_old_complete",
            )
        )
    finally:
        store.close()
    assert schema_version(path) == SCHEMA_VERSION
    reopened = HistoryStore(path)
    try:
        again = reopened.get(added.id)
        assert reopened.by_task_id("task_old_complete") == records[0]
    finally:
        reopened.close()
    assert again is not None and (again.end_image_name, again.end_image_sha256) == ("dusk.png", "cd" * 32)
    assert again.parent_task_id == "task_old_complete"


# The release before this one (schema 2) added an end frame, the task continued and the fingerprint.
SCHEMA_2_EXTRA: Final = {
    "video_fingerprint": "1234:5678",
    "end_image_name": "dusk.png",
    "end_image_sha256": "cd" * 32,
    "end_image_copy": "/home/someone/.local/share/veo-desktop/references/cd.png",
    "parent_task_id": "task_old_parent",
}


def schema_2_history(path: Path, count: int, *, prompt_size: int = 20) -> list[dict[str, object]]:
    """A history as the previous release left it (schema version 2), ``count`` tasks with every column
    set; the rows written, in id order."""
    base = {**SCHEMA_1_TASKS[0], **SCHEMA_2_EXTRA}
    rows = []
    for n in range(count):
        prompt = (f"task {n} " + "slow pan over the harbour " * (prompt_size // 26 + 1))[:prompt_size]
        rows.append(
            {**base, "prompt": prompt, "task_id": f"task_two_{n:04d}", "created_at": 1_760_000_000.0 + n}
        )
    names = list(base)
    insert = f"INSERT INTO tasks ({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)})"  # noqa: S608
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.executescript(MIGRATIONS[0])
        db.executescript(MIGRATIONS[1])
        db.executemany(insert, rows)
        db.execute("PRAGMA user_version = 2")
        db.commit()
    return rows


def kept_as_written(record: TaskRecord, row: dict[str, object]) -> bool:
    kept = {name: getattr(record, name) for name in row}
    return kept == {**row, "demo": bool(row["demo"]), "imported": bool(row["imported"])}


def test_a_history_of_the_previous_release_opens_with_every_value_intact(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    rows = schema_2_history(path, 3)
    store = HistoryStore(path)
    try:
        assert store.recovered_from is None
        records = sorted(store.records(), key=lambda r: r.id)
        assert len(records) == 3 and all(
            kept_as_written(r, row) for r, row in zip(records, rows, strict=True)
        )
        assert all((r.end_frame_match, r.end_frame_distance) == (None, None) for r in records)  # not checked
        store.update(records[0].id, end_frame_match=False, end_frame_distance=71.5)
    finally:
        store.close()
    assert schema_version(path) == SCHEMA_VERSION
    reopened = HistoryStore(path)
    try:
        again = reopened.get(records[0].id)
    finally:
        reopened.close()
    assert again is not None and (again.end_frame_match, again.end_frame_distance) == (False, 71.5)
    assert kept_as_written(again, rows[0])


def test_a_damaged_history_of_the_previous_release_is_salvaged_with_every_value(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    rows = schema_2_history(path, 300, prompt_size=700)
    lost = damage_a_middle_page(path)
    assert 1 < len(lost) < 10
    store = HistoryStore(path)
    try:
        assert isinstance(store.recovered_from, HistoryCorrupt)
        recovered = sorted(store.records(), key=lambda r: r.id)
    finally:
        store.close()
    expected = [row for n, row in enumerate(rows, start=1) if n not in lost]
    assert len(recovered) == len(expected)
    assert all(kept_as_written(r, row) for r, row in zip(recovered, expected, strict=True))
    assert all((r.end_frame_match, r.end_frame_distance) == (None, None) for r in recovered)


# ----- a history held by another program ---------------------------------------------------------


@pytest.fixture
def held_elsewhere(tmp_path: Path) -> Iterator[Path]:
    """A history another connection holds exclusively (as a database tool or a backup can)."""
    path = tmp_path / "history.sqlite3"
    add_tasks(path, 2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield path
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_locked_history_is_refused_and_left_as_it_was(tmp_path: Path, held_elsewhere: Path) -> None:
    before = snapshot(tmp_path)
    started = time.monotonic()
    with pytest.raises(HistoryLocked) as refused:
        HistoryStore(held_elsewhere, busy_timeout=0.3)
    assert time.monotonic() - started < 5
    assert str(refused.value) == (
        f"The history {held_elsewhere} is in use by another program (it stayed locked for 0.3 s). "
        "Nothing was changed; close that program or wait, then try again."
    )
    assert snapshot(tmp_path) == before


# ----- a damaged page ---------------------------------------------------------------------------


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = 0
    for index in range(9):
        byte = data[at + index]
        if index == 8:
            return (value << 8) | byte, at + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + index + 1
    raise AssertionError("unreachable")


def table_leaves(path: Path) -> tuple[int, dict[int, list[int]]]:
    """The page size, and each table leaf page's number with the rowids of the rows on it (read from the
    file format itself, so the test knows exactly which tasks a damaged page holds)."""
    data = path.read_bytes()
    size = int.from_bytes(data[16:18], "big")
    leaves: dict[int, list[int]] = {}
    for number in range(2, len(data) // size + 1):
        page = data[(number - 1) * size : number * size]
        if page[0] != 0x0D:  # a table b-tree leaf
            continue
        cells = int.from_bytes(page[3:5], "big")
        rowids = []
        for index in range(cells):
            pointer = int.from_bytes(page[8 + 2 * index : 10 + 2 * index], "big")
            _payload, at = _varint(page, pointer)
            rowids.append(_varint(page, at)[0])
        leaves[number] = rowids
    return size, leaves


def damage_a_middle_page(path: Path) -> set[int]:
    """Overwrite one leaf of the task table with noise while the history is closed; the ids it held."""
    size, leaves = table_leaves(path)
    full = sorted((rowids for rowids in leaves.values() if len(rowids) > 1), key=min)
    middle = full[len(full) // 2]
    [number] = [n for n, rowids in leaves.items() if rowids == middle]
    noise = bytes([0x66]) + random.Random(7).randbytes(size - 1)  # 0x66: no page type, as with most noise
    with path.open("r+b") as file:
        file.seek((number - 1) * size)
        file.write(noise)
    return set(middle)


def test_one_damaged_page_loses_only_the_tasks_on_it(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    written = add_tasks(path, 300, prompt_size=700)  # about five tasks a page: some sixty pages
    lost = damage_a_middle_page(path)
    assert 1 < len(lost) < 10 and min(lost) > 50
    store = HistoryStore(path)
    try:
        notice = store.recovered_from
        recovered = sorted(store.records(), key=lambda r: r.id)
        assert isinstance(notice, HistoryCorrupt)
        assert recovered == [r for r in written if r.id not in lost]  # same ids, every column
        assert notice.saved == 300 - len(lost) and notice.moved_to.exists()
        assert f"{300 - len(lost)} task(s) could still be read" in str(notice)
        assert notice.moved_to.name in str(notice) and notice.moved_to.name.startswith("history.sqlite3.")
        new = store.add(TaskRecord.for_request(VideoRequest("after the damage"), state="queued"))
        assert new.id == 301  # an id never handed out before: nothing left over can be mistaken for it
    finally:
        store.close()


# ----- the journal after a kill --------------------------------------------------------------------

WRITER = """
import sys, time
from pathlib import Path
from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.history.store import HistoryStore, TaskRecord
store = HistoryStore(Path(sys.argv[1]))
for n in range(int(sys.argv[2])):
    record = store.add(TaskRecord.for_request(VideoRequest(f"new task {n}"), state="submitting"))
    store.update(record.id, task_id=f"task_{sys.argv[3]}_{n:04d}", state="queued")
print("written", flush=True)
time.sleep(120)
"""


def start_writer(path: Path, count: int, tag: str = "new") -> subprocess.Popen[str]:
    """Another Veo Desktop that wrote ``count`` paid tasks (``task_TAG_0000``...) and is still running."""
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(count), tag], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None and writer.stdout.readline() == "written\n"
    return writer


def kill(writer: subprocess.Popen[str]) -> None:
    writer.kill()
    writer.communicate(timeout=10)
    assert writer.returncode == KILLED


def killed_after_writing(path: Path, count: int, tag: str = "new") -> None:
    """The app killed right after writing: its newest tasks are only in the journal (``-wal``)."""
    kill(start_writer(path, count, tag))
    assert Path(f"{path}-wal").stat().st_size > WAL_HEADER


def task_ids(records: list[TaskRecord]) -> list[str | None]:
    return [r.task_id for r in records]


def test_a_journal_deleted_after_a_kill_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    old = add_tasks(path, 2)
    assert notice_on_opening(path) is None  # a clean close leaves nothing to report
    killed_after_writing(path, 3)
    Path(f"{path}-wal").unlink()
    store = HistoryStore(path)
    try:
        assert task_ids(sorted(store.records(), key=lambda r: r.id)) == task_ids(old)
        notice = store.recovered_from
        assert isinstance(notice, JournalLost) and notice.missing
        assert str(notice) == (
            "The history's journal (history.sqlite3-wal) is missing, so the newest changes to the history "
            "are lost (the last task written was task_new_0002). Check your provider's console for recent "
            "tasks: `veo-desktop import TASK_ID` adds one back."
        )
    finally:
        store.close()
    assert stored(path) == sorted(old, key=lambda r: r.id)
    assert notice_on_opening(path) is None  # said once


@pytest.mark.parametrize("where", ["header", "first frame", "last frame"])
def test_a_garbled_journal_after_a_kill_is_reported(tmp_path: Path, where: str) -> None:
    path = tmp_path / "history.sqlite3"
    add_tasks(path, 2)
    killed_after_writing(path, 3)
    journal = Path(f"{path}-wal")
    data = bytearray(journal.read_bytes())
    at = {"header": 8, "first frame": WAL_HEADER + FRAME_HEADER + 500, "last frame": len(data) - 1000}[where]
    data[at : at + 16] = random.Random(where).randbytes(16)
    journal.write_bytes(bytes(data))
    store = HistoryStore(path)
    try:
        notice = store.recovered_from
        assert isinstance(notice, JournalLost) and not notice.missing
        assert str(notice).startswith("The history's journal (history.sqlite3-wal) is damaged, so the newest")
        assert "(the last task written was task_new_0002)" in str(notice)
    finally:
        store.close()


def test_open_stores_and_killed_writers_are_no_loss_but_a_lost_journal_is(tmp_path: Path) -> None:
    """The window and commands open one history at once, and a killed one leaves its journal for the next
    to read: none of that is a loss. Only a journal gone after a kill is."""
    path = tmp_path / "history.sqlite3"
    add_tasks(path, 2)
    first = HistoryStore(path)
    first.add(TaskRecord.for_request(VideoRequest("from the window"), state="queued"))
    writer = start_writer(path, 2, "first")
    second = HistoryStore(path)
    assert first.recovered_from is None and second.recovered_from is None
    second.add(TaskRecord.for_request(VideoRequest("from a command"), state="queued"))
    kill(writer)
    third = HistoryStore(path)  # a killed writer while others still run: its journal is in use
    assert third.recovered_from is None
    for store in (first, second, third):
        store.close()
    reopened = HistoryStore(path)
    assert reopened.recovered_from is None and len(reopened.records()) == 6
    reopened.close()

    killed_after_writing(path, 1, "second")
    with sqlite3.connect(path) as other_program:  # closing it folds the journal into the file, and
        assert other_program.execute("SELECT count(*) FROM tasks").fetchone() == (7,)  # removes it
    other_program.close()
    assert not Path(f"{path}-wal").exists()
    assert notice_on_opening(path) is None

    killed_after_writing(path, 1, "third")
    Path(f"{path}-wal").unlink()
    store = HistoryStore(path)
    assert isinstance(store.recovered_from, JournalLost) and len(store.records()) == 7
    store.close()


# ----- what the user sees: the real command in a child process, and the window ---------------------


OPENER = """
import sys, time
from pathlib import Path
from veo_desktop.core.history.store import HistoryStore
go = Path(sys.argv[2])
Path(sys.argv[3]).touch()
while not go.exists():
    time.sleep(0.001)
store = HistoryStore(Path(sys.argv[1]))
print(store.recovered_from)
store.close()
"""


def test_commands_started_together_on_a_new_history_all_open_it(tmp_path: Path) -> None:
    """Two commands started at once on a fresh data folder (the window and a script, say): both set
    the new file up; neither may take the other's half-made history for damage, or for locked."""
    for attempt in range(5):
        folder = tmp_path / f"attempt-{attempt}"
        folder.mkdir()
        go = folder / "go"
        openers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    OPENER,
                    str(folder / "history.sqlite3"),
                    str(go),
                    str(folder / f"{n}.ready"),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(4)
        ]
        await_files = [folder / f"{n}.ready" for n in range(4)]
        deadline = time.monotonic() + 60
        while not all(f.exists() for f in await_files):  # all started, waiting at the line
            assert time.monotonic() < deadline, "the openers did not start"
            time.sleep(0.01)
        go.touch()  # then they go at once
        for opener in openers:
            out, err = opener.communicate(timeout=60)
            assert (opener.returncode, out.strip()) == (0, "None"), err[-500:]
        assert not [p.name for p in folder.iterdir() if ".damaged" in p.name]


def history_files(home: Path) -> dict[str, bytes]:
    """The history and everything beside it that belongs to it (not the log, which a run appends to)."""
    return {name: data for name, data in snapshot(home).items() if name.startswith("history.sqlite3")}


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_the_commands_refuse_a_newer_history_in_one_line(app_home: Path) -> None:
    path = app_home / "history.sqlite3"
    newer_history(path, 1)
    before = history_files(app_home)
    for args in (["resume", "--demo"], ["tasks"]):
        done = run_cli(*args, env=cli_env(app_home))
        assert done.returncode == 1 and done.stdout == ""
        assert one_line(done) == f"veo-desktop: {HistoryTooNew(path, 99, SCHEMA_VERSION)}"
        assert history_files(app_home) == before


HOLD = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA locking_mode = EXCLUSIVE")
db.execute("BEGIN EXCLUSIVE")
print("held", flush=True)
time.sleep(120)
"""


@pytest.mark.slow
def test_a_command_refuses_a_history_another_program_holds(app_home: Path) -> None:
    """Takes the store's full busy wait (10 s): the command has no flag to shorten it."""
    path = app_home / "history.sqlite3"
    add_tasks(path, 1)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        before = history_files(app_home)
        done = run_cli("tasks", env=cli_env(app_home))
        assert done.returncode == 1 and done.stdout == ""
        assert one_line(done) == f"veo-desktop: {HistoryLocked(path, 10)}"
        assert history_files(app_home) == before
    finally:
        kill(holder)
    listed = run_cli("tasks", env=cli_env(app_home))
    assert listed.returncode == 0 and listed.stdout.startswith("task_old_0000\tqueued\t")


def test_tasks_lists_what_was_saved_from_a_damaged_history(app_home: Path) -> None:
    path = app_home / "history.sqlite3"
    written = add_tasks(path, 80, prompt_size=700)
    lost = damage_a_middle_page(path)
    done = run_cli("tasks", env=cli_env(app_home))
    assert done.returncode == 0
    [moved] = [p for p in app_home.iterdir() if p.name.startswith("history.sqlite3.damaged")]
    line = one_line(done)
    assert line.startswith(
        f"veo-desktop: The history {path} was damaged; it was moved aside to {moved.name}."
    )
    assert f" {80 - len(lost)} task(s) could still be read and were copied into a new history." in line
    listed = [row.split("\t")[0] for row in done.stdout.splitlines()]
    assert listed == [r.task_id for r in reversed(written) if r.id not in lost]


def test_tasks_reports_a_journal_lost_after_a_kill(app_home: Path) -> None:
    path = app_home / "history.sqlite3"
    add_tasks(path, 2)
    killed_after_writing(path, 2)
    Path(f"{path}-wal").unlink()
    done = run_cli("tasks", env=cli_env(app_home))
    assert done.returncode == 0
    assert one_line(done).startswith(
        "veo-desktop: The history's journal (history.sqlite3-wal) is missing, so the newest changes"
    )
    assert [row.split("\t")[0] for row in done.stdout.splitlines()] == ["task_old_0001", "task_old_0000"]


UNSHARE = shutil.which("unshare") or "unshare"
PRIVATE_MOUNTS = [UNSHARE, "--user", "--map-root-user", "--mount", "/bin/sh", "-c"]
READ_ONLY = "mount --bind {0} {0} && mount -o remount,bind,ro {0} && exec {1}"


def _can_mount_read_only(folder: Path) -> bool:
    """A read-only bind mount in a private mount namespace: a real read-only disk, no root needed (root
    itself ignores file permissions, so chmod would prove nothing)."""
    folder.mkdir(parents=True, exist_ok=True)
    probe = subprocess.run(
        [*PRIVATE_MOUNTS, READ_ONLY.format(shlex.quote(str(folder)), "true")], capture_output=True
    )
    return sys.platform == "linux" and probe.returncode == 0


def on_a_read_only_disk(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    script = READ_ONLY.format(shlex.quote(str(home)), shlex.join(command(*args)))
    return subprocess.run(
        [*PRIVATE_MOUNTS, script], env=cli_env(home), capture_output=True, text=True, timeout=120
    )


COMMANDS = [
    ["tasks"],
    ["resume", "--demo"],
    ["generate", "--prompt", "harbour at dawn", "--demo"],
    ["status", "task_abc123", "--demo"],
    ["download", "task_abc123", "--demo"],
    ["import", "task_abc123", "--demo"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=[a[0] for a in COMMANDS])
@pytest.mark.parametrize("history", ["existing", "none yet"])
def test_a_read_only_data_folder_is_said_in_one_line(
    app_home: Path, tmp_path: Path, args: list[str], history: str
) -> None:
    if not _can_mount_read_only(tmp_path / "probe"):
        pytest.skip("needs unshare and a private mount namespace (Linux, user namespaces allowed)")
    app_home.mkdir(parents=True)
    if history == "existing":
        add_tasks(app_home / "history.sqlite3", 1)
    before = snapshot(app_home)
    done = on_a_read_only_disk(app_home, *args)
    assert done.returncode == 1, done.stderr
    assert one_line(done) == (
        f"veo-desktop: Veo Desktop cannot write to its data folder {app_home}: Read-only file system. "
        "Nothing was changed; make the folder writable, or set VEO_DESKTOP_HOME to another folder, "
        "then try again."
    )
    assert done.stdout == "" and snapshot(app_home) == before


async def box_shown() -> QMessageBox:
    def shown() -> QMessageBox | None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        return boxes[0] if boxes else None

    await until(shown, "the message box", within=10)
    box = shown()
    assert box is not None
    return box


async def test_the_window_refuses_a_newer_history_with_a_message_and_quits(
    qtbot: QtBot, app_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = app_home / "history.sqlite3"
    newer_history(path, 1)
    before = history_files(app_home)
    monkeypatch.setenv("APIYI_API_KEY", "sk-" + "k" * 40)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    running = asyncio.ensure_future(main(app, parse_args([]), Settings.load()))
    box = await box_shown()
    assert box.text() == str(HistoryTooNew(path, 99, SCHEMA_VERSION))
    box.button(QMessageBox.StandardButton.Ok).click()
    assert await running == 1
    assert history_files(app_home) == before


async def test_the_window_says_when_its_data_folder_cannot_be_made(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("VEO_DESKTOP_HOME", str(blocker / "home"))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    running = asyncio.ensure_future(main(app, parse_args([]), Settings.load()))
    box = await box_shown()
    assert box.text().startswith(
        f"Veo Desktop cannot write to its data folder {blocker / 'home'}: Not a directory."
    )
    box.button(QMessageBox.StandardButton.Ok).click()
    assert await running == 1
