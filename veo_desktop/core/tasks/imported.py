"""Tasks made elsewhere (the provider's console, another machine, an id the app printed when it could not
write it down): followed like any other, or, when finished, downloaded at once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from veo_desktop.api import rules
from veo_desktop.api.client import VeoClient
from veo_desktop.api.wire import ENDED_WITHOUT_VIDEO, TaskStatus, check_task_id
from veo_desktop.core.clips.saved_videos import is_its_video
from veo_desktop.core.history.ownership import ELSEWHERE, TaskOwnership
from veo_desktop.core.history.store import HistoryStore
from veo_desktop.core.naming import unique_path, video_filename
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.followers import Followers
from veo_desktop.core.tasks.polling import CANCELED, EXPIRED, NO_REASON, apply_status
from veo_desktop.core.tasks.saving import OutputFolder, Saver
from veo_desktop.core.tasks.writes import TaskWrites
from veo_desktop.i18n import translate


class TaskNotReady(Exception):
    """A download was asked for a task the service has not finished (or that failed)."""


class Importer:
    def __init__(
        self,
        client: VeoClient,
        store: HistoryStore,
        writes: TaskWrites,
        output: OutputFolder,
        ownership: TaskOwnership,
        followers: Followers,
        saver: Saver,
        *,
        clock: Callable[[], float],
        demo: bool,
    ) -> None:
        self.client = client
        self.store = store
        self.writes = writes
        self.output = output
        self.ownership = ownership
        self.followers = followers
        self.saver = saver
        self._clock = clock
        self.demo = demo

    async def follow(self, task_id: str) -> TaskRecord:
        """Add a task by id (once: a known id is the task already there) and follow it."""
        task_id = check_task_id(task_id)
        existing = await self.store.reads.by_task_id(task_id)
        if existing is not None:
            if existing.active:
                self.followers.follow(existing)
            return existing
        record = await self._add(await self.client.status(task_id))
        self.followers.follow(record)
        return record

    async def _add(self, status: TaskStatus) -> TaskRecord:
        # The model as the service names it: one it does not name, or one not in the price table (a
        # gateway's alias), is kept as said, and its cost is unknown rather than guessed.
        model = status.model
        known = rules.MODELS.get(model)
        # The Flow channel's model names say the length, resolution and shape; the official one's do not.
        fixed = known is not None and known.channel == "flow"
        seconds, resolution, aspect_ratio = rules.settings_for(model) if fixed else ("", "", "")
        created = float(status.created_at or self._clock())
        record = await self.writes.add(
            TaskRecord(
                id=0,
                state="queued",
                prompt=translate("Tasks", "Imported task {task_id}").format(task_id=status.task_id),
                model=model,
                seconds=seconds,
                resolution=resolution,
                aspect_ratio=aspect_ratio,
                task_id=status.task_id,
                created_at=created,
                submitted_at=created,
                imported=True,
                demo=self.demo,
            )
        )
        target = unique_path(self.output.folder, video_filename("imported", status.task_id, created))
        record = await self.writes.save(record.id, output_path=str(target))
        self.writes.events.emit("added", record)
        return record

    async def _copy_to(self, record: TaskRecord, output: Path) -> TaskRecord:
        """Fetch a saved task's video once more to ``output``; the saved one and its record stay as
        they are, whatever happens to this copy."""
        assert record.task_id is not None
        target = output if output.suffix.lower() == ".mp4" else output / Path(record.output_path).name
        result = await self.client.download(record.task_id, target)
        return replace(record, output_path=str(result.path))

    async def download(self, task_id: str, output: Path | None = None) -> TaskRecord:
        """Download a finished task now (known to the history or not); the history records it."""
        task_id = check_task_id(task_id)
        status = await self.client.status(task_id)
        if status.status in ENDED_WITHOUT_VIDEO:
            reason = {"failed": NO_REASON, "canceled": CANCELED, "expired": EXPIRED}[status.status]
            ended = (
                translate("Tasks", "The task {task_id} failed: {reason}")
                if status.status == "failed"
                else translate("Tasks", "The task {task_id} ended without a video: {reason}")
            )
            raise TaskNotReady(
                ended.format(task_id=task_id, reason=status.error or translate("Tasks", reason))
            )
        if status.status != "completed":
            raise TaskNotReady(
                translate(
                    "Tasks",
                    "The task {task_id} is not finished yet ({state}); "
                    "`veo-desktop import` follows it until it is.",
                ).format(task_id=task_id, state=status.said)
            )
        known = await self.store.reads.by_task_id(task_id)
        saved = known is not None and known.state == "completed"
        if known is not None and saved and await asyncio.to_thread(is_its_video, known):
            if output is None:
                return known  # already saved: nothing to fetch, and nothing to put at risk
            return await self._copy_to(known, output)
        record = known or await self._add(status)
        if record.state not in ("downloading", "download_failed", "completed"):
            record = await apply_status(self.writes, record, status, self._clock())
        if output is not None:
            target = (
                output
                if output.suffix.lower() == ".mp4"
                else unique_path(output, video_filename(record.prompt, task_id, record.created_at))
            )
            record = await self.writes.save(record.id, output_path=str(target))
        if record.id in self.followers or not self.ownership.take(record.id):
            raise TaskNotReady(translate("Tasks", ELSEWHERE))
        try:
            await self.saver.download(record.id)
        finally:
            self.ownership.give_up(record.id)
        final = await self.store.reads.get(record.id)
        assert final is not None
        return final
