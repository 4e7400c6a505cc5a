"""The aspect ratio from the start picture's shape (the rule: :mod:`veo_desktop.core.clips.picture_shape`): a
new start picture chooses the ratio of its shape and says so beside the choice, unless the user picked
a ratio in this window (in the list, or by putting a task's or a settings file's settings back)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from veo_desktop.core.clips.picture_shape import suggest_shape
from veo_desktop.gui.composer.form_controller import FormController


class ShapeController(QObject):
    def __init__(self, form: FormController) -> None:
        super().__init__(form)
        self.form = form
        self.picked = False  # the user chose a ratio: pictures no longer change it
        self._seen = ""  # the start picture already followed (its SHA-256)
        form.form.choicesChanged.connect(self._chosen)
        form.form.filled.connect(self._pick)
        form.images.changed.connect(self._picture_changed)

    def _chosen(self, field_name: str) -> None:
        if field_name == "aspect_ratio":
            self._pick()

    def _pick(self) -> None:
        self.picked = True
        self.form.form.show_shape_note("")

    def _picture_changed(self) -> None:
        image = self.form.images.image
        if image is None:
            self._seen = ""
            self.form.form.show_shape_note("")
            return
        if image.sha256 == self._seen:
            return
        self._seen = image.sha256
        suggestion = suggest_shape(image.width, image.height, picked=self.picked)
        if suggestion is None:
            self.form.form.show_shape_note("")
            return
        self.form.form.select("aspect_ratio", suggestion.aspect_ratio)
        self.form.on_choice("aspect_ratio")  # the exact model, the framing and the cost follow
        self.form.form.show_shape_note(suggestion.note)
