"""One name per action, wherever it is offered: a task row's buttons and its menu, the gallery's menu,
the Sequence tab. Each place translates the name from here, so an action is never called two things
(``tests/gui/test_action_names.py``)."""

from __future__ import annotations

from typing import Final

from veo_desktop.i18n import QT_TRANSLATE_NOOP

PLAY: Final = QT_TRANSLATE_NOOP("Actions", "Play")
SHOW_IN_FOLDER: Final = QT_TRANSLATE_NOOP("Actions", "Show in folder")
COPY_TASK_ID: Final = QT_TRANSLATE_NOOP("Actions", "Copy task id")
RETRY: Final = QT_TRANSLATE_NOOP("Actions", "Retry")
SEND_AGAIN: Final = QT_TRANSLATE_NOOP("Actions", "Send again…")  # a task whose outcome is unknown
REUSE_SETTINGS: Final = QT_TRANSLATE_NOOP("Actions", "Reuse settings")
FOLLOW_AGAIN: Final = QT_TRANSLATE_NOOP("Actions", "Follow again")
REMOVE: Final = QT_TRANSLATE_NOOP("Actions", "Remove")
# A task the service has and that is not finished is never forgotten: it stops being followed, its id stays.
STOP_WAITING: Final = QT_TRANSLATE_NOOP("Actions", "Stop waiting")
COMPARE_END_FRAMES: Final = QT_TRANSLATE_NOOP("Actions", "Compare end frames…")
