"""One reference image and its framing: where a picture comes from (a drop, a paste, the open dialog, a
task's kept copy), reading it off the UI thread, the crop box or the bars, and what will be uploaded.
The window has two: the start frame's (which also takes a batch) and the end frame's."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from veo_desktop.api import rules
from veo_desktop.core.clips.framing import Framing, frame_image, needs_framing
from veo_desktop.core.clips.images import (
    ImageRejected,
    PreparedImage,
    prepare_image,
    prepare_image_bytes,
    size_words,
)
from veo_desktop.gui.common import dialogs
from veo_desktop.gui.common.background import BackgroundTasks
from veo_desktop.gui.common.window_state import WindowState
from veo_desktop.gui.composer.drop_zone import ImageDropZone
from veo_desktop.gui.composer.generation_form import GenerationForm
from veo_desktop.i18n import translate

# What an upload was worked out from: the source's hash (never id(): a freed image's id can come back for
# another picture), its name, the frame's size and shape, and the framing.
UploadInputs = tuple[str, str, str, str, Framing]


class ImageController(QObject):
    changed = Signal()  # the image, or whether one is being read, changed
    settingsFileChosen = Signal(object)  # Path: the .json beside a video, to fill the form from
    batchChosen = Signal(list)  # list[Path]: several images at once, one video each

    def __init__(
        self,
        zone: ImageDropZone,
        form: GenerationForm,
        state: WindowState,
        background: BackgroundTasks,
        parent: QWidget,
        *,
        batch: bool = True,
        dialog_title: str = "",
    ) -> None:
        """``batch``: several images dropped at once make one video each (the start frame's zone); else
        one is asked for. ``dialog_title``: the open dialog's, translated (empty: the usual one)."""
        super().__init__(parent)
        self.zone = zone
        self.form = form  # read for the video's shape only: the framing follows it
        self.state = state
        self.background = background
        self.dialog_parent = parent
        self.batch = batch
        self.dialog_title = dialog_title
        self.image: PreparedImage | None = None
        self.source: Path | None = None  # the file the image was read from (none: pasted, dropped data)
        self.framing = Framing()
        self.loading = False  # a picture is being read: what would be sent is not known yet
        self._reads = 0  # pictures being read now
        self._latest = 0  # the last picture asked for: an earlier one read later does not replace it
        # The last upload worked out for the report under the image: (inputs, what would be sent).
        self._upload: tuple[UploadInputs, PreparedImage] | None = None
        self._measuring = False
        zone.filesChosen.connect(self.take_files)
        zone.imageDataChosen.connect(self.take_data)
        zone.browseRequested.connect(self.browse)
        zone.clearRequested.connect(self.clear)
        zone.framingModeChosen.connect(self.set_framing_mode)
        zone.cropMoved.connect(self.move_crop)

    # ----- where a picture comes from -----------------------------------------------------------

    def take_files(self, files: list[Path]) -> None:
        """Files dropped, opened or named on the command line: one image is read; a video's settings
        file and several images are the form's to handle."""
        if len(files) == 1 and files[0].suffix.lower() == ".json":
            self.settingsFileChosen.emit(files[0])
        elif len(files) == 1:
            self.take_file(files[0])
        elif files and self.batch:
            self.batchChosen.emit(files)
        elif files:
            self.zone.show_error(
                translate("Controller", "{count} images: drop one here").format(count=len(files))
            )

    def take_file(self, path: Path) -> None:
        self._read(path.name, lambda: prepare_image(path), source=path)

    def take_data(self, data: bytes, name: str) -> None:
        self._read(name, lambda: prepare_image_bytes(data, name))

    def take_copy(self, copy: Path, name: str) -> None:
        """A task's kept copy of its reference image (reusing a task's settings)."""
        self._read(name, lambda: prepare_image_bytes(copy.read_bytes(), name))

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not self.zone.take(mime):
            self.zone.show_error(translate("Controller", "The clipboard holds no image"))

    def browse(self) -> None:
        def chosen(files: list[Path]) -> None:
            self.state.set_last_folder(str(files[0].parent))
            self.take_files(files)

        dialogs.choose_images(self.dialog_parent, self.state.last_folder(), chosen, self.dialog_title)

    def clear(self) -> None:
        self.put(None, Framing(mode=self.framing.mode))

    def put(self, image: PreparedImage | None, framing: Framing, source: Path | None = None) -> None:
        """Show an image already read (or none), framed so: swapping the start and end frames."""
        self._latest += 1  # chosen after any picture still being read: that one does not replace it
        self.image, self.framing, self.source = image, framing, source
        if image is None:
            self.zone.show_empty()
        else:
            self.zone.show_image(image)
        self.changed.emit()
        self.show_framing()

    def _read(self, name: str, read: Callable[[], PreparedImage], source: Path | None = None) -> None:
        # Loading from this very moment (not from when the reading starts): a Generate that comes before
        # the picture is read is held, never sent with the picture shown before.
        self._reads += 1
        self._latest += 1
        self.loading = True
        self.zone.show_loading(name)
        self.changed.emit()
        self.background.spawn(self._load(read, source, self._latest), "read-image")

    async def _load(self, read: Callable[[], PreparedImage], source: Path | None, number: int) -> None:
        try:
            prepared = await asyncio.to_thread(read)
            if number != self._latest:
                return  # another picture was chosen meanwhile: that one is shown and sent
        except ImageRejected as exc:
            if number != self._latest:
                return
            self.zone.show_error(str(exc))
            if self.image is not None:
                self.zone.show_image(self.image)
                self.zone.show_error(str(exc))
        else:
            self.image, self.source = prepared, source
            self.framing = Framing(mode=self.framing.mode)  # a new picture: the crop box back in the middle
            self.zone.show_image(prepared)
        finally:
            self._reads -= 1
            self.loading = self._reads > 0
            self.changed.emit()
            self.show_framing()

    # ----- framing ------------------------------------------------------------------------------

    def set_framing_mode(self, mode: str) -> None:
        self.framing = replace(self.framing, mode="fit" if mode == "fit" else "crop")
        self.show_framing()

    def move_crop(self, x: float, y: float) -> None:
        self.framing = replace(self.framing, center_x=x, center_y=y)
        self.show_framing()

    def show_framing(self) -> None:
        """Show how the image will be framed for the chosen shape, and what will be uploaded."""
        image = self.image
        if image is None:
            return
        request = self.form.request()
        differs = needs_framing(image.width, image.height, request.aspect_ratio)
        note = ""
        if differs:
            note = (
                translate(
                    "Controller",
                    "Cropped to {shape}: drag the box (or use the arrow keys) to choose what stays.",
                )
                if self.framing.mode == "crop"
                else translate("Controller", "Fitted whole into {shape}, with black bars.")
            ).format(shape=request.aspect_ratio)
        self.zone.show_framing(request.aspect_ratio if differs else None, self.framing, note)
        if not self._measuring:
            self._measuring = True
            self.background.spawn(self._measure_upload(), "measure-upload")

    async def framed(
        self, image: PreparedImage, request: rules.VideoRequest, framing: Framing
    ) -> PreparedImage:
        """What is uploaded for this image (the one the report under the image measured, when current)."""
        inputs = (image.sha256, image.source_name, request.size, request.aspect_ratio, framing)
        if self._upload is not None and self._upload[0] == inputs:
            return self._upload[1]
        framed = await asyncio.to_thread(frame_image, image, request.size, request.aspect_ratio, framing)
        self._upload = (inputs, framed)
        return framed

    async def _measure_upload(self) -> None:
        """One measurement at a time; when the inputs moved on meanwhile (a drag), measure again."""
        try:
            while self.image is not None:
                image, request, framing = self.image, self.form.request(), self.framing
                framed = await self.framed(image, request, framing)
                if (self.image, self.form.request(), self.framing) == (image, request, framing):
                    self.zone.show_upload(_upload_text(framed))
                    return
        finally:
            self._measuring = False


def _upload_text(framed: PreparedImage) -> str:
    sent = len(framed.reference.data)
    text = translate("Controller", "Uploads {width} x {height} px, {size}").format(
        width=framed.width, height=framed.height, size=size_words(sent)
    )
    if framed.scaled_from is not None and framed.scaled_from[2] > sent:
        saved = size_words(framed.scaled_from[2] - sent)
        text += translate("Controller", " ({size} less than the image)").format(size=saved)
    return text
