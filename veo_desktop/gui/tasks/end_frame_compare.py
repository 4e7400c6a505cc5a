"""Your end frame beside the clip's last frame: for a two-frame clip whose last frame was checked against
the end frame sent (``core/clips/end_frame.py``), a small window that shows both pictures side by side,
with how far apart they are in words. "Your end frame" is our copy as it was uploaded
(``core/clips/references.py``), "The clip's last frame" is decoded from the saved video off the window's
thread (PyAV, loaded only then). Non-modal: the list stays usable while it is open."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.describe import excerpt
from veo_desktop.gui.common import action_names
from veo_desktop.i18n import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:  # the row's menu is drawn at the first paint: no asyncio, Pillow or PyAV until asked
    import asyncio

    from PIL import Image

    from veo_desktop.gui.common.background import BackgroundTasks

ACTION: Final = "compare_end_frames"  # the menu's intent (``MainWindow.taskAction``)
MENU_TITLE: Final = action_names.COMPARE_END_FRAMES
PICTURE_SIDE: Final = 320  # each picture fits a square this big
# The distance (0 the same, 255 opposite: the larger of a brightness and a structure difference,
# ``core/clips/end_frame.py``) in words that follow the verdict, so they cannot contradict it: under each
# bound, these. A clip on its end frame is at most 40 from it (its threshold); one that is not is further,
# or nearer the start frame (a flat or faded last frame is about 100 from a picture with shapes).
_ENDED_WORDS: Final = (
    (10.0, QT_TRANSLATE_NOOP("EndFrames", "Almost the same picture")),
    (math.inf, QT_TRANSLATE_NOOP("EndFrames", "Alike")),
)
_MISSED_WORDS: Final = (
    (100.0, QT_TRANSLATE_NOOP("EndFrames", "Clearly different")),
    (math.inf, QT_TRANSLATE_NOOP("EndFrames", "Very different")),
)


def offers_comparison(record: TaskRecord) -> bool:
    """A saved two-frame clip whose last frame was checked against its end frame."""
    return (
        record.state == "completed"
        and bool(record.end_image_copy and record.output_path)
        and record.end_frame_match is not None
    )


def distance_text(record: TaskRecord) -> str:
    """How far the clip's last frame is from the end frame sent, in words, and the verdict."""
    distance = record.end_frame_distance
    if distance is None:
        return ""
    bands = _ENDED_WORDS if record.end_frame_match else _MISSED_WORDS
    words = next((w for bound, w in bands if distance < bound), bands[-1][1])
    said = translate(
        "EndFrames", "{words}: they differ by {distance} on a scale from 0 (the same) to 255 (opposite)."
    ).format(words=translate("EndFrames", words), distance=f"{distance:.1f}")
    verdict = (
        translate("EndFrames", "The clip ends on your end frame.")
        if record.end_frame_match
        else translate("EndFrames", "The service did not end this clip on your end frame.")
    )
    return f"{said} {verdict}"


def _png(picture: Image.Image) -> bytes:
    from veo_desktop.core.clips.clip_frames import png_bytes

    return png_bytes(picture)


def _end_frame_png(copy: Path) -> bytes:
    """Our copy of the end frame as uploaded, as a PNG (a copy may be WebP, which Qt may not read)."""
    from PIL import Image, ImageOps

    with Image.open(copy) as opened:
        return _png((ImageOps.exif_transpose(opened) or opened).convert("RGB"))


def _last_frame_png(video: Path) -> bytes:
    from veo_desktop.core.clips.clip_frames import frame_at

    return _png(frame_at(video))


def _read_error(exc: Exception) -> str:
    return str(exc) if str(exc) else exc.__class__.__name__


class EndFrameCompare(QDialog):
    """The two pictures side by side; filled in once they are decoded (``load``)."""

    def __init__(self, parent: QWidget, record: TaskRecord) -> None:
        super().__init__(parent)
        self.setObjectName("endFrameCompareDialog")
        self.setModal(False)
        self.record = record
        self.setWindowTitle(
            translate("EndFrames", "End frames of “{prompt}”").format(prompt=excerpt(record.prompt, 40))
        )
        grid = QGridLayout()
        self.end_picture = self._picture("yourEndFrame")
        self.last_picture = self._picture("clipLastFrame")
        for column, (caption, picture) in enumerate(
            (
                (translate("EndFrames", "Your end frame"), self.end_picture),
                (translate("EndFrames", "The clip's last frame"), self.last_picture),
            )
        ):
            title = QLabel(caption)
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
            title.setBuddy(picture)
            grid.addWidget(title, 0, column)
            grid.addWidget(picture, 1, column)
            picture.setAccessibleName(caption)
        self.distance = QLabel(distance_text(record))
        self.distance.setObjectName("endFrameDistance")
        self.distance.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.distance)
        layout.addWidget(buttons)
        self._loading: asyncio.Task[None] | None = None
        self.finished.connect(self._stop_loading)

    @staticmethod
    def _picture(name: str) -> QLabel:
        label = QLabel(translate("EndFrames", "Loading…"))
        label.setObjectName(name)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setMinimumSize(PICTURE_SIDE // 2, PICTURE_SIDE // 2)
        return label

    def start_loading(self, background: BackgroundTasks) -> None:
        self._loading = background.spawn(self.load(), f"compare-end-frames-{self.record.id}")

    def _stop_loading(self) -> None:
        """Closed: a decode still running is not waited for (its result goes nowhere)."""
        if self._loading is not None:
            self._loading.cancel()

    async def load(self) -> None:
        """Both pictures, each read in a worker thread; one that cannot be read says why in its place."""
        import asyncio

        from veo_desktop.core.clips.clip_frames import NotAVideo

        record = self.record
        try:
            end = await asyncio.to_thread(_end_frame_png, Path(record.end_image_copy))
        except (OSError, ValueError) as exc:  # the copy is gone, or not a picture any more
            self._unreadable(self.end_picture, translate("EndFrames", "Your end frame cannot be read"), exc)
        else:
            self._show(self.end_picture, end)
        try:
            last = await asyncio.to_thread(_last_frame_png, Path(record.output_path))
        except (NotAVideo, OSError, ValueError) as exc:
            self._unreadable(self.last_picture, translate("EndFrames", "The clip cannot be read"), exc)
        else:
            self._show(self.last_picture, last)

    def _show(self, label: QLabel, png: bytes) -> None:
        image = QImage.fromData(png)
        pixmap = QPixmap.fromImage(image).scaled(
            PICTURE_SIDE,
            PICTURE_SIDE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        label.setText("")
        label.setPixmap(pixmap)
        self.adjustSize()  # opened while "Loading…": grown to show the picture whole

    @staticmethod
    def _unreadable(label: QLabel, words: str, exc: Exception) -> None:
        label.setWordWrap(True)
        label.setText(f"{words}: {_read_error(exc)}")


def open_comparison(parent: QWidget, background: BackgroundTasks, record: TaskRecord) -> EndFrameCompare:
    """The task's comparison, shown (the one already open is raised instead)."""
    for found in parent.findChildren(EndFrameCompare):
        if found.record.id == record.id and found.isVisible():
            found.raise_()
            found.activateWindow()
            return found
    dialog = EndFrameCompare(parent, record)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.start_loading(background)
    return dialog
