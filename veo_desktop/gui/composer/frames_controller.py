"""The start and the end frame together: one framing mode for both (crop or fit), swapping them, clearing
the end frame, what the end frame's panel shows for the chosen model (from the rules), and putting a
task's or a settings file's frames back."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from veo_desktop.api import rules
from veo_desktop.core.clips.provenance import Reused
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.gui.composer.end_frame_panel import EndFramePanel
from veo_desktop.gui.composer.image_controller import ImageController


class FramesController(QObject):
    changed = Signal()  # either frame, or whether one is being read, changed

    def __init__(self, start: ImageController, end: ImageController, panel: EndFramePanel) -> None:
        super().__init__(start)
        self.start = start
        self.end = end
        self.panel = panel
        self.free = ""  # what prices read instead (the offline demo's "free (demo)")
        self._taking: list[str] = []  # frames being taken from a video for a frame, each in words
        for one, other in ((start, end), (end, start)):
            one.changed.connect(self.changed)
            one.zone.framingModeChosen.connect(other.set_framing_mode)  # the framing applies to both
        panel.swapRequested.connect(self.swap)
        panel.clearRequested.connect(end.clear)

    @property
    def loading(self) -> bool:
        return self.start.loading or self.end.loading

    @property
    def taking(self) -> str:
        """A frame is being taken from a video to be the start or the end frame ("Continue from here",
        "This frame"): what, in words, while the frame shown is about to change; "" when none is."""
        return self._taking[-1] if self._taking else ""

    def taking_started(self, what: str) -> None:
        self._taking.append(what)
        self.changed.emit()

    def taking_ended(self, what: str) -> None:
        self._taking.remove(what)
        self.changed.emit()

    @property
    def given(self) -> tuple[bool, bool]:
        """Whether a start frame and an end frame are given, as the rules take them."""
        return self.start.image is not None, self.end.image is not None

    def swap(self) -> None:
        if self.loading:
            return
        start = self.start.image, self.start.framing, self.start.source
        end = self.end.image, self.end.framing, self.end.source
        self.start.put(*end)
        self.end.put(*start)

    def show(self, request: rules.VideoRequest) -> None:
        """What the end frame's panel shows for the chosen model: allowed, or why not and the switch."""
        verdict = rules.end_frame_verdict(request)
        target = rules.MODELS.get(rules.end_frame_model(request.model, request.aspect_ratio))
        choice = (
            "" if target is None else f"{target.label} — {self.free}" if self.free else target.choice_text
        )
        reason = verdict.reason.replace(target.choice_text, choice) if target is not None else verdict.reason
        self.panel.show_verdict(verdict.allowed, reason, choice)
        start, end = self.given
        self.panel.show_actions(
            can_swap=verdict.allowed and (start or end) and not self.loading,
            can_clear=end and not self.loading,
        )

    def show_framing(self) -> None:
        self.start.show_framing()
        self.end.show_framing()

    # ----- putting frames back ------------------------------------------------------------------

    def restore_task(self, record: TaskRecord) -> list[str]:
        """A task's frames from its kept copies (a frame it did not have is cleared); the names of the
        ones whose copy is gone (left as they are)."""
        missing = []
        for images, copy, name in (
            (self.start, record.image_copy, record.image_name),
            (self.end, record.end_image_copy, record.end_image_name),
        ):
            if copy and Path(copy).exists():
                images.take_copy(Path(copy), name or Path(copy).name)
            elif not name:
                images.clear()
            else:
                missing.append(name)
        return missing

    async def restore_sidecar(self, reused: Reused, folder: Path, record: TaskRecord | None) -> list[str]:
        """The frames a settings file names: from the history's copies of its task (``record``), else
        the images beside the file (same name and content); a frame it does not name is cleared. The
        names of the ones found nowhere (left as they are)."""
        missing = []
        for images, role in ((self.start, "start"), (self.end, "end")):
            frame = reused.frame(role)
            if frame is None:
                images.clear()
                continue
            copy = _kept_copy(record, role, frame.sha256)
            if copy is not None:
                images.take_copy(copy, frame.name)
            elif (beside := await asyncio.to_thread(frame.beside, folder)) is not None:
                images.take_file(beside)
            else:
                missing.append(frame.name)
        return missing


def _kept_copy(record: TaskRecord | None, role: str, sha256: str) -> Path | None:
    """The history's copy of a task's frame, when it holds that very image."""
    if record is None:
        return None
    copy, kept_sha = (
        (record.image_copy, record.image_sha256)
        if role == "start"
        else (record.end_image_copy, record.end_image_sha256)
    )
    return Path(copy) if copy and kept_sha == sha256 and Path(copy).exists() else None
