"""Retry and Skip after a shot stopped the chain (and the film continued after a restart), on the
storyboard as it was confirmed (:mod:`veo_desktop.core.storyboard.confirmed`): Retry sends the stopped
shot as it was confirmed, Skip takes exactly that shot away, neither asks again; shots changed since
(their text, count or order) are asked again with their cost, as Film storyboard… asks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from veo_desktop.core.storyboard import confirmed
from veo_desktop.core.storyboard.document import Storyboard
from veo_desktop.core.storyboard.window_board import shot_prompts
from veo_desktop.i18n import translate

if TYPE_CHECKING:
    from veo_desktop.gui.storyboard.film_controller import FilmController


class AfterStop:
    def __init__(self, film: FilmController) -> None:
        self.film = film

    async def go_on(self) -> None:
        """Retry, or a restart's continue: the storyboard being filmed as confirmed, no question (its
        cost was; a shot with a task is never sent again, a failed one was free)."""
        film = self.film
        going = await film._going()
        if going is None:
            film.panel.show_stopped(False)
            return
        if confirmed.shots_changed(going, shot_prompts(film.panel.shots_text())):
            await film._film_asked()
            return
        await self._film_confirmed(going)

    async def skip(self) -> None:
        """Exactly the stopped shot of the storyboard as confirmed taken out (its line too), then filmed
        on without a question; the shots changed otherwise since: the rest asked again, with its cost."""
        film = self.film
        number, going = film.keeper.board.stopped_at, await film._going()
        if going is None or not 1 <= number <= len(going.shots):
            return
        left = confirmed.without_shot(shot_prompts(film.panel.shots_text()), going.shots[number - 1].prompt)
        if left is None:
            text = translate(
                "Controller", "Shot {number} was changed: change the shots, then Film storyboard…"
            )
            film._say(text.format(number=number))
            return
        story = confirmed.skipped(going, number)
        film.panel.set_shots("\n".join(left))
        if not left:
            film.keeper.update(filming="", stopped_at=0)
            film.panel.show_stopped(False)
            film._say("")
        elif confirmed.shots_changed(story, left):
            await film._film_asked()
        else:
            await self._film_confirmed(story)

    async def _film_confirmed(self, story: Storyboard) -> None:
        """The storyboard as confirmed (or with its stopped shot skipped), filmed on."""
        film = self.film
        filming = await film._checked(story)
        if filming is None:
            return
        plan = await filming.survey()
        # Filmed in the demo and continued with a key (or the other way): asked again, as new.
        if any(s.note == "other_mode" for s in plan.to_send) and not await film._confirmed(filming):
            return
        film.keeper.update(stopped_at=0)
        await film._run(filming)
