"""Taking the frame the preview shows: as the start frame, as the end frame (where the chosen model takes
one), or saved as a PNG. The frame is decoded exactly from the playing file (PyAV, off the UI thread),
never grabbed from the screen, so it has the video's own pixels and size."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from veo_desktop.api import rules
from veo_desktop.core.naming import frame_filename
from veo_desktop.gui.common.background import BackgroundTasks
from veo_desktop.gui.common.clip_dialogs import ask_save_path, named_as
from veo_desktop.i18n import translate

if TYPE_CHECKING:
    from veo_desktop.gui.composer.frames_controller import FramesController
    from veo_desktop.gui.shell.main_window import MainWindow  # the window these controls live in


def frame_name(video: Path, at: float) -> str:
    """What a frame taken at ``at`` seconds is called: the video's name and the time (portable)."""
    return frame_filename(video, at)


def _png_at(video: Path, at: float) -> bytes:
    from veo_desktop.core.clips.clip_frames import frame_at, png_bytes

    return png_bytes(frame_at(video, at))


class FrameGrabController(QObject):
    def __init__(self, window: MainWindow, frames: FramesController, background: BackgroundTasks) -> None:
        super().__init__(window)
        self.window = window
        self.panel = window.preview
        self.frames = frames
        self.background = background
        self.panel.tools.frameRequested.connect(self.grab)
        self.panel.tools.menuOpening.connect(self.show_end_frame)

    def end_frame_reason(self) -> str:
        """Why the frame cannot be the end frame with the model chosen now ("" when it can)."""
        verdict = rules.end_frame_verdict(self.window.form.request())
        return "" if verdict.allowed else verdict.reason

    def show_end_frame(self) -> None:
        self.panel.tools.show_end_frame(self.end_frame_reason())

    def grab(self, kind: str) -> None:
        """``kind``: "start", "end" or "save", for the frame shown now."""
        source = self.panel.source
        if source is None:
            return
        at = self.panel.position_ms() / 1000
        if kind == "end" and (reason := self.end_frame_reason()):
            self.window.show_message(reason, 15000)
            return
        if kind == "save":
            self.background.spawn(self._save(source, at, frame_name(source, at)), "frame-save")
            return
        # Generate is held from the click until the frame is in place: it would send the one shown now.
        taking = translate("Controller", "Taking the frame…")
        self.frames.taking_started(taking)
        self.background.spawn(self._grab(kind, source, at, taking), f"frame-{kind}")

    async def _grab(self, kind: str, source: Path, at: float, taking: str) -> None:
        from veo_desktop.core.clips.clip_frames import NotAVideo

        name = frame_name(source, at)
        images = self.frames.start if kind == "start" else self.frames.end
        try:
            try:
                png = await asyncio.to_thread(_png_at, source, at)
            except (NotAVideo, OSError) as exc:
                self.window.show_message(str(exc), 15000)
                return
            images.take_data(png, name)  # being read from now on: Generate stays held until it is
        finally:
            self.frames.taking_ended(taking)
        said = (
            translate("Controller", "The frame at {at} s of {video} is the start frame")
            if kind == "start"
            else translate("Controller", "The frame at {at} s of {video} is the end frame")
        )
        self.window.show_message(said.format(at=f"{at:.3f}", video=source.name), 15000)

    async def _save(self, source: Path, at: float, name: str) -> None:
        """Save the frame as a PNG where the user says; what went wrong is said in words, naming the
        folder chosen (never the hidden name the frame is written under before it is whole)."""
        from veo_desktop.core.clips.clip_frames import NotAVideo, save_frame

        chosen = await ask_save_path(
            self.window,
            "saveFrameDialog",
            translate("Controller", "Save the frame as PNG"),
            source.parent / name,
            "png",
        )
        if chosen is None:
            return
        dest, problem = named_as(chosen, "png")
        if problem:
            self.window.show_message(
                translate("Controller", "The frame was not saved: {reason}").format(reason=problem), 15000
            )
            return
        try:
            saved = await asyncio.to_thread(save_frame, source, at, dest)
        except NotAVideo as exc:
            said = translate("Controller", "The frame was not saved: {reason}").format(reason=exc)
        except OSError as exc:
            said = translate("Controller", "The frame was not saved in {folder}: {reason}").format(
                folder=dest.parent, reason=exc.strerror or type(exc).__name__
            )
        else:
            said = translate("Controller", "Saved {path}").format(path=saved)
        self.window.show_message(said, 15000)
