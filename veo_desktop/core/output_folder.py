"""Whether videos can be saved in a folder, checked before anything is sent (a paid video that cannot be
saved is a video the user has to fetch by hand)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from veo_desktop.i18n import translate


class OutputFolderUnusable(ValueError):
    """The folder is missing, not a folder, read-only or not writable: nothing was sent."""

    def __init__(self, folder: Path, reason: str) -> None:
        self.folder = folder
        super().__init__(
            translate("Tasks", "Cannot save videos in {folder}: {reason}. Nothing was sent.").format(
                folder=folder, reason=reason
            )
        )


def prove_writable(folder: Path) -> None:
    """Create (and drop) a file in ``folder``; the OS's OSError if that cannot be done. Permission bits
    say nothing about a read-only mount, a full disk or (as root) anything at all: only a try does."""
    with tempfile.TemporaryFile(dir=folder):
        pass


def check_writable(folder: Path, *, create: bool = False) -> None:
    """Raise :class:`OutputFolderUnusable` unless a file can really be created in ``folder``."""
    if create:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputFolderUnusable(folder, exc.strerror or str(exc)) from None
    if not folder.is_dir():
        reason = (
            translate("Tasks", "it is not a folder")
            if folder.exists()
            else translate("Tasks", "the folder does not exist")
        )
        raise OutputFolderUnusable(folder, reason)
    try:
        prove_writable(folder)
    except OSError as exc:
        raise OutputFolderUnusable(folder, exc.strerror or str(exc)) from None
