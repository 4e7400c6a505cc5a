"""The reference image as the video will frame it: the crop box (draggable, arrow keys move it) with the
rest dimmed, or the whole image on black bars. The boxes come from :mod:`veo_desktop.core.clips.framing`."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from veo_desktop.core.clips.framing import Framing, canvas_size, crop_box
from veo_desktop.i18n import translate

KEY_STEP = 0.02  # an arrow key moves the crop box by 2 % of the image


class FramingView(QWidget):
    centerMoved = Signal(float, float)  # the crop box's new centre, as fractions of the image

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("framingView")
        self.setAccessibleName(translate("DropZone", "How the image is framed"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(80)
        self._pixmap = QPixmap()
        self._size = (1, 1)  # the image's own pixel size (the pixmap may be smaller)
        self._aspect: str | None = None  # the video's shape when it differs from the image's
        self._framing = Framing()
        self._drag_from: QPointF | None = None

    def sizeHint(self) -> QSize:
        return QSize(360, 220)  # room for the picture; the layout shrinks it to the minimum if it must

    def show_picture(self, pixmap: QPixmap, width: int, height: int) -> None:
        self._pixmap, self._size = pixmap, (width, height)
        self.update()

    def show_framing(self, aspect_ratio: str | None, framing: Framing) -> None:
        self._aspect, self._framing = aspect_ratio, framing
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if self.cropping else Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.SizeAllCursor if self.cropping else Qt.CursorShape.PointingHandCursor)
        self.update()

    @property
    def cropping(self) -> bool:
        return self._aspect is not None and self._framing.mode == "crop"

    def has_picture(self) -> bool:
        return not self._pixmap.isNull()

    # ----- geometry -----------------------------------------------------------------------------

    def frame_rect(self) -> tuple[QRectF, float]:
        """What is shown of the video's frame, centred in the widget (the image, plus its black bars
        when fitted), and the scale from image pixels to widget pixels."""
        width, height = self._size
        outer_w, outer_h = (
            canvas_size(width, height, self._aspect)
            if self._aspect is not None and self._framing.mode == "fit"
            else (width, height)
        )
        scale = min(self.width() / outer_w, self.height() / outer_h)
        outer = QRectF(0, 0, outer_w * scale, outer_h * scale)
        outer.moveCenter(QRectF(self.rect()).center())
        return outer, scale

    def image_rect(self) -> QRectF:
        """Where the image is drawn, in widget coordinates (inside its black bars when fitted)."""
        outer, scale = self.frame_rect()
        picture = QRectF(0, 0, self._size[0] * scale, self._size[1] * scale)
        picture.moveCenter(outer.center())
        return picture

    def crop_rect(self) -> QRectF:
        """The crop box in widget coordinates (empty when nothing is cropped)."""
        if not self.cropping or self._aspect is None:
            return QRectF()
        picture = self.image_rect()
        scale = picture.width() / self._size[0]
        left, top, right, bottom = crop_box(*self._size, self._aspect, self._framing)
        return QRectF(
            picture.left() + left * scale,
            picture.top() + top * scale,
            (right - left) * scale,
            (bottom - top) * scale,
        )

    # ----- painting -----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._pixmap.isNull():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        picture = self.image_rect()
        if self._aspect is not None and self._framing.mode == "fit":
            painter.fillRect(self.frame_rect()[0], Qt.GlobalColor.black)
        painter.drawPixmap(picture, self._pixmap, QRectF(self._pixmap.rect()))
        box = self.crop_rect()
        if not box.isEmpty():
            shade = QColor(0, 0, 0, 150)
            for strip in (
                QRectF(picture.left(), picture.top(), picture.width(), box.top() - picture.top()),
                QRectF(picture.left(), box.bottom(), picture.width(), picture.bottom() - box.bottom()),
                QRectF(picture.left(), box.top(), box.left() - picture.left(), box.height()),
                QRectF(box.right(), box.top(), picture.right() - box.right(), box.height()),
            ):
                painter.fillRect(strip, shade)
            painter.setPen(QPen(Qt.GlobalColor.white, 2, Qt.PenStyle.DashLine))
            painter.drawRect(box)
        if self.hasFocus():  # the arrow keys move the box: the keyboard is here
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        painter.end()

    # ----- moving the crop box ------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.cropping and event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = event.position()
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is None:
            super().mouseMoveEvent(event)
            return
        picture = self.image_rect()
        delta = event.position() - self._drag_from
        self._drag_from = event.position()
        self._move_by(delta.x() / picture.width(), delta.y() / picture.height())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None:
            self._drag_from = None
            event.accept()  # a drag is not a click: the drop zone does not open the file dialog
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {
            Qt.Key.Key_Left: (-KEY_STEP, 0.0),
            Qt.Key.Key_Right: (KEY_STEP, 0.0),
            Qt.Key.Key_Up: (0.0, -KEY_STEP),
            Qt.Key.Key_Down: (0.0, KEY_STEP),
        }
        step = steps.get(Qt.Key(event.key()))
        if self.cropping and step is not None:
            self._move_by(*step)
            return
        super().keyPressEvent(event)

    def _move_by(self, dx: float, dy: float) -> None:
        assert self._aspect is not None
        width, height = self._size
        left, top, right, bottom = crop_box(width, height, self._aspect, self._framing)
        half_w, half_h = (right - left) / 2 / width, (bottom - top) / 2 / height
        x = min(max(self._framing.center_x + dx, half_w), 1 - half_w)
        y = min(max(self._framing.center_y + dy, half_h), 1 - half_h)
        self.centerMoved.emit(x, y)
