"""Reordering the shots in the Sequence tab: Alt+Up / Alt+Down moves the shot on the cursor's line. When a
film was made (or started) here, what was sent for each moved shot moves with it in the storyboard's
progress file, so a moved saved shot keeps its clip and is marked stale (it no longer starts from the
last frame of the shot before it), as is the shot after it; "Film again from here" films them again. A
shot whose task may still be being made, or whose outcome is not known, is not moved: its task must stay
where the next run looks for it, so it is never sent again."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from veo_desktop.core.storyboard import stale
from veo_desktop.core.storyboard.document import StoryboardError
from veo_desktop.i18n import translate

if TYPE_CHECKING:
    from veo_desktop.gui.storyboard.film_controller import FilmController

log = logging.getLogger(__name__)


class MovingShots:
    def __init__(self, film: FilmController) -> None:
        self.film = film
        self.moving = False  # one move at a time: the next waits for this one's file to be written
        film.panel.moveRequested.connect(self.move)

    def move(self, number: int, to: int) -> None:
        if self.film.busy or self.moving:
            return
        path = self.film.refilming.storyboard_path()
        if not path:
            self.film.panel.move_shot(number, to)  # nothing filmed yet: only the lines move
            return
        self.moving = True
        self.film.background.spawn(self._move(path, number, to), "storyboard-move-shot")

    async def _move(self, path: str, number: int, to: int) -> None:
        try:
            try:
                kept = await self.film.progress_at(path)  # its mode's shots
            except StoryboardError as exc:  # the film's file is gone: only the lines move
                log.warning("the storyboard %s cannot be read (%s): only the lines move", path, exc)
                self.film.panel.move_shot(number, to)
                return
            if self.film.busy:
                return
            if not stale.can_move(kept, number, to):
                text = translate("Controller", "Shot {number} is still being made: it cannot be moved now")
                self.film._say(text.format(number=number if not stale.can_move(kept, number, number) else to))
                return
            await asyncio.to_thread(stale.swap, kept, number, to)
            self.film.panel.move_shot(number, to)
        except OSError as exc:
            self.film._say(str(exc))
        finally:
            self.moving = False
        self.film.refilming.refresh(point=False)
