"""The questions the controllers ask, as views: each opens without blocking the event loop and hands back
what the user chose. They present; what follows from the answer is the controller's to decide."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from veo_desktop.i18n import translate

IMAGE_PATTERNS = " (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff);;* (*)"


async def answer(box: QMessageBox) -> int:
    """Open a question without blocking the event loop; the button the user chose."""
    chosen: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    box.finished.connect(lambda code: None if chosen.done() else chosen.set_result(code))
    box.open()
    try:
        return await chosen
    finally:
        box.deleteLater()  # a question is asked once; the next one is a new box


async def confirm_batch(
    parent: QWidget, count: int, total: str, left_out: list[str], ending: str = ""
) -> bool:
    """Several images dropped with one prompt: make one video each, at this total cost? ``ending``: the
    end frame's name, when each one ends on it."""
    text = translate(
        "Controller",
        "Make {count} videos, one per image, with the same prompt and settings?\nCost: {total}.",
    ).format(count=count, total=total)
    if ending:
        text += "\n" + translate("Controller", "Each one ends on {name}.").format(name=ending)
    if left_out:
        text += "\n\n" + translate("Controller", "Left out:") + "\n" + "\n".join(left_out)
    box = QMessageBox(
        QMessageBox.Icon.Question,
        translate("Controller", "Generate several videos"),
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setObjectName("batchConfirm")
    box.button(QMessageBox.StandardButton.Yes).setText(
        translate("Controller", "Generate {count} videos ({total})").format(count=count, total=total)
    )
    return await answer(box) == QMessageBox.StandardButton.Yes


async def confirm_send_again(parent: QWidget, prompt: str) -> bool:
    """A submission whose outcome is unknown may already be at the service: sending it again may bill
    twice. ``prompt`` is the task's, shortened."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        translate("Controller", "Send again?"),
        translate(
            "Controller",
            "No usable answer came back when “{prompt}” was sent, so the service may already have "
            "this task, and will bill it when it completes. Look for it in your provider's console "
            "first (File → Import task id fetches it). Sending it again may be billed twice.",
        ).format(prompt=prompt),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setObjectName("sendAgainConfirm")
    box.button(QMessageBox.StandardButton.Yes).setText(translate("Controller", "Send again"))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return await answer(box) == QMessageBox.StandardButton.Yes


async def confirm_retry_refused(parent: QWidget, prompt: str) -> bool:
    """The service's safety filter refused this prompt: sent again unchanged, it will likely be refused
    again (failed tasks are not charged, but the wait is long). ``prompt`` is the task's, shortened."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        translate("Controller", "Retry a refused prompt?"),
        translate(
            "Controller",
            "The service's safety filter refused “{prompt}”. Sent again unchanged, it will likely be "
            "refused again. To change the prompt first, choose Reuse settings in the row's menu.",
        ).format(prompt=prompt),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setObjectName("retryRefusedConfirm")
    box.button(QMessageBox.StandardButton.Yes).setText(translate("Controller", "Retry anyway"))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return await answer(box) == QMessageBox.StandardButton.Yes


def choose_images(
    parent: QWidget, folder: str, chosen: Callable[[list[Path]], None], title: str = ""
) -> None:
    """The open-file dialog for reference images, starting in ``folder``; ``chosen`` gets the files."""
    dialog = QFileDialog(
        parent,
        title or translate("Controller", "Choose a reference image"),
        folder,
        translate("Controller", "Images") + IMAGE_PATTERNS,
    )
    dialog.setObjectName("openImageDialog")
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    dialog.filesSelected.connect(lambda names: chosen([Path(name) for name in names]) if names else None)
    dialog.open()


def ask_task_id(parent: QWidget, chosen: Callable[[str], None]) -> None:
    """Ask for a task id to import; ``chosen`` gets it as typed."""
    dialog = QInputDialog(parent)
    dialog.setObjectName("importDialog")
    dialog.setWindowTitle(translate("Controller", "Import a task id"))
    dialog.setLabelText(translate("Controller", "Task id (from your provider console or an earlier run):"))
    dialog.textValueSelected.connect(chosen)
    dialog.open()
