"""Chains of continued clips: each clip names the task whose last frame it starts from
(``parent_task_id``); a chain is the clips so linked, first to last.

No Qt, no storage: the caller says how to find a task by its id and which finished clips there are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from veo_desktop.core.task_record import TaskRecord


def chain_of(
    record: TaskRecord,
    by_task_id: Callable[[str], TaskRecord | None],
    finished: Iterable[TaskRecord],
) -> list[TaskRecord]:
    """The finished clips of ``record``'s chain, first to last: its parents back to the first one (a
    parent that is unknown or has no saved video ends the walk), then, from ``finished`` (newest first),
    the newest child of each clip in turn. A loop in the links stops the walk."""
    seen = {record.id}
    before: list[TaskRecord] = []
    parent_id = record.parent_task_id
    while parent_id:
        parent = by_task_id(parent_id)
        if parent is None or parent.id in seen or parent.state != "completed":
            break
        seen.add(parent.id)
        before.append(parent)
        parent_id = parent.parent_task_id
    children: dict[str, TaskRecord] = {}
    for clip in finished:  # newest first: the first child found of each parent is its newest
        if clip.parent_task_id and clip.state == "completed":
            children.setdefault(clip.parent_task_id, clip)
    after: list[TaskRecord] = []
    current = record
    while current.task_id and (child := children.get(current.task_id)) is not None and child.id not in seen:
        seen.add(child.id)
        after.append(child)
        current = child
    return [*reversed(before), record, *after]
