"""The model list explains each choice in its tooltip, from the model table: the Flow choices say their
channel, price, fixed length and size, the frames they take; a greyed choice still says why instead."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from pytestqt.qtbot import QtBot

from veo_desktop.api.model_table import CHOICES, MODELS
from veo_desktop.api.model_words import explain_choice
from veo_desktop.api.rules import Verdict
from veo_desktop.gui.composer.generation_form import GenerationForm


def test_each_flow_choice_says_what_it_is() -> None:
    flow = [m for m in CHOICES.values() if MODELS[m].channel == "flow"]
    assert flow
    for model_id in flow:
        words = explain_choice(model_id)
        assert "Flow channel" in words and MODELS[model_id].price_text in words
        assert "Always 8 s at 720p" in words and "end frame" in words
        assert "No seed or negative prompt" in words
    official = explain_choice("veo-3.1-fast-generate-preview")
    assert "Official channel" in official and "4, 6 or 8 s" in official and "no end frame" in official


def test_the_model_list_shows_it_and_a_greyed_choice_says_why(qtbot: QtBot) -> None:
    form = GenerationForm()
    qtbot.addWidget(form)
    ids = list(CHOICES.values())
    verdicts = {m: Verdict(True) for m in ids}
    verdicts[ids[0]] = Verdict(False, "Takes no end frame")
    form.show_options({"model": verdicts})
    model = form.combos["model"].model()
    assert isinstance(model, QStandardItemModel)
    tips = {
        str(model.item(r).data(Qt.ItemDataRole.UserRole)): model.item(r).toolTip()
        for r in range(model.rowCount())
    }
    assert tips[ids[0]] == "Takes no end frame"
    for model_id in ids[1:]:
        assert tips[model_id] == explain_choice(model_id) != ""
