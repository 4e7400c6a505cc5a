"""What can be done with a finished clip wherever it is listed (a task row, a gallery tile): continue from
its last frame, add it to the sequence, put its whole chain there, or make it a shot of the storyboard.
Whether each is possible now, and why not, is the controllers' to say (the advice); the menu shows it
greyed out with that reason."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMenu

from veo_desktop.core.task_record import TaskRecord
from veo_desktop.i18n import QT_TRANSLATE_NOOP, translate

CLIP_ACTIONS = {
    "continue": QT_TRANSLATE_NOOP("ClipMenu", "Continue from here"),
    "sequence_add": QT_TRANSLATE_NOOP("ClipMenu", "Add to sequence"),
    "sequence_chain": QT_TRANSLATE_NOOP("ClipMenu", "Sequence its chain"),
    "storyboard_add": QT_TRANSLATE_NOOP("ClipMenu", "Add to storyboard as a shot"),
}
ClipAdvice = Callable[[str, TaskRecord], str]  # (action, record) → why not, "" when it can


def no_advice(_action: str, record: TaskRecord) -> str:
    """Until a controller says more: only a finished clip."""
    return "" if record.state == "completed" else translate("ClipMenu", "This task has no video yet")


def add_clip_actions(menu: QMenu, record: TaskRecord, advice: ClipAdvice, act: Callable[[str], None]) -> None:
    """The clip's entries, each greyed out with the reason (as its tooltip) when it cannot run now;
    ``act`` gets the action chosen."""
    menu.setToolTipsVisible(True)
    for action, title in CLIP_ACTIONS.items():
        reason = advice(action, record)
        entry = menu.addAction(translate("ClipMenu", title))
        entry.setObjectName(f"task_{action}")
        entry.setEnabled(not reason)
        entry.setToolTip(reason)
        entry.setStatusTip(reason)
        entry.triggered.connect(lambda _checked=False, chosen=action: act(chosen))
