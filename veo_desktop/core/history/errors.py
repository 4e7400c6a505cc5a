"""What can stand between the app and its history of paid tasks, in words for the user.

Two kinds. A history that cannot be used at all (written by a newer release, held by another program, in
a folder that cannot be written) is *refused*: :class:`HistoryUnavailable` is raised, nothing on disk is
changed, and the command or the window says why in one line. A history that was opened, but not as it was
left (a damaged file moved aside, a lost journal), is *reported*: the store keeps a :class:`HistoryNotice`
in ``recovered_from`` for the CLI to print and the window to show.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from veo_desktop.core.history.ownership import ELSEWHERE
from veo_desktop.core.output_folder import prove_writable
from veo_desktop.i18n import translate


class HistoryUnavailable(Exception):
    """The history cannot be opened; nothing was changed. ``str()`` is one line for the user."""


class HistoryTooNew(HistoryUnavailable):
    def __init__(self, path: Path, found: int, known: int) -> None:
        self.path, self.found, self.known = path, found, known
        super().__init__(
            translate(
                "History",
                "The history {path} was written by a newer release of Veo Desktop (schema {found}; "
                "this release knows {known}). Nothing was changed; use the newer release.",
            ).format(path=path, found=found, known=known)
        )


class ClaimRefused(Exception):
    """A new task's lock was not taken (another Veo Desktop holds it): the row is not written, since a
    task nobody follows would be found unowned by the next resume. ``str()`` is one line for the user."""

    def __init__(self, local_id: int) -> None:
        self.local_id = local_id
        super().__init__(translate("Tasks", ELSEWHERE))  # the words the task manager uses for it


class HistoryLocked(HistoryUnavailable):
    def __init__(self, path: Path, waited: float) -> None:
        self.path, self.waited = path, waited
        super().__init__(
            translate(
                "History",
                "The history {path} is in use by another program (it stayed locked for {seconds:g} s). "
                "Nothing was changed; close that program or wait, then try again.",
            ).format(path=path, seconds=waited)
        )


def unwritable(folder: Path, error: OSError) -> HistoryUnavailable:
    """The refusal for a data folder the app cannot create or write (a read-only disk, no permission)."""
    reason = error.strerror or str(error)
    return HistoryUnavailable(
        translate(
            "History",
            "Veo Desktop cannot write to its data folder {folder}: {reason}. Nothing was changed; make "
            "the folder writable, or set VEO_DESKTOP_HOME to another folder, then try again.",
        ).format(folder=folder, reason=reason)
    )


def unopenable(path: Path, reason: str) -> HistoryUnavailable:
    """The refusal for anything else SQLite will not open (never taken for damage: nothing is moved)."""
    return HistoryUnavailable(
        translate("History", "The history {path} cannot be opened: {reason}. Nothing was changed.").format(
            path=path, reason=reason
        )
    )


def check_writable(folder: Path) -> None:
    """Make ``folder`` if needed and prove a file can be created in it; :func:`unwritable` if not.
    Asked first, so a read-only disk is named as such instead of surfacing as a SQLite error."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        prove_writable(folder)
    except OSError as exc:
        raise unwritable(folder, exc) from None


# SQLite's answers that mean "not now" or "not here", never damage: SQLITE_PERM, SQLITE_READONLY,
# SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_AUTH; and SQLITE_BUSY, SQLITE_LOCKED: another
# connection holds the file.
_UNWRITABLE = frozenset({3, 8, 10, 13, 14, 23})
_BUSY = frozenset({5, 6})


def error_code(exc: sqlite3.Error) -> int:
    """SQLite's primary result code (SQLITE_BUSY is 5, whatever the extended code says)."""
    return (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF


def is_busy(exc: sqlite3.Error) -> bool:
    """Another connection holds the file right now."""
    return error_code(exc) in _BUSY


def is_damage(exc: sqlite3.Error) -> bool:
    """SQLite says the file itself is damaged (not busy, not read-only, not a mistake in a query)."""
    return error_code(exc) in (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB


def refusal(path: Path, exc: sqlite3.Error, waited: float) -> HistoryUnavailable:
    """What a SQLite error on opening (other than damage) means for the user."""
    if is_busy(exc):
        return HistoryLocked(path, waited)
    if error_code(exc) in _UNWRITABLE:
        check_writable(path.parent)  # raises, naming the folder and the OS's reason, when that is it
    return unopenable(path, str(exc))


class HistoryNotice(Exception):
    """The history was opened, but not as it was left; ``str()`` tells the user what happened and what
    to do. Never raised: kept in ``HistoryStore.recovered_from``."""


class HistoryCorrupt(HistoryNotice):
    """The file was damaged: it was moved aside and every task that could still be read was copied into
    a new history."""

    def __init__(self, path: Path, moved_to: Path, saved: int) -> None:
        self.path, self.moved_to, self.saved = path, moved_to, saved
        if saved:
            text = translate(
                "History",
                "The history {path} was damaged; it was moved aside to {name}. {saved} task(s) could still "
                "be read and were copied into a new history. Any others are still listed in your "
                "provider's console: `veo-desktop import TASK_ID` adds one back.",
            )
        else:
            text = translate(
                "History",
                "The history {path} was damaged; it was moved aside to {name} and a new, empty history was "
                "started: no task could be read from it. Your tasks are still listed in your provider's "
                "console: `veo-desktop import TASK_ID` adds one back.",
            )
        super().__init__(text.format(path=path, name=moved_to.name, saved=saved))


class JournalLost(HistoryNotice):
    """The history's write-ahead journal was deleted or damaged after the last write that reached it, so
    the newest changes are gone (SQLite silently opens the older state)."""

    def __init__(self, journal: Path, *, missing: bool, last_task: str) -> None:
        self.journal, self.missing, self.last_task = journal, missing, last_task
        if missing:
            text = translate(
                "History",
                "The history's journal ({name}) is missing, so the newest changes to the history are lost "
                "(the last task written was {task}). Check your provider's console for recent tasks: "
                "`veo-desktop import TASK_ID` adds one back.",
            )
        else:
            text = translate(
                "History",
                "The history's journal ({name}) is damaged, so the newest changes to the history are lost "
                "(the last task written was {task}). Check your provider's console for recent tasks: "
                "`veo-desktop import TASK_ID` adds one back.",
            )
        super().__init__(text.format(name=journal.name, task=last_task))
