"""The player's header: which task the clip shown comes from, and what the player does with it, in its
words ("Playing" only while it plays; "Paused"; "Still" while it shows the task's picture instead)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.describe import playing_text
from veo_desktop.gui.player.preview import PreviewPanel

if TYPE_CHECKING:  # Qt Multimedia loads with the first clip, not with the window
    from PySide6.QtMultimedia import QMediaPlayer


class PreviewCaption(QObject):
    def __init__(self, preview: PreviewPanel) -> None:
        super().__init__(preview)
        self.preview = preview
        self.record: TaskRecord | None = None
        self._watched: QMediaPlayer | None = None
        preview.before_after.toggled.connect(self.refresh)
        preview.clipStarted.connect(self.refresh)  # the player exists by then

    def show(self, record: TaskRecord) -> None:
        """The player shows this task's clip now."""
        self.record = record
        self.refresh()

    def refresh(self, *_: object) -> None:
        player = self.preview.player
        if player is not None and player is not self._watched:  # made with the first clip
            player.playbackStateChanged.connect(self.refresh)
            self._watched = player
        if self.record is None:
            return
        if self.preview.before_after.isChecked():
            shown = "still"
        elif player is not None and player.playbackState() == type(player).PlaybackState.PlayingState:
            shown = "playing"
        else:
            shown = "paused"
        self.preview.show_caption(playing_text(self.record, shown), self.record.prompt)
