"""Filming a storyboard on the task manager: one shot after another, each from the last frame of the one
before (as Continue does: the new task is linked to it), then the film.

Never a shot twice: before a shot's request goes out its intent is in the progress file, and its local
id is written the moment the task manager records the task (still before the request). A later run
surveys the shots again (:mod:`.plan`): a shot with an accepted task is followed until its video is
saved, one whose outcome is unknown stops the run, and the first shot without an accepted task is sent.
A shot that fails or is refused stops the chain there: nothing after it is sent. No Qt.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from veo_desktop.api import rules
from veo_desktop.core.clips.images import PreparedImage, prepare_image
from veo_desktop.core.storyboard.document import Storyboard
from veo_desktop.core.storyboard.film_output import FilmMade, export_film
from veo_desktop.core.storyboard.plan import Plan, ShotStatus, survey
from veo_desktop.core.storyboard.progress import Progress, ShotProgress, fingerprint
from veo_desktop.core.storyboard.time_left import film_seconds_left, time_left_text
from veo_desktop.core.storyboard.validation import shot_name
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.estimate import RenderTimes
from veo_desktop.core.tasks.manager import TaskEvent, TaskManager
from veo_desktop.i18n import translate

log = logging.getLogger(__name__)
Say = Callable[[str], None]
ELSEWHERE_POLL_SECONDS = 1.0


class ShotStopped(Exception):
    """The chain stops at this shot (failed, refused, outcome unknown, cannot start): nothing after it
    was sent. ``str()`` says why and what to do."""

    def __init__(self, number: int, message: str, record: TaskRecord | None = None) -> None:
        self.number = number
        self.record = record
        super().__init__(message)


@dataclass(frozen=True)
class Filmed:
    film: FilmMade
    records: tuple[TaskRecord, ...]  # one per shot, each completed


async def fingerprints(story: Storyboard) -> list[str]:
    return await asyncio.to_thread(
        lambda: [fingerprint(story, n, shot) for n, shot in enumerate(story.shots, 1)]
    )


class Filming:
    def __init__(
        self, manager: TaskManager, story: Storyboard, progress: Progress, say: Say, *, recover: bool = True
    ) -> None:
        self.manager = manager
        self.story = story
        self.progress = progress
        self.say = say
        # False where this process may be sending another task right now (the window's form): its
        # submission in flight must not be taken for one a stopped run left mid-request.
        self.recover = recover
        self._prints: list[str] = []
        # For the time left: the learned render times, the shots still to make (number → request), the
        # shot being made now and its task's local id once recorded, and what it said last.
        self.times: RenderTimes | None = None
        self._todo: dict[int, rules.VideoRequest] = {}
        self._making = 0
        self._making_id: int | None = None
        self._said: tuple[int, str] | None = None
        self._latest: dict[int, TaskRecord] = {}  # local id → the task as last told (see _keep_latest)
        # "Film again from here": the saved shot filmed again (0: none), and the last shot this run
        # films (0: every shot, then the film is cut; else the shots up to it, and no film).
        self.again = 0
        self.last = 0

    async def survey(self) -> Plan:
        """Where each shot stands now (after marking submissions a stopped run left mid-request)."""
        if self.recover:
            await self.manager.recover_interrupted()
        self.progress.use(self.manager.demo)  # this mode's shots: never displacing the other's
        self._prints = await fingerprints(self.story)
        store = self.manager.store  # the survey reads the history on its own thread, in one go
        recent = functools.partial(store.records, limit=500)
        return await store.read(
            survey,
            self.story,
            self.progress,
            self._prints,
            store,
            recent,
            demo=self.manager.demo,
            again=self.again,
        )

    def time_left(self, now: float | None = None) -> str:
        """The time the rest of the film takes, in words ("" before filming starts or after it ends)."""
        if self.times is None or not self._todo:
            return ""
        current = self._todo.get(self._making)
        record = self._latest.get(self._making_id) if self._making_id is not None else None
        after = [request for number, request in self._todo.items() if number > self._making]
        left = film_seconds_left(current, record, after, self.times, time.time() if now is None else now)
        return time_left_text(left) if left > 0 else ""  # the last shot saved: only the cut is left

    def progress_line(self, now: float | None = None) -> str:
        """The shot's last news with the time left as of now (said again as time passes)."""
        if self._said is None:
            return ""
        number, text = self._said
        total = len(self.story.shots)
        head = translate("Storyboard", "Shot {number} of {total}").format(number=number, total=total)
        left = self.time_left(now)
        return f"{head}: {text} · {left}" if left else f"{head}: {text}"

    def _shot_says(self, number: int, text: str) -> None:
        self._said = (number, text)
        self.say(self.progress_line())

    async def run(self) -> Filmed:
        """Film every shot not saved yet, in order, then the film. Raises :class:`ShotStopped` where
        the chain stops, or the service's error (the shot's record says what became of it)."""
        records = await self.shoot()
        self.say(translate("Storyboard", "Every shot is saved; cutting the film…"))
        film = await export_film(self.story, self.progress, records)
        return Filmed(film, tuple(records))

    async def shoot(self) -> list[TaskRecord]:
        """Film every shot not saved yet, in order, up to :attr:`last` (every shot when 0); their
        records. Raises as :meth:`run` does."""
        plan = await self.survey()
        shots = [s for s in plan.shots if not self.last or s.number <= self.last]
        self.times = RenderTimes.from_history(await self.manager.history.finished(500))
        self._todo = {s.number: s.request for s in shots if s.standing != "saved"}
        records: list[TaskRecord] = []
        unsubscribe = self.manager.subscribe(self._keep_latest)
        try:
            for status in shots:
                record = await self._shoot(status, records[-1] if records else None)
                records.append(record)
                self._todo.pop(status.number, None)
        finally:
            unsubscribe()
        self._said = None
        return records

    def _keep_latest(self, event: TaskEvent) -> None:
        """The shots' tasks as the task manager last told of them (for the time left, and a shot's entry
        when its submission fails), so neither waits for the history on the event loop's thread."""
        record = event.record
        if event.kind == "added" or record.id in self._latest or record.id == self._making_id:
            self._latest[record.id] = record

    async def _shoot(self, status: ShotStatus, parent: TaskRecord | None) -> TaskRecord:
        number = status.number
        running = status.record if status.standing == "running" else None
        self._making, self._making_id = number, running.id if running else None
        if running is not None:  # as the survey read it, until the task manager tells more
            self._latest[running.id] = running
        if status.standing == "unknown":
            raise ShotStopped(number, self._unknown_text(status), status.record)
        if status.standing == "saved" and status.record is not None:
            self._shot_says(
                number,
                translate("Storyboard", "saved already ({path})").format(path=status.record.output_path),
            )
            return status.record
        if status.standing == "running":
            record = status.record
            name = (record.task_id if record else None) or (status.entry.task_id if status.entry else "")
            text = translate("Storyboard", "following its task {task}, sent before (not sent again)")
            self._shot_says(number, text.format(task=name))
            if record is None:  # the history lost it; the service has it
                record = await self.manager.import_task(name or "")
        else:
            if status.note:
                self._shot_says(number, status.note_text)
            record = await self._send(status, parent)
        self._making_id = record.id
        ended = await self._follow(record)
        self._settle(number, ended)
        if ended.state != "completed":
            text = translate(
                "Storyboard",
                "{shot} ended without a video ({state}): {reason}. Nothing after it was sent; "
                "running the storyboard again sends it again (failed tasks are free)",
            )
            reason = ended.last_error or ended.state
            raise ShotStopped(
                number, text.format(shot=shot_name(number), state=ended.state, reason=reason), ended
            )
        self._shot_says(number, translate("Storyboard", "saved {path}").format(path=ended.output_path))
        return ended

    def _unknown_text(self, status: ShotStatus) -> str:
        record = status.record
        name = (record.task_id if record else None) or (f"#{record.id}" if record else "?")
        text = translate(
            "Storyboard",
            "{shot} was sent, but whether the service took it is not known (task {task}); it is never "
            "sent again on its own. Look for it in your provider's console (`veo-desktop import "
            "TASK_ID` fetches it). To send it again anyway (it may then be billed twice), remove shot "
            "{number} from {progress} and run again",
        )
        return text.format(
            shot=shot_name(status.number), task=name, number=status.number, progress=self.progress.path
        )

    async def _withdraw(self, record: TaskRecord | None) -> None:
        """A task of this shot that is not worth following: one recorded and never sent, or (in the
        demo) one of an earlier run's emulator, which is gone."""
        if record is None or record.state == "completed":
            return
        unsent = record.state == "waiting"
        if unsent or (self.manager.demo and record.demo and (record.active or record.state == "unknown")):
            try:
                await self.manager.stop_tracking(record.id)
            except ValueError as exc:  # another Veo Desktop is sending it now
                raise ShotStopped(0, str(exc), record) from None

    async def _frames(
        self, status: ShotStatus, parent: TaskRecord | None
    ) -> tuple[PreparedImage, PreparedImage | None]:
        from veo_desktop.core.clips.continuing import CannotContinue

        if parent is None:
            image = await asyncio.to_thread(prepare_image, self.story.start_path)
        else:
            try:
                image = await self.manager.last_frame(parent)
            except CannotContinue as exc:
                raise ShotStopped(status.number, f"{shot_name(status.number)}: {exc}") from None
        end_path = self.story.end_path(status.shot)
        end = None if end_path is None else await asyncio.to_thread(prepare_image, end_path)
        return image, end

    async def _send(self, status: ShotStatus, parent: TaskRecord | None) -> TaskRecord:
        number, request = status.number, status.request
        await self._withdraw(status.record)
        image, end = await self._frames(status, parent)
        parent_id = parent.task_id or "" if parent is not None else ""
        model = rules.MODELS.get(request.model)
        price = model.price_text if model else "?"
        self._shot_says(
            number,
            translate("Storyboard", "sending ({model}, {price})").format(model=request.model, price=price),
        )
        intent = ShotProgress(number, self._prints[number - 1], "sending", time.time(), parent_id)
        await asyncio.to_thread(self.progress.put, self.progress.restart(intent))  # before the request
        unsubscribe = self.manager.subscribe(self._recorder(number, request, parent_id))
        try:
            record = await self.manager.submit(request, image, end=end, parent_task_id=parent_id)
        except BaseException:
            self._settle_by_entry(number)
            raise
        finally:
            unsubscribe()
        self._settle(number, record)
        text = translate("Storyboard", "accepted as task {task}").format(
            task=record.task_id or f"#{record.id}"
        )
        self._shot_says(number, text)
        return record

    def _recorder(
        self, number: int, request: rules.VideoRequest, parent_id: str
    ) -> Callable[[TaskEvent], None]:
        """Writes the shot's local id the moment the task manager records its task: before the request."""

        def on_event(event: TaskEvent) -> None:
            entry = self.progress.shots.get(number)
            record = event.record
            if event.kind != "added" or entry is None or entry.local_id is not None:
                return
            if (record.prompt, record.model, record.parent_task_id) != (
                request.prompt,
                request.model,
                parent_id,
            ):
                return
            self.progress.put(replace(entry, local_id=record.id, state=record.state))

        return on_event

    def _settle(self, number: int, record: TaskRecord) -> None:
        """The shot's entry as the history has it now (blocking; a small file)."""
        entry = self.progress.shots.get(number)
        if entry is None:
            return
        state = "saved" if record.state == "completed" else record.state
        video = record.output_path if record.state == "completed" else ""
        changed = replace(entry, local_id=record.id, task_id=record.task_id, state=state, video=video)
        if changed != entry:
            try:
                self.progress.put(changed)
            except OSError as exc:  # the history still has it; the next run finds it there
                log.error("could not write %s: %s", self.progress.path, exc)

    def _settle_by_entry(self, number: int) -> None:
        entry = self.progress.shots.get(number)
        record = self._latest.get(entry.local_id) if entry is not None and entry.local_id else None
        if record is not None:
            with contextlib.suppress(Exception):
                self._settle(number, record)

    async def _follow(self, record: TaskRecord) -> TaskRecord:
        """Until the task ends (its video saved, or not); a task another Veo Desktop follows is watched
        in the history, and taken up when that one lets go of it."""
        while True:
            current = await self.manager.history.get(record.id) or record
            if not (current.active or current.state in ("waiting", "paused", "submitting")):
                return current
            if current.id not in self.manager.following:
                if current.state == "paused":
                    current = await self.manager.follow_again(current.id)
                elif current.task_id and current.active:
                    current = await self.manager.import_task(current.task_id)
            if current.id in self.manager.following:
                ended = await self.manager.wait([current.id])
                return ended[0] if ended else current
            await asyncio.sleep(
                ELSEWHERE_POLL_SECONDS
            )  # followed elsewhere: its state comes through the history
