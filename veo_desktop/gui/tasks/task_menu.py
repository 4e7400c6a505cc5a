"""A task row's menu (right click on a row of the list): play, reveal, copy its id, retry, reuse its
settings, follow again, remove, compare a two-frame clip's end frames, and what can be done with its
clip. Every entry acts on that task, by its local id; which entries are enabled follows the task's state.
Presents; the controllers act."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMenu, QWidget

from veo_desktop.core.task_record import RETRYABLE, TaskRecord
from veo_desktop.gui.common import action_names as names
from veo_desktop.gui.common.clip_menu import ClipAdvice, add_clip_actions
from veo_desktop.gui.tasks import end_frame_compare
from veo_desktop.i18n import QT_TRANSLATE_NOOP, translate

TASK_ACTIONS = {
    "play": names.PLAY,
    "reveal": names.SHOW_IN_FOLDER,
    "copy_id": names.COPY_TASK_ID,
    "retry": names.RETRY,
    "reuse": names.REUSE_SETTINGS,
    "follow": names.FOLLOW_AGAIN,
    "stop": names.REMOVE,
}
SEND_AGAIN = names.SEND_AGAIN
STOP_WAITING = names.STOP_WAITING
RETRY_NOW = QT_TRANSLATE_NOOP("MainWindow", "Retry now")  # the service cannot be reached: try at once


def task_menu(
    parent: QWidget, record: TaskRecord, *, outage: bool, advice: ClipAdvice, act: Callable[[str], None]
) -> QMenu:
    """The menu of ``record``'s row; ``outage``: the row says the service cannot be reached. ``act`` is
    called with the chosen action."""
    menu = QMenu(parent)
    menu.setObjectName("taskMenu")
    if outage:  # the row says the service cannot be reached
        entry = menu.addAction(translate("MainWindow", RETRY_NOW))
        entry.setObjectName("task_retry_now")
        entry.triggered.connect(lambda _checked=False: act("retry_now"))
        menu.addSeparator()
    for action, title in TASK_ACTIONS.items():
        if action == "retry" and record.state == "unknown":
            title = SEND_AGAIN  # it may be at the service already: the dialog says so
        elif action == "stop" and record.active and record.task_id:
            title = STOP_WAITING
        entry = menu.addAction(translate("Actions", title))
        entry.setObjectName(f"task_{action}")
        entry.setEnabled(_action_allowed(action, record.state, bool(record.task_id)))
        entry.triggered.connect(lambda _checked=False, a=action: act(a))
    if end_frame_compare.offers_comparison(record):  # a checked two-frame clip: its end frame beside it
        entry = menu.addAction(translate("Actions", end_frame_compare.MENU_TITLE))
        entry.setObjectName(f"task_{end_frame_compare.ACTION}")
        entry.triggered.connect(lambda _checked=False: act(end_frame_compare.ACTION))
    menu.addSeparator()
    add_clip_actions(menu, record, advice, act)
    return menu


def _action_allowed(action: str, state: str, has_id: bool) -> bool:
    if action in ("play", "reveal"):
        return state == "completed"
    if action == "copy_id":
        return has_id
    if action == "retry":
        return state in RETRYABLE
    if action == "follow":
        return state == "paused"
    return True
