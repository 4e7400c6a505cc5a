"""A task imported by id whose status names no model, or a model the price table does not know (a
gateway's alias), is kept with the model as said and its cost unknown: never recorded as a guessed
$0.30 in the history, the list or the file beside the video."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.tasks import manager_for
from veo_desktop.api.rules import VideoRequest
from veo_desktop.cli.progress import price_line
from veo_desktop.core.tasks.describe import cost_text, settings_text
from veo_desktop.emulator.server import EmulatorThread


@pytest.mark.parametrize("said", ["", "veo-3.1-pro-relay-alias"])
async def test_an_imported_task_of_an_unknown_model_has_an_unknown_cost(
    emulator: EmulatorThread, app_home: Path, tmp_path: Path, said: str
) -> None:
    async with manager_for(emulator, tmp_path / "elsewhere") as other:
        made = await other.submit(VideoRequest("made elsewhere", seconds="4"), None)
    assert made.task_id is not None
    model = f', "model": "{said}"' if said else ""
    body = b'{"id": "{task_id}", "status": "queued", "created_at": 1764800000' + model.encode() + b"}"
    emulator.server.faults.add("answer", "status", status=200, body=body, content_type="application/json")
    async with manager_for(emulator, app_home) as manager:
        imported = await manager.import_task(made.task_id)
        [ended] = await manager.wait([imported.id])
    assert ended.state == "completed" and ended.model == said
    assert ended.cost_cents is None
    assert cost_text(ended) == "cost unknown"
    said_model = said or "not named"  # what `veo-desktop import` says of its cost
    assert price_line(ended) == f"veo-desktop: {made.task_id}: model {said_model}, cost unknown"
    assert settings_text(ended).endswith(said or "model unknown")
    provenance = json.loads(Path(ended.output_path).with_suffix(".json").read_text(encoding="utf-8"))
    assert provenance["cost"] is None and provenance["model"] == said
