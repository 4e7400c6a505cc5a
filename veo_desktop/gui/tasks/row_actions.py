"""The actions a task row shows as buttons, where they apply: Retry (or "Send again…" when the outcome is
unknown: the controller asks first), Compare end frames… for a two-frame clip that did not end on its end
frame, Show in folder for a saved video, Remove for a finished or failed row. A mouse shortcut: the row's
menu (and the menu key) has them all. Clicking one sends the menu's own intent (``MainWindow.taskAction``);
the controllers decide."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from veo_desktop.core.task_record import RETRYABLE, TaskRecord
from veo_desktop.gui.common import action_names as names
from veo_desktop.gui.tasks.end_frame_compare import ACTION, offers_comparison
from veo_desktop.i18n import translate

# Rows that end here and that nothing follows any more: removing one from the list is all it does.
REMOVABLE: Final = frozenset({"completed", "failed", "canceled", "rejected", "unknown"})


@dataclass(frozen=True)
class RowAction:
    action: str  # the menu's intent: "retry", "compare_end_frames", "reveal", "stop"
    label: str  # on the button
    description: str  # in the row's accessible text


def row_actions(record: TaskRecord) -> list[RowAction]:
    """The buttons ``record``'s row shows, left to right."""
    found: list[RowAction] = []
    if record.state == "unknown":
        found.append(
            RowAction(
                "retry",
                translate("Actions", names.SEND_AGAIN),
                translate("TaskList", "Send again… asks first: the service may already have it"),
            )
        )
    elif record.state in RETRYABLE:
        found.append(
            RowAction(
                "retry", translate("Actions", names.RETRY), translate("TaskList", "Retry sends it again")
            )
        )
    if offers_comparison(record) and record.end_frame_match is False:  # the row says it went wrong
        found.append(
            RowAction(
                ACTION,
                translate("Actions", names.COMPARE_END_FRAMES),
                translate(
                    "TaskList", "Compare end frames… shows your end frame beside the clip's last frame"
                ),
            )
        )
    if record.state == "completed" and record.output_path:
        found.append(
            RowAction(
                "reveal",
                translate("Actions", names.SHOW_IN_FOLDER),
                translate("TaskList", "Show in folder opens the folder of its video"),
            )
        )
    if record.state in REMOVABLE:
        found.append(
            RowAction(
                "stop",
                translate("Actions", names.REMOVE),
                translate("TaskList", "Remove takes it off the list, with Undo"),
            )
        )
    return found


def spoken_actions(record: TaskRecord) -> str:
    """The row's buttons, for its accessible text ("" when it has none)."""
    found = row_actions(record)
    if not found:
        return ""
    return translate("TaskList", "Buttons on the row (also in its menu): {actions}").format(
        actions="; ".join(a.description for a in found)
    )
