"""Clips dragged between views (from the gallery to the sequence, within the sequence): the local task
ids a drag carries, under a format of its own."""

from __future__ import annotations

import json
from typing import Final

from PySide6.QtCore import QByteArray, QMimeData

TASKS_MIME: Final = "application/x-veo-task-ids"  # a drag from the gallery: the local task ids


def encode_ids(ids: list[int]) -> QByteArray:
    return QByteArray(json.dumps(ids).encode())


def decode_ids(mime: QMimeData, kind: str) -> list[int]:
    """The numbers a drag carries under ``kind`` (none when it carries something else)."""
    if not mime.hasFormat(kind):
        return []
    try:
        found = json.loads(bytes(mime.data(kind).data()).decode())
    except (ValueError, UnicodeDecodeError):
        return []
    return [n for n in found if isinstance(n, int)] if isinstance(found, list) else []
