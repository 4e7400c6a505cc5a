"""Stale shots and "Film again from here", in the Sequence tab: after a film is made (or while one is
stopped), the shots whose start frame changed (the shot before them was made again) are marked, and "Film
again from here" films the shot on the cursor's line and every shot after it again, each from the new
last frame of the one before, after one confirmation of the cost; or only that shot, which leaves the
shots after it stale. A shot whose task is still being made, or whose outcome is unknown, is never sent
again (see :func:`veo_desktop.core.storyboard.plan.survey`)."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtWidgets import QAbstractButton, QMessageBox

from veo_desktop.api import rules
from veo_desktop.core.storyboard import document, progress, stale, window_board
from veo_desktop.core.storyboard.document import StoryboardError
from veo_desktop.core.storyboard.filming import Filming
from veo_desktop.core.storyboard.plan import Plan
from veo_desktop.core.storyboard.window_board import shot_prompts
from veo_desktop.gui.common.dialogs import answer
from veo_desktop.i18n import translate

if TYPE_CHECKING:
    from veo_desktop.gui.storyboard.film_controller import FilmController

log = logging.getLogger(__name__)
Choice = Literal["all", "only", ""]


class FilmingAgain:
    def __init__(self, film: FilmController) -> None:
        self.film = film
        self.panel = film.panel
        self.panel.againRequested.connect(self.again)

    def storyboard_path(self) -> str:
        """The storyboard whose shots can be filmed again: the one being filmed, or the last one made."""
        board = self.film.keeper.board
        return board.filming or board.made

    # ----- marking stale shots --------------------------------------------------------------------

    def refresh(self, *, point: bool = True) -> None:
        """Look again at which shots are saved and which are stale (after filming, a restart, Clear, a
        move); ``point``: the cursor put on the first stale shot's line (not after a move: it follows
        the moved shot)."""
        if self.film.busy or not self.storyboard_path() or self.film.manager is None:
            self.panel.show_again(False)
            self.panel.show_stale("")
            return
        self.film.background.spawn(self._look(self.storyboard_path(), point), "storyboard-stale")

    async def _look(self, path: str, point: bool) -> None:
        count = len(shot_prompts(self.panel.shots_text()))
        try:
            kept = await self.film.progress_at(path)  # its mode's shots
        except (OSError, StoryboardError) as exc:
            log.warning("the storyboard %s cannot be read (%s): no shot is filmed again", path, exc)
            kept = None
        if self.film.busy or path != self.storyboard_path():
            return  # filming started meanwhile, or another storyboard: looked at again after it
        found = stale.stale_shots(kept, count) if kept is not None else ()
        self.panel.show_again(bool(kept is not None and stale.saved_shots(kept, count)))
        self.panel.show_stale(stale.stale_text(found))
        if found and point:
            self.panel.put_cursor(found[0])  # "Film again from here" films the first stale shot

    # ----- filming again --------------------------------------------------------------------------

    def again(self, number: int) -> None:
        if self.film.busy or not self.storyboard_path():
            return
        self.film.start(self._again(number), "storyboard-film-again")

    async def _again(self, number: int) -> None:
        path = self.storyboard_path()
        prompts = shot_prompts(self.panel.shots_text())
        if not 1 <= number <= len(prompts):
            self.film._say(translate("Controller", "Put the cursor on a shot's line first"))
            return
        try:
            story = await asyncio.to_thread(document.load, Path(path))
        except StoryboardError as exc:
            self.film._say(str(exc))
            return
        # Written down as confirmed only once the question is answered: a cancelled question must
        # not leave shots on disk that a later Retry would film without asking.
        filming = await self.film._checked(window_board.with_shots(story, prompts), save=False)
        if filming is None:
            return
        filming.again = number
        choice = await self._confirmed(filming, await filming.survey(), number)
        if choice and not await self.film._save(filming.story):
            return
        if choice == "only":
            filming.last = number
            await self._run_only(filming, number)
        elif choice == "all":
            self.film.keeper.update(filming=str(filming.story.path), stopped_at=0)
            await self.film._run(filming)

    async def _confirmed(self, filming: Filming, plan: Plan, number: int) -> Choice:
        """The one question: film these shots again, at this cost? Or only this one."""
        sending = plan.to_send
        if not sending:
            text = translate("Controller", "Shot {number} is still being made; nothing was sent")
            self.film._say(text.format(number=number))
            return ""
        cost = rules.format_cents(plan.to_send_cents)
        count = len(sending)
        text = translate(
            "Controller",
            "Film %n shot(s) again from shot {number}, each from the last frame of the one before?\n"
            "Cost: {cost} ({each} each; a shot that fails is free).",
            None,
            count,
        ).format(number=number, cost=cost, each=rules.format_cents(sending[0].price_cents))
        if filming.manager.demo:
            text += "\n" + translate("Controller", "The demo charges nothing.")
        box = QMessageBox(
            QMessageBox.Icon.Question,
            translate("Controller", "Film again from here"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self.film.window,
        )
        box.setObjectName("filmAgainConfirm")
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText(translate("Controller", "Film %n shot(s) ({cost})", None, count).format(cost=cost))
        only = None
        if len(sending) > 1 and sending[0].number == number:  # the shots after it are left stale
            price = rules.format_cents(sending[0].price_cents)
            label = translate("Controller", "Only shot {number} ({cost})").format(number=number, cost=price)
            only = box.addButton(label, QMessageBox.ButtonRole.AcceptRole)
            only.setObjectName("filmOnlyThisShot")
        chosen: list[QAbstractButton] = []
        box.buttonClicked.connect(chosen.append)
        await answer(box)
        if chosen and chosen[0] is yes:
            return "all"
        if chosen and only is not None and chosen[0] is only:
            return "only"
        self.film._say(translate("Controller", "Not filmed; nothing was sent"))
        return ""

    async def _run_only(self, filming: Filming, number: int) -> None:
        """Only this shot filmed again: the film is not cut again, and the shots after it are stale."""
        film = self.film
        self.panel.show_stopped(False)
        film.filming = filming
        film.ticker.start()
        try:
            with progress.filming_lock(filming.story):
                try:
                    records = await filming.shoot()
                finally:
                    film.ticker.stop()
                    film.filming = None
        except Exception as exc:  # a shot that stopped, the service's error, a file: said
            log.warning("filming shot %d of %s again stopped: %r", number, filming.story.path, exc)
            film._say(str(exc))
            return
        text = translate("Controller", "Shot {number} is filmed again: {path}")
        film._say(text.format(number=number, path=records[-1].output_path if records else ""))
