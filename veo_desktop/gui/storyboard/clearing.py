"""Clear in the Sequence tab, with Undo: everything goes (the clips, the shots written, a film stopped
half-way), and Undo brings back the same clips in the same order, the shots and the stopped film. A film
being made goes on (its shots stay). The film's clips taking the sequence's place can be undone too."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from veo_desktop.core.task_record import TaskRecord
from veo_desktop.gui.storyboard.sequence_keeper import clips_of, find_again
from veo_desktop.i18n import translate

if TYPE_CHECKING:
    from veo_desktop.gui.storyboard.film_controller import FilmController
    from veo_desktop.gui.storyboard.sequence_controller import SequenceController


@dataclass(frozen=True)
class Taken:
    clips: list[TaskRecord]
    shots: str = ""
    filming: str = ""  # the storyboard stopped half-way
    stopped_at: int = 0
    made: str = ""  # the storyboard of the last film made (its shots can be filmed again)


class Clearing(QObject):
    def __init__(self, sequence: SequenceController, film: FilmController) -> None:
        super().__init__(sequence)
        self.sequence = sequence
        self.film = film
        self.view = sequence.view
        self.taken: Taken | None = None
        self.view.clearRequested.connect(self.clear)
        self.view.undoClearRequested.connect(self.undo)

    def clear(self) -> None:
        panel, board = self.view.storyboard, self.sequence.keeper.board
        busy = self.film.busy
        taken = Taken(
            self.sequence.model.records(),
            "" if busy else panel.shots_text(),
            "" if busy else board.filming,
            board.stopped_at,
            "" if busy else board.made,
        )
        if not taken.clips and not taken.shots.strip() and not taken.filming:
            return
        self.taken = taken
        self.sequence.show_records([])
        if not busy:
            panel.set_shots("")
            self.film.forget_film()
        count = len(taken.clips)
        self.view.show_undo(translate("Controller", "Cleared the sequence (%n clip(s)) —", None, count))

    def replaced(self, clips: list[TaskRecord]) -> None:
        """The film's clips took the place of these."""
        if clips:
            self.taken = Taken(clips)
            count = len(clips)
            text = translate(
                "Controller", "The film's clips replaced the sequence (%n clip(s)) —", None, count
            )
            self.view.show_undo(text)

    def undo(self) -> None:
        """The same clips in the same order (before any added since), the shots, the stopped film; the
        clips as the history has them now, read off the window's thread."""
        taken, self.taken = self.taken, None
        self.view.show_undo("")
        if taken is not None:
            self.sequence.background.spawn(self._undo(taken), "sequence-undo")

    async def _undo(self, taken: Taken) -> None:
        manager = self.sequence.manager
        back = await find_again(clips_of(taken.clips), manager) if manager is not None else taken.clips
        if self.sequence.manager is not manager:  # another history now: these clips are not in it
            return
        ids = {r.id for r in back}
        self.sequence.show_records(back + [r for r in self.sequence.model.records() if r.id not in ids])
        panel = self.view.storyboard
        if taken.shots.strip() and not panel.shots_text().strip():
            panel.set_shots(taken.shots)
        if taken.filming and not self.film.busy and not self.sequence.keeper.board.filming:
            self.film.take_back(taken.filming, taken.stopped_at)
        if taken.made and not self.film.busy and not self.sequence.keeper.board.made:
            self.sequence.keeper.update(made=taken.made)
            self.film.refilming.refresh()

    def forget(self) -> None:
        self.taken = None
        self.view.show_undo("")
