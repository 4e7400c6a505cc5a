"""Our own copy of every reference image sent, so a retry (or a task sent later, after a restart)
uploads exactly the same bytes even when the original file moved."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path
from typing import Final

from veo_desktop.api.wire import ReferenceImage
from veo_desktop.core.atomic_files import write_atomically
from veo_desktop.core.clips.images import EXTENSIONS, PreparedImage
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.i18n import translate

REFERENCE_TYPES: Final = {extension: mime for mime, extension in EXTENSIONS.items()}


def keep_reference(folder: Path, image: PreparedImage) -> str:
    """Copy what is sent (the scaled image when it was scaled) under its hash; the path of the copy."""
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(image.reference.data).hexdigest()
    path = folder / f"{digest}{image.extension}"
    if not path.exists():  # two submissions of the same image may run at once: each its own temp name
        write_atomically(path, image.reference.data)
    return str(path)


async def read_frames(record: TaskRecord) -> tuple[ReferenceImage, ...]:
    """The images a task sends (or sent), start frame first, from our own copies; ValueError when a
    copy is gone."""
    frames = []
    for copy, name in (
        (record.image_copy, record.image_name),
        (record.end_image_copy, record.end_image_name),
    ):
        if copy:
            frames.append(await _read_copy(Path(copy), name))
    return tuple(frames)


async def _read_copy(path: Path, name: str) -> ReferenceImage:
    try:
        data = await asyncio.to_thread(path.read_bytes)
    except OSError:
        raise ValueError(
            translate("Tasks", "The reference image of that task is gone; choose it again")
        ) from None
    return ReferenceImage(data, REFERENCE_TYPES[path.suffix], Path(name).stem + path.suffix)
