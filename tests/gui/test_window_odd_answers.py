"""Issue 24 in the window: an accepting answer that holds NaN, 1e400 or 50,000 levels of nesting once
left the row at "Submitting" with the id nowhere on the machine. Now the row follows the task the
service made and the video the service served is saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import fast_config, until
from tests.helpers.gui import generate, running_app
from veo_desktop.core.history.store import TaskRecord
from veo_desktop.emulator.faults import FaultPlan
from veo_desktop.emulator.server import EmulatorThread
from veo_desktop.gui.shell.app import App
from veo_desktop.gui.tasks.task_model import RecordRole

ANSWERS = {
    "NaN": b'{"id": "{task_id}", "status": "queued", "progress": NaN}',
    "1e400": b'{"id": "{task_id}", "status": "queued", "created": 1e400}',
    "deep": b'{"id": "{task_id}", "status": "queued", "x": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
}


def top_record(veo: App) -> TaskRecord | None:
    if veo.model.rowCount() == 0:
        return None
    record = veo.model.index(0, 0).data(RecordRole)
    return record if isinstance(record, TaskRecord) else None


@pytest.mark.parametrize("body", ANSWERS.values(), ids=ANSWERS.keys())
async def test_the_window_follows_and_saves_a_task_whose_accepting_answer_is_odd(
    qtbot: QtBot, photo: Path, body: bytes
) -> None:
    faults = FaultPlan()
    faults.add("answer", "submit", body=body)
    with EmulatorThread(fast_config(), faults) as emulator:
        async with running_app(qtbot, emulator) as veo:
            await generate(qtbot, veo, photo, "waves roll in")
            await until(lambda: getattr(top_record(veo), "state", "") == "completed", "the video")
            record = top_record(veo)
            assert record is not None and record.task_id is not None
            assert [record.task_id] == list(emulator.server.tasks)
            assert Path(record.output_path).read_bytes() == emulator.server.content_bytes(record.task_id)
        assert len(emulator.server.submissions) == 1
