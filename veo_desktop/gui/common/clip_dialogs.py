"""The save dialogs for what is made from clips (a frame as PNG, a film as MP4). Each opens without
blocking the event loop and hands back the path chosen, or None. A taken name is not replaced: the
file is saved under the next free name (``frame-2.png``), so the dialog does not ask to overwrite.
The name typed must end as the file is (``.png``, ``.mp4``): added when there is none, as save
dialogs do; another (``film.json``) is refused, in words."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from veo_desktop.i18n import translate


async def ask_save_path(parent: QWidget, name: str, title: str, suggested: Path, kind: str) -> Path | None:
    """Where to save; ``suggested`` is the folder and file name offered, ``kind`` the suffix ("png",
    "mp4"). ``name`` is the dialog's object name."""
    label = (
        translate("ClipDialogs", "PNG images") if kind == "png" else translate("ClipDialogs", "MP4 videos")
    )
    dialog = QFileDialog(parent, title, str(suggested.parent), f"{label} (*.{kind})")
    dialog.setObjectName(name)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix(kind)
    dialog.setOption(QFileDialog.Option.DontConfirmOverwrite)
    dialog.selectFile(suggested.name)
    chosen: asyncio.Future[Path | None] = asyncio.get_running_loop().create_future()

    def answer(path: Path | None) -> None:
        if not chosen.done():
            chosen.set_result(path)

    dialog.fileSelected.connect(lambda selected: answer(Path(selected) if selected else None))
    dialog.rejected.connect(lambda: answer(None))
    dialog.open()
    try:
        return await chosen
    finally:
        dialog.deleteLater()  # asked once; the next question is a new dialog


def named_as(chosen: Path, kind: str) -> tuple[Path, str]:
    """``chosen`` as it is saved: with ``.kind`` ("png", "mp4") added when the name has no suffix; and
    why it cannot be saved so ("" when it can): a name ending otherwise is not that kind of file."""
    if not chosen.suffix:
        return chosen.with_name(f"{chosen.name}.{kind}"), ""
    if chosen.suffix.lower() == f".{kind}":
        return chosen, ""
    reason = (
        translate("ClipDialogs", "{name}: a frame is saved as PNG; end the name with .png")
        if kind == "png"
        else translate("ClipDialogs", "{name}: a film is saved as MP4; end the name with .mp4")
    )
    return chosen, reason.format(name=chosen.name)
