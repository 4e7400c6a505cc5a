"""Where a task's video goes and how it gets there: the output folder (checked before anything is sent),
the planned file name, the download with its retries, and the provenance file beside the video."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from veo_desktop.api import errors
from veo_desktop.api.client import VeoClient
from veo_desktop.api.retry import Loop, Sleep
from veo_desktop.core.clips.provenance import write_sidecar
from veo_desktop.core.clips.saved_videos import fingerprint
from veo_desktop.core.history.store import HistoryStore
from veo_desktop.core.naming import unique_path, video_filename
from veo_desktop.core.output_folder import OutputFolderUnusable, check_writable
from veo_desktop.core.settings import Settings
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.events import TaskEvents
from veo_desktop.core.tasks.polling import PollSchedule
from veo_desktop.core.tasks.writes import TaskWrites
from veo_desktop.i18n import QT_TRANSLATE_NOOP, Message, translate

log = logging.getLogger(__name__)
MAX_NAME_BYTES: Final = 240  # most file systems allow 255 bytes a name
NAME_TOO_LONG: Final = QT_TRANSLATE_NOOP("Tasks", "the file name is too long")


@dataclass
class OutputFolder:
    """Where videos go unless a task says otherwise. The default folder is made when missing; a folder
    the user chose must exist (a missing one may be an unplugged drive)."""

    folder: Path
    create: bool = True

    def apply(self, settings: Settings) -> None:
        self.folder = settings.resolved_output_dir()
        self.create = settings.creates_output_dir

    def check(self, output: Path | None) -> None:
        """Refuse (OutputFolderUnusable) a folder the video could not be saved in: before sending."""
        if output is None:
            check_writable(self.folder, create=self.create)
        elif output.suffix.lower() == ".mp4":
            if len(output.name.encode()) > MAX_NAME_BYTES:  # room left for "-2" and the sidecar's name
                raise OutputFolderUnusable(output.parent, translate("Tasks", NAME_TOO_LONG))
            check_writable(output.parent)
        else:
            check_writable(output)

    def planned(self, record: TaskRecord, task_id: str, output: Path | None) -> Path:
        if record.output_path:
            return Path(record.output_path)
        folder = output if output is not None else self.folder
        return unique_path(folder, video_filename(record.prompt, task_id, record.created_at))


class Saver:
    """Downloads finished tasks, a few at a time; a failure the user can fix leaves the task
    "download failed", downloadable later."""

    def __init__(
        self,
        client: VeoClient,
        store: HistoryStore,
        writes: TaskWrites,
        events: TaskEvents,
        output: OutputFolder,
        schedule: PollSchedule,
        *,
        max_downloads: int,
        sleep: Sleep,
        clock: Callable[[], float],
    ) -> None:
        self.client = client
        self.store = store
        self.writes = writes
        self.events = events
        self.output = output
        self.schedule = schedule
        self._downloads = asyncio.Semaphore(max_downloads)
        self._sleep = sleep
        self._clock = clock

    async def download(self, local_id: int) -> None:
        attempts = 0
        while True:
            record = await self.store.reads.get(local_id)
            if record is None or record.task_id is None:
                return
            task_id = record.task_id
            if record.state != "downloading":
                record = await self.writes.update(local_id, state="downloading", last_error="")
            try:
                target = await self._target(record)
            except OSError as exc:  # a path the file system refuses (too long): the id stays, downloadable
                failed = errors.SaveFailed(str(exc.filename or self.output.folder), exc.strerror or str(exc))
                await self.writes.update(local_id, state="download_failed", last_error=failed.message)
                return
            try:
                async with self._downloads:
                    if self.output.create and target.parent == self.output.folder:
                        target.parent.mkdir(parents=True, exist_ok=True)
                    if not target.parent.is_dir():
                        raise errors.SaveFailed(str(target), "the folder does not exist")
                    result = await self.client.download(
                        task_id, target, on_progress=functools.partial(self.events.emit, "download", record)
                    )
            except errors.SaveFailed as exc:
                await self.writes.update(local_id, state="download_failed", last_error=exc.message)
                return
            except errors.TaskEnded as exc:  # no video will come: ended as the service says, not charged
                state = "canceled" if exc.status == "canceled" else "failed"
                await self.writes.update(local_id, state=state, last_error=exc.message, cost_cents=None)
                return
            except errors.VeoError as exc:
                scheduled = self.schedule.delay("in_progress", attempts + 1)
                decision = self.client.retry.decide(exc, attempts, Loop.SAVE, scheduled=scheduled)
                attempts += 1
                if not decision.retry:
                    await self.writes.update(local_id, state="download_failed", last_error=exc.message)
                    return
                again = Message.of("Tasks", QT_TRANSLATE_NOOP("Tasks", "Trying again."))
                await self.writes.update(local_id, last_error=Message.joined(exc.message, again))
                await self._sleep(decision.wait)
                continue
            try:
                mark = await asyncio.to_thread(fingerprint, result.path)
            except OSError:  # saved, but not readable back right now: checked by name only later
                mark = ""
            # Did the service end it on the end frame it was sent? Known when it becomes "completed".
            checked = await asyncio.to_thread(_check_end_frame, record, result.path)
            record = await self.writes.update(
                local_id,
                state="completed",
                video_fingerprint=mark,
                **checked,
                output_path=str(result.path),
                saved_at=self._clock(),
                last_error="",
            )
            try:
                await asyncio.to_thread(write_sidecar, record, result.path)
            except OSError as exc:  # the video is saved; its settings file is a comfort
                log.warning("no settings file beside %s: %s", result.path.name, exc)
            return

    async def _target(self, record: TaskRecord) -> Path:
        """The planned path; a new unique name only if another file took it meanwhile."""
        assert record.task_id is not None
        if record.output_path:
            planned = Path(record.output_path)
            if not planned.exists():
                return planned
            name = planned.name
            folder = planned.parent
        else:
            name = video_filename(record.prompt, record.task_id, record.created_at)
            folder = self.output.folder
        target = unique_path(folder, name)
        await self.writes.save(record.id, output_path=str(target))
        return target


def _check_end_frame(record: TaskRecord, path: Path) -> dict[str, Any]:
    """Blocking (decodes the clip). Imported only for a two-frame task: a download that needs no check
    loads no Pillow."""
    if not (record.end_image_copy and record.end_image_sha256):
        return {}
    from veo_desktop.core.clips.end_frame import check_saved

    return check_saved(record, path)
