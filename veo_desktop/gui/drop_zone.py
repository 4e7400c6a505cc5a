"""The image drop zone: takes files dropped or browsed, image data from a browser or the clipboard, and
shows the picture with its name, pixel size and file size, or the reason it was refused. It only
presents and forwards: checking the image is the controller's job, off the UI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QMouseEvent, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from veo_desktop.core.images import PreparedImage

PROMPT = "Drop an image here, paste one (Ctrl+V) or click to browse (Ctrl+O)\nNo image: a text-to-video task"


def image_payload(mime: QMimeData) -> tuple[list[Path], bytes | None, str]:
    """What a drop or a paste carries: local files, else raw image data (as PNG), else nothing."""
    files = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    if files:
        return files, None, ""
    if mime.hasImage():
        image = QImage(mime.imageData())
        if not image.isNull():
            data = QByteArray()
            buffer = QBuffer(data)
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs want bytes, Qt wants str
            remote = [u for u in mime.urls() if not u.isLocalFile()]
            name = Path(remote[0].path()).stem + ".png" if remote and remote[0].path() else "pasted image.png"
            return [], bytes(data.data()), name
    return [], None, ""


def _size_text(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{max(1, size // 1024)} KB"


class ImageDropZone(QFrame):
    filesChosen = Signal(list)  # list[Path]
    imageDataChosen = Signal(bytes, str)  # PNG bytes, a name
    browseRequested = Signal()
    clearRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dropZone")
        self.setAccessibleName("Reference image")
        self.setAcceptDrops(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumHeight(200)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.picture = QLabel(self)
        self.picture.setObjectName("dropPicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.setWordWrap(True)
        self.caption = QLabel(self)
        self.caption.setObjectName("dropCaption")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.clear_button = QToolButton(self)
        self.clear_button.setObjectName("clearImage")
        self.clear_button.setText("Remove image")
        self.clear_button.setAccessibleName("Remove the reference image")
        self.clear_button.clicked.connect(self.clearRequested)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.caption)
        layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self._pixmap: QPixmap | None = None
        self.show_empty()

    # ----- what it shows ------------------------------------------------------------------------

    def show_empty(self) -> None:
        self._pixmap = None
        self.picture.setPixmap(QPixmap())
        self.picture.setText(PROMPT)
        self.caption.setText("")
        self.caption.setStyleSheet("")
        self.clear_button.hide()

    def show_loading(self, name: str) -> None:
        self.picture.setText(f"Reading {name}…")
        self.caption.setText("")

    def show_image(self, prepared: PreparedImage) -> None:
        image = QImage.fromData(prepared.reference.data)
        self._pixmap = QPixmap.fromImage(image)
        self._fit()
        converted = f", converted from {prepared.converted_from}" if prepared.converted_from else ""
        self.caption.setText(
            f"{prepared.source_name} · {prepared.width} x {prepared.height} px · "
            f"{_size_text(prepared.source_bytes)}{converted}"
        )
        self.caption.setStyleSheet("")
        self.clear_button.show()

    def show_error(self, message: str) -> None:
        self.caption.setText(message)
        self.caption.setStyleSheet("color: #d0423b;")
        if self._pixmap is None:
            self.picture.setText(PROMPT)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()

    def _fit(self) -> None:
        if self._pixmap is not None and not self._pixmap.isNull():
            self.picture.setPixmap(
                self._pixmap.scaled(
                    self.picture.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )

    # ----- what it takes ------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasImage():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.take(event.mimeData()):
            event.acceptProposedAction()
        else:
            self.show_error("That is not an image file: drop a picture (JPEG, PNG, WebP…) from your files")
            event.ignore()

    def take(self, mime: QMimeData) -> bool:
        """Forward what a drop or a paste carries; False when it carries nothing usable."""
        files, data, name = image_payload(mime)
        if files:
            self.filesChosen.emit(files)
            return True
        if data is not None:
            self.imageDataChosen.emit(data, name)
            return True
        return False

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.browseRequested.emit()
        super().mouseReleaseEvent(event)
