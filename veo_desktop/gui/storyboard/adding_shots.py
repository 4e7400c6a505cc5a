"""Shots from clips that exist: "Add to storyboard as a shot" on a finished clip's menu (its task row, its
gallery tile) appends a line with its prompt to the storyboard in the Sequence tab, and the clip is that
shot's result: filming does not send it (see :mod:`veo_desktop.core.storyboard.adopting`). With no start
picture in the form, a storyboard whose first shot is such a clip starts from that clip's own picture."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from veo_desktop.core.storyboard import adopting, window_board
from veo_desktop.core.storyboard.document import Storyboard
from veo_desktop.core.storyboard.progress import Progress
from veo_desktop.core.storyboard.window_board import shot_line, shot_prompts
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.gui.storyboard.sequence_keeper import find_again
from veo_desktop.i18n import translate

if TYPE_CHECKING:
    from veo_desktop.gui.storyboard.film_controller import FilmController


class AddingShots:
    def __init__(self, film: FilmController) -> None:
        self.film = film

    def why_not(self, record: TaskRecord) -> str:
        """Why this clip cannot be added as a shot now ("" when it can)."""
        if self.film.busy:
            return translate("Controller", "Wait until the film being made is done")
        return self.film.sequence.why_not(record)

    def add(self, record: TaskRecord) -> None:
        reason = self.why_not(record)
        panel, keeper = self.film.panel, self.film.keeper
        self.film.window.tabs.setCurrentWidget(self.film.window.sequence)
        if reason:
            self.film.panel.show_status(reason)
            return
        line = shot_line(record.prompt)
        text = panel.shots_text().rstrip("\n")
        panel.set_shots(f"{text}\n{line}" if text.strip() else line)
        shots = shot_prompts(panel.shots_text())
        kept = window_board.KeptClip(record.id, record.task_id or "", record.output_path)
        keeper.update(adopted=window_board.adopt_clip(keeper.board.adopted, shots, line, kept))
        said = translate("Controller", "Shot {number} is this clip: filming does not send it again")
        panel.show_status(said.format(number=len(shots)))

    async def records(self) -> dict[str, TaskRecord]:
        """The shots taken from clips, by their line: the clips as the history has them now."""
        manager = self.film.manager
        if manager is None:
            return {}
        found: dict[str, TaskRecord] = {}
        for taken in self.film.keeper.board.adopted:
            clips = await find_again((taken.clip,), manager)
            if clips:
                found[taken.prompt] = clips[0]
        return found

    async def start_picture(self, prompts: tuple[str, ...]) -> tuple[bytes, str] | None:
        """The picture of the clip taken as the first shot (its bytes and extension), when it has one."""
        record = (await self.records()).get(prompts[0]) if prompts else None
        if record is None or not record.image_copy:
            return None
        copy = Path(record.image_copy)
        try:
            data = await asyncio.to_thread(copy.read_bytes)
        except OSError:
            return None
        return data, copy.suffix.lstrip(".").lower() or "png"

    async def adopt(self, story: Storyboard, kept: Progress) -> None:
        """Before the plan: each shot taken from a clip written as saved with it, where it can be."""
        clips = await self.records()
        if clips:
            await asyncio.to_thread(adopting.adopt, story, kept, clips)
