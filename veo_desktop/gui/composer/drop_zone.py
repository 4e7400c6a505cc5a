"""The image drop zone: takes files dropped or browsed, image data from a browser or the clipboard, and
shows the picture with its name, pixel size and file size, or the reason it was refused. It only
presents and forwards: checking the image is the controller's job, off the UI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from veo_desktop.core.clips.framing import Framing
from veo_desktop.core.clips.images import PreparedImage, size_words
from veo_desktop.gui.common.style import ERROR_COLOUR, words_in
from veo_desktop.gui.common.window_fit import SizedLabel, WrappedLabel
from veo_desktop.gui.composer.framing_view import FramingView
from veo_desktop.i18n import QT_TRANSLATE_NOOP, translate

TITLE = QT_TRANSLATE_NOOP("DropZone", "Reference image")
PROMPT = QT_TRANSLATE_NOOP(
    "DropZone",
    "Drop an image here, paste one (Ctrl+V) or click to browse (Ctrl+O)\nNo image: a text-to-video task",
)


def paint_focus_ring(widget: QWidget) -> None:
    """A ring in the highlight colour inside ``widget``'s edge: the keyboard is here (a frame or a
    picture of our own draws none by itself)."""
    painter = QPainter(widget)
    painter.setPen(QPen(widget.palette().color(QPalette.ColorRole.Highlight), 2))
    painter.drawRect(widget.rect().adjusted(1, 1, -1, -1))
    painter.end()


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


class ImageDropZone(QFrame):
    filesChosen = Signal(list)  # list[Path]
    imageDataChosen = Signal(bytes, str)  # PNG bytes, a name
    browseRequested = Signal()
    clearRequested = Signal()
    framingModeChosen = Signal(str)  # "crop" or "fit"
    cropMoved = Signal(float, float)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        name: str = "dropZone",
        title: str = TITLE,
        prompt: str = PROMPT,
        compact: bool = False,
    ) -> None:
        """``title`` and ``prompt`` are the English texts (translated here). ``compact``: the smaller
        zone beside another (the end frame's): less room for the picture, no framing note (the other
        zone's says it) and no remove button (a button outside does it)."""
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(translate("DropZone", title))
        self._prompt = prompt
        self._compact = compact
        self.setAcceptDrops(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.picture = SizedLabel(self)
        self.picture.setObjectName("dropPicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.setWordWrap(True)
        # No fixed height on the zone: the framing rows need their room.
        self.picture.setMinimumHeight(80 if compact else 160)
        self.view = FramingView(self)
        self.view.centerMoved.connect(self.cropMoved)
        self.view.hide()
        self.crop_button = QToolButton(self)
        self.crop_button.setObjectName("cropButton")
        self.crop_button.setText(translate("DropZone", "Crop"))
        self.crop_button.setToolTip(
            translate("DropZone", "Fill the video: drag the box to choose what stays")
        )
        self.fit_button = QToolButton(self)
        self.fit_button.setObjectName("fitButton")
        self.fit_button.setText(translate("DropZone", "Fit (bars)"))
        self.fit_button.setToolTip(translate("DropZone", "Keep the whole image, with black bars"))
        self.framing_buttons = QButtonGroup(self)
        for button, mode in ((self.crop_button, "crop"), (self.fit_button, "fit")):
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, m=mode: self.framingModeChosen.emit(m))
            self.framing_buttons.addButton(button)
        self.framing_note = WrappedLabel(parent=self)
        self.framing_note.setObjectName("framingNote")
        self.framing_note.setWordWrap(True)
        self.framing_note.setVisible(not compact)
        self.upload_note = WrappedLabel(parent=self)
        self.upload_note.setObjectName("uploadNote")
        self.upload_note.setWordWrap(True)
        self.framing_row = QWidget(self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.crop_button)
        buttons.addWidget(self.fit_button)
        buttons.addStretch(1)
        framing_layout = QVBoxLayout(self.framing_row)
        framing_layout.setContentsMargins(0, 0, 0, 0)
        framing_layout.addLayout(buttons)
        framing_layout.addWidget(self.framing_note)
        self.framing_row.hide()
        self.caption = WrappedLabel(parent=self)
        self.caption.setObjectName("dropCaption")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.clear_button = QToolButton(self)
        self.clear_button.setObjectName("clearImage")
        self.clear_button.setText(translate("DropZone", "Remove image"))
        self.clear_button.setAccessibleName(translate("DropZone", "Remove the reference image"))
        self.clear_button.clicked.connect(self.clearRequested)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.framing_row)
        layout.addWidget(self.caption)
        layout.addWidget(self.upload_note)
        layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.show_empty()

    # ----- what it shows ------------------------------------------------------------------------

    def show_empty(self) -> None:
        self.view.show_picture(QPixmap(), 1, 1)
        self.view.hide()
        self.framing_row.hide()
        self.upload_note.setText("")
        self.picture.setText(translate("DropZone", self._prompt))
        self.picture.show()
        self.caption.setText("")
        words_in(self.caption, None)
        self.clear_button.hide()

    def show_loading(self, name: str) -> None:
        self.view.hide()
        self.framing_row.hide()
        self.upload_note.setText("")
        self.picture.setText(translate("DropZone", "Reading {name}…").format(name=name))
        self.picture.show()
        self.caption.setText("")

    def show_image(self, prepared: PreparedImage) -> None:
        image = QImage.fromData(prepared.reference.data)
        if max(image.width(), image.height()) > 1600:  # a screen's worth: the view never needs more
            image = image.scaled(
                1600, 1600, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        self.view.show_picture(QPixmap.fromImage(image), prepared.width, prepared.height)
        self.picture.hide()
        self.view.show()
        converted = (
            translate("DropZone", ", converted from {format}").format(format=prepared.converted_from)
            if prepared.converted_from
            else ""
        )
        self.caption.setText(
            f"{prepared.source_name} · {prepared.width} x {prepared.height} px · "
            f"{size_words(prepared.source_bytes)}{converted}"
        )
        words_in(self.caption, None)
        self.clear_button.setVisible(not self._compact)

    def show_framing(self, aspect_ratio: str | None, framing: Framing, note: str) -> None:
        """``aspect_ratio`` is the video's shape when the image's differs (None: it goes as it is)."""
        self.view.show_framing(aspect_ratio, framing)
        self.framing_row.setVisible(aspect_ratio is not None and not self.view.isHidden())
        self.framing_note.setText(note)
        (self.crop_button if framing.mode == "crop" else self.fit_button).setChecked(True)

    def show_upload(self, text: str) -> None:
        self.upload_note.setText(text)

    def show_error(self, message: str) -> None:
        self.caption.setText(message)
        words_in(self.caption, ERROR_COLOUR)
        if not self.view.has_picture():
            self.picture.setText(translate("DropZone", self._prompt))

    # ----- what it takes ------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if self.isEnabled() and (mime.hasUrls() or mime.hasImage()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.take(event.mimeData()):
            event.acceptProposedAction()
        else:
            self.show_error(
                translate(
                    "DropZone", "That is not an image file: drop a picture (JPEG, PNG, WebP…) from your files"
                )
            )
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

    def focus_chain(self) -> list[QWidget]:
        """Its focus stops in screen order: the zone, the crop box, Crop and Fit, Remove image."""
        return [self, self.view, self.crop_button, self.fit_button, self.clear_button]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.browseRequested.emit()  # what a click does, from the keyboard
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus():
            paint_focus_ring(self)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.browseRequested.emit()
        super().mouseReleaseEvent(event)
