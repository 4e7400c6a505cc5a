"""The prompt, the advanced options and the settings, with the Generate button and the job's cost.

It presents what the controller decides: which options are greyed out (and why), notes such as
"Length set to 8 s", whether Generate is possible (and why not). It forwards intent as signals.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from veo_desktop.api import rules
from veo_desktop.api.model_words import explain_choice
from veo_desktop.api.rules import Field, Verdict
from veo_desktop.gui.common.style import mark_main_action, mark_title
from veo_desktop.gui.common.window_fit import WrappedLabel
from veo_desktop.i18n import QT_TRANSLATE_NOOP, translate

PLACEHOLDER = QT_TRANSLATE_NOOP(
    "GenerationForm",
    "Describe the motion: camera move, what happens, light and sound.\n"
    "For example: the camera slowly rises from the base of the lighthouse to the top, "
    "dusk light, waves lapping the rocks",
)
SHAPE_LABELS = {
    "16:9": QT_TRANSLATE_NOOP("GenerationForm", "16:9 landscape"),
    "9:16": QT_TRANSLATE_NOOP("GenerationForm", "9:16 portrait"),
}
# The options are the rules' own tuples: the form offers nothing the rules do not list. The models are
# the choices a creator makes (quality, channel, price); the exact model follows the shape and the frames.
LABELS: dict[Field, dict[str, str]] = {
    "model": {model_id: rules.MODELS[model_id].choice_text for model_id in rules.CHOICES.values()},
    "seconds": {s: f"{s} s" for s in rules.SECONDS},
    "resolution": {r: r for r in rules.RESOLUTIONS},
    "aspect_ratio": {a: SHAPE_LABELS.get(a, a) for a in rules.ASPECT_RATIOS},
}
ACCESSIBLE: dict[Field, str] = {
    "model": QT_TRANSLATE_NOOP("GenerationForm", "Model"),
    "seconds": QT_TRANSLATE_NOOP("GenerationForm", "Length"),
    "resolution": QT_TRANSLATE_NOOP("GenerationForm", "Resolution"),
    "aspect_ratio": QT_TRANSLATE_NOOP("GenerationForm", "Aspect ratio"),
}


class GenerationForm(QWidget):
    choicesChanged = Signal(str)  # the field that changed
    promptChanged = Signal()
    generateRequested = Signal()
    promptsRequested = Signal()
    savePromptRequested = Signal()
    filled = Signal()  # a task's or a file's settings were put in the form (its ratio is a choice made)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompt = QPlainTextEdit(self)
        self.prompt.setObjectName("prompt")
        self.prompt.setAccessibleName(translate("GenerationForm", "Prompt"))
        self.prompt.setPlaceholderText(translate("GenerationForm", PLACEHOLDER))
        self.prompt.setTabChangesFocus(True)
        self.prompt.setMinimumHeight(90)
        self.prompt.textChanged.connect(self.promptChanged)

        self.advanced_toggle = QToolButton(self)
        self.advanced_toggle.setObjectName("advancedToggle")
        self.advanced_toggle.setText(translate("GenerationForm", "Advanced"))
        self.advanced_toggle.setCheckable(True)
        self.advanced_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced = QWidget(self)
        self.advanced.setObjectName("advanced")
        self.negative_prompt = QLineEdit(self.advanced)
        self.negative_prompt.setObjectName("negativePrompt")
        self.negative_prompt.setAccessibleName(translate("GenerationForm", "Negative prompt"))
        self.negative_prompt.setPlaceholderText(
            translate("GenerationForm", "What to avoid, e.g. blurry, watermark, distorted, low quality")
        )
        self.seed = QLineEdit(self.advanced)
        self.seed.setObjectName("seed")
        self.seed.setAccessibleName(translate("GenerationForm", "Seed"))
        self.seed.setPlaceholderText(translate("GenerationForm", "Empty = random"))
        self.seed.setValidator(QRegularExpressionValidator(r"\d{0,10}", self.seed))
        self.extras_note = WrappedLabel(parent=self.advanced)
        self.extras_note.setObjectName("extrasNote")
        self.extras_note.setWordWrap(True)
        self.extras_note.hide()
        advanced_form = QFormLayout(self.advanced)
        advanced_form.setContentsMargins(0, 0, 0, 0)
        advanced_form.addRow(translate("GenerationForm", "Negative prompt"), self.negative_prompt)
        advanced_form.addRow(translate("GenerationForm", "Seed"), self.seed)
        advanced_form.addRow(self.extras_note)
        self.advanced.setVisible(False)
        self.advanced_toggle.toggled.connect(self._show_advanced)

        self.combos: dict[Field, QComboBox] = {}
        self.greyed: dict[Field, QLabel] = {}
        self._greyed_rows: dict[Field, int] = {}
        settings = QFormLayout()
        settings.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field_name, english in ACCESSIBLE.items():
            title = translate("GenerationForm", english)
            combo = QComboBox(self)
            combo.setObjectName(f"{field_name}Combo")
            combo.setAccessibleName(title)
            # As narrow as the column needs (a long choice is cut short there; the list shows it whole).
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
            model = QStandardItemModel(combo)
            for value, label in LABELS[field_name].items():
                item = QStandardItem(translate("GenerationForm", label))
                item.setData(value, Qt.ItemDataRole.UserRole)
                model.appendRow(item)
            combo.setModel(model)
            combo.currentIndexChanged.connect(lambda _i, f=field_name: self.choicesChanged.emit(f))
            self.combos[field_name] = combo
            settings.addRow(title, combo)
            # Why some choices are greyed out, in words under the list (not only in a tooltip).
            why = WrappedLabel(parent=self)
            why.setObjectName(f"{field_name}Greyed")
            why.setWordWrap(True)
            why.setEnabled(False)  # drawn as a hint, in the disabled text colour
            settings.addRow("", why)
            self.greyed[field_name] = why
            self._greyed_rows[field_name] = settings.rowCount() - 1
            settings.setRowVisible(self._greyed_rows[field_name], False)
        # Beside the aspect ratio: where the ratio came from ("9:16, from your picture's shape").
        self.shape_note = WrappedLabel(parent=self)
        self.shape_note.setObjectName("aspectRatioNote")
        self.shape_note.setWordWrap(True)
        settings.addRow("", self.shape_note)
        self._shape_row = settings.rowCount() - 1
        settings.setRowVisible(self._shape_row, False)
        self._settings = settings
        self.select("seconds", "8")

        self.note = WrappedLabel(parent=self)
        self.note.setObjectName("settingsNote")
        self.note.setWordWrap(True)
        self.cost = WrappedLabel(parent=self)
        self.cost.setObjectName("cost")
        self.cost.setAccessibleName(translate("GenerationForm", "Cost of this job"))
        self.cost.setWordWrap(True)
        self.generate = QPushButton(translate("GenerationForm", "Generate video"), self)
        self.generate.setObjectName("generateButton")
        mark_main_action(self.generate)
        self.generate.setDefault(True)
        self.generate.clicked.connect(self.generateRequested)
        self.why_not = WrappedLabel(parent=self)
        self.why_not.setObjectName("generateReason")
        self.why_not.setWordWrap(True)

        bottom = QVBoxLayout()  # the cost above the button: both fit a narrow column
        bottom.addWidget(self.cost)
        bottom.addWidget(self.generate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.prompts_button = QToolButton(self)
        self.prompts_button.setObjectName("promptsButton")
        self.prompts_button.setText(translate("GenerationForm", "Recent and saved…"))
        self.prompts_button.setToolTip(
            translate("GenerationForm", "Pick one of your recent or saved prompts (search as you type)")
        )
        self.prompts_button.clicked.connect(self.promptsRequested)
        self.save_prompt_button = QToolButton(self)
        self.save_prompt_button.setObjectName("savePromptButton")
        self.save_prompt_button.setText(translate("GenerationForm", "★ Save"))
        self.save_prompt_button.setToolTip(
            translate("GenerationForm", "Keep this prompt in your saved prompts")
        )
        self.save_prompt_button.clicked.connect(self.savePromptRequested)
        heading = QHBoxLayout()
        heading.addWidget(mark_title(QLabel(translate("GenerationForm", "Prompt"), self)), 1)
        heading.addWidget(self.prompts_button)
        heading.addWidget(self.save_prompt_button)
        layout.addLayout(heading)
        layout.addWidget(self.prompt, 1)
        layout.addWidget(self.advanced_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.advanced)
        layout.addLayout(settings)
        layout.addWidget(self.note)
        layout.addLayout(bottom)
        layout.addWidget(self.why_not)

    def _show_advanced(self, shown: bool) -> None:
        self.advanced.setVisible(shown)
        self.advanced_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    # ----- reading ------------------------------------------------------------------------------

    def value(self, field_name: Field) -> str:
        return str(self.combos[field_name].currentData(Qt.ItemDataRole.UserRole))

    def prompt_text(self) -> str:
        return self.prompt.toPlainText()

    def seed_text(self) -> str:
        """The seed as typed (empty: random); parsing it, and refusing it, is the controller's job."""
        return self.seed.text()

    def choices(self) -> dict[Field, str]:
        """The value of every setting, by field."""
        return {field_name: self.value(field_name) for field_name in self.combos}

    def request(self) -> rules.VideoRequest:
        """What the form says now. The seed is parsed by the caller (it can be refused)."""
        return rules.VideoRequest(
            prompt=self.prompt.toPlainText(),
            model=self.value("model"),
            seconds=self.value("seconds"),
            resolution=self.value("resolution"),
            aspect_ratio=self.value("aspect_ratio"),
            negative_prompt=self.negative_prompt.text(),
        )

    # ----- presenting ---------------------------------------------------------------------------

    def focus_chain(self) -> list[QWidget]:
        """Its focus stops in screen order: the prompt's buttons, the prompt, Advanced and its fields,
        the settings, Generate."""
        return [
            self.prompts_button,
            self.save_prompt_button,
            self.prompt,
            self.advanced_toggle,
            self.negative_prompt,
            self.seed,
            *self.combos.values(),
            self.generate,
        ]

    def focus_prompt(self) -> None:
        self.prompt.setFocus()

    def set_prompt(self, text: str) -> None:
        self.prompt.setPlainText(text)

    def fill(self, request: rules.VideoRequest, seed: int | None) -> None:
        """Put a request back in the form: its prompts, its seed (empty for None), every setting it has."""
        self.prompt.setPlainText(request.prompt)
        self.negative_prompt.setText(request.negative_prompt)
        self.seed.setText("" if seed is None else str(seed))
        self.choose(
            {
                "model": request.model,
                "resolution": request.resolution,
                "seconds": request.seconds,
                "aspect_ratio": request.aspect_ratio,
            }
        )
        self.filled.emit()

    def choose(self, choices: dict[Field, str]) -> None:
        """Select these values (an empty one, or one the form does not offer, leaves its field as it is)."""
        for field_name, value in choices.items():
            if value:
                self.select(field_name, value)

    def select(self, field_name: Field, value: str) -> None:
        combo = self.combos[field_name]
        index = combo.findData(value, Qt.ItemDataRole.UserRole)
        if index >= 0 and index != combo.currentIndex():
            combo.blockSignals(True)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)

    def show_prices(self, free: str) -> None:
        """The models with their prices, or each with ``free`` instead (the offline demo's "free (demo)")."""
        model = self.combos["model"].model()
        assert isinstance(model, QStandardItemModel)
        for row in range(model.rowCount()):
            item = model.item(row)
            choice = rules.MODELS[str(item.data(Qt.ItemDataRole.UserRole))]
            item.setText(f"{choice.label} — {free}" if free else choice.choice_text)

    def show_options(self, states: dict[Field, dict[str, Verdict]]) -> None:
        """Grey out what the service would refuse, with the reason as the item's tooltip."""
        for field_name, verdicts in states.items():
            model = self.combos[field_name].model()
            assert isinstance(model, QStandardItemModel)
            for row in range(model.rowCount()):
                item = model.item(row)
                value = str(item.data(Qt.ItemDataRole.UserRole))
                verdict = verdicts[value]
                item.setEnabled(verdict.allowed)
                # A greyed choice says why; a model on offer says what it is (the Flow choices too).
                what = explain_choice(value) if field_name == "model" and verdict.allowed else ""
                item.setToolTip(verdict.reason or what)
        self._show_greyed()

    def _show_greyed(self) -> None:
        """Under each list that offers a choice, which of its items are greyed out and why."""
        for field_name, combo in self.combos.items():
            model = combo.model()
            assert isinstance(model, QStandardItemModel)
            by_reason: dict[str, list[str]] = {}
            for row in range(model.rowCount()):
                item = model.item(row)
                if not item.isEnabled() and item.toolTip():
                    by_reason.setdefault(item.toolTip(), []).append(item.text())
            text = "\n".join(
                translate("GenerationForm", "{choices}: {reason}").format(
                    choices=", ".join(items), reason=reason
                )
                for reason, items in by_reason.items()
            )
            shown = bool(text) and combo.isEnabled()  # a list that is no choice says why in the note
            self.greyed[field_name].setText(text)
            self._settings.setRowVisible(self._greyed_rows[field_name], shown)

    def show_fixed(self, fixed: dict[Field, str]) -> None:
        """Settings the model fixes are no choice: the combo shows the one value, greyed, with the reason."""
        for field_name, combo in self.combos.items():
            if field_name != "model":
                combo.setEnabled(field_name not in fixed)
                combo.setToolTip(fixed.get(field_name, ""))
        self._show_greyed()

    def show_extras(self, verdict: Verdict) -> None:
        """Whether the seed and the negative prompt can be set (what is typed stays, for another model)."""
        for box in (self.negative_prompt, self.seed):
            box.setEnabled(verdict.allowed)
            box.setToolTip(verdict.reason)
        self.extras_note.setText(verdict.reason)
        self.extras_note.setVisible(not verdict.allowed)

    def item_state(self, field_name: Field, value: str) -> tuple[bool, str]:
        """(enabled, why not) of one option, as the user sees it: a greyed option's tooltip says why (an
        option on offer may say what it is: :func:`veo_desktop.api.model_words.explain_choice`)."""
        model = self.combos[field_name].model()
        assert isinstance(model, QStandardItemModel)
        row = self.combos[field_name].findData(value, Qt.ItemDataRole.UserRole)
        item = model.item(row)
        return item.isEnabled(), "" if item.isEnabled() else item.toolTip()

    def show_shape_note(self, text: str) -> None:
        """Under the aspect ratio: why it is what it is ("" hides it)."""
        self.shape_note.setText(text)
        self._settings.setRowVisible(self._shape_row, bool(text))

    def show_note(self, text: str) -> None:
        self.note.setText(text)

    def show_cost(self, text: str, detail: str = "") -> None:
        self.cost.setText(text)
        self.cost.setToolTip(detail)

    def show_generate(self, *, enabled: bool, label: str, reason: str) -> None:
        self.generate.setText(label)
        self.show_why_not(reason, enabled=enabled)

    def show_why_not(self, reason: str, *, enabled: bool = True) -> None:
        """Why the last Generate did not go (a seed or a setting refused); the button keeps its label."""
        self.generate.setEnabled(enabled)
        self.generate.setToolTip(reason)
        self.why_not.setText(reason)
