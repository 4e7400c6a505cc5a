"""The form's rules, without Qt: given what the form holds (:class:`FormState`, a plain snapshot built by
the window's controller), which options the rules allow for the chosen model and frames and what the
exact model fixes (:func:`options`), whether Generate can run and why not, in words (:func:`gate`), and
the request that would be sent (:func:`build_request`). The checks of a request stay in
:mod:`veo_desktop.api.rules`; this module puts them together as the form shows them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from veo_desktop.api import rules
from veo_desktop.api.rules import Field, Verdict, VideoRequest
from veo_desktop.i18n import translate

# The settings a model's name can fix (the Flow channel: 8 s, 720p); the form shows them as no choice.
FIXABLE: tuple[Field, ...] = ("seconds", "resolution")


@dataclass(frozen=True)
class FormState:
    """What the form holds and what the window is doing, at one moment."""

    request: VideoRequest  # the prompts and settings as chosen (the model choice, not the exact model)
    seed_text: str = ""
    start: bool = False  # a start frame is given (as the rules take it)
    end: bool = False  # an end frame is given
    session: bool = True  # a session to send through
    starting: bool = False  # the window is starting: nothing is sent yet
    no_session_reason: str = ""  # why there is no session, in words (no key, ...)
    taking: str = ""  # a frame being taken from a video, in words
    loading: bool = False  # a frame is being read
    submitting: bool = False
    batching: bool = False  # several images dropped: being read, or their cost asked
    resting: bool = False  # a video went out and nothing has changed since (:mod:`.resend_guard`)
    refusal: str = ""  # why the service refused the last submission, shown until the next one


@dataclass(frozen=True)
class Options:
    """What the form shows for a choice: the exact model's request, each option's verdict, the settings
    the model fixes (with why), the note, the extras' verdict, the cost and the model sent to."""

    request: VideoRequest
    states: dict[Field, dict[str, Verdict]]
    fixed: dict[Field, str]
    note: str
    extras: Verdict
    cost: str
    model_text: str


@dataclass(frozen=True)
class Gate:
    """Generate as shown: whether it can run, its label, and the words under it."""

    enabled: bool
    label: str
    reason: str


@dataclass(frozen=True)
class Built:
    """The request that would be sent, or (None) why not, in words."""

    request: VideoRequest | None
    refusal: str = ""


def options(request: VideoRequest, *, start: bool, end: bool, free: str = "") -> Options:
    """The form's choice (``request``) with these frames: the exact model and all the form shows of it
    (``free``: what every price reads in the demo, "" in a real session)."""
    adjusted = rules.adjust(request, start=start, end=end)
    exact = adjusted.request
    states = rules.option_states(exact, start=start, end=end)
    fixed = fixed_reasons(exact, states)
    if free:
        cost = translate("Controller", "This video: {price}").format(price=free)
    else:
        cost = translate("Controller", "This video: {price} (failed tasks are free)").format(
            price=rules.MODELS[exact.model].price_text
        )
    return Options(
        request=exact,
        states=states,
        fixed=fixed,
        note="; ".join(dict.fromkeys([*adjusted.notes, *fixed.values()])),
        extras=rules.extras_verdict(exact),
        cost=cost,
        model_text=translate("Controller", "Sent to the model {model}").format(model=exact.model),
    )


def fixed_reasons(request: VideoRequest, states: dict[Field, dict[str, Verdict]]) -> dict[Field, str]:
    """The settings the exact model's name fixes (the Flow channel's length and resolution), each with
    the rules' reason for the options it greys out."""
    model = rules.MODELS.get(request.model)
    fixed: dict[Field, str] = {}
    for name in FIXABLE:
        reasons = [verdict.reason for verdict in states[name].values() if not verdict.allowed]
        if model is not None and len(model.allowed(name)) == 1 and reasons:
            fixed[name] = reasons[0]
    return fixed


def busy_reason(state: FormState, *, reading_waited_for: bool = False) -> str:
    """Why nothing can be sent at this moment, in words (no session, a frame still being read or taken,
    a submission under way); empty when something can. Generate and a batch both ask
    (``reading_waited_for``: a frame being read is no reason, it will be waited for)."""
    if not state.session or state.starting:
        return state.no_session_reason or translate("Controller", "Starting…")
    if state.taking:
        return state.taking
    if state.loading and not reading_waited_for:
        return translate("Controller", "Reading the image…")
    if state.submitting:
        return translate("Controller", "Submitting…")
    return ""


def batch_busy_reason(state: FormState) -> str:
    """Why several images dropped now are refused at once (before any is read or any cost asked)."""
    reason = busy_reason(state, reading_waited_for=True)
    if not reason and state.batching:
        reason = translate("Controller", "Several videos are being prepared")
    return reason


def frames_blocker(request: VideoRequest, start: bool, end: bool) -> str:
    """Why the chosen model cannot take these frames (an end frame where it takes none: the rules' reason
    naming the choice that does); empty when it can."""
    if not end:
        return ""
    verdict = rules.end_frame_verdict(request)
    if not verdict.allowed:
        return verdict.reason
    model = rules.MODELS.get(rules.adjust(request, start=start, end=end).request.model)
    return rules.frame_problem(model, start, end, request.aspect_ratio) if model is not None else ""


def generate_blocker(state: FormState) -> str:
    """Why Generate cannot run now, in words; empty when it can."""
    busy = busy_reason(state)
    if busy:
        return busy
    if state.batching:
        return translate("Controller", "Several videos are being prepared")
    if state.resting:
        return translate(
            "Controller",
            "Sent. To send it again, wait a moment; or change the prompt, a frame or a setting",
        )
    if not state.request.prompt.strip():
        return translate("Controller", "Describe the motion first")
    return frames_blocker(state.request, state.start, state.end)


def generate_label(start: bool, end: bool) -> str:
    if start and end:
        return translate("Controller", "Generate video from both frames")
    if start:
        return translate("Controller", "Generate video")
    return translate("Controller", "Generate from text (no image)")


def gate(state: FormState) -> Gate:
    """Generate as it should look now (the words: why it cannot run, else the last refusal)."""
    reason = generate_blocker(state)
    return Gate(
        enabled=not reason, label=generate_label(state.start, state.end), reason=reason or state.refusal
    )


def build_request(request: VideoRequest, seed_text: str, *, start: bool, end: bool) -> Built:
    """The request sent for the form's choice and these frames: its exact model, and its seed where the
    model takes one; or why not, in words."""
    if rules.extras_verdict(request).allowed:
        try:
            request = replace(request, seed=rules.parse_seed(seed_text))
        except ValueError as exc:
            return Built(None, str(exc))
    request = rules.adjust(request, start=start, end=end).request
    found = rules.problems(request, start=start, end=end)
    if found:
        return Built(None, "; ".join(found))
    return Built(request)


def end_frame_switch(request: VideoRequest) -> str:
    """The choice to switch to for an end frame (the same quality, one that takes it); "" for none."""
    target = rules.end_frame_model(request.model, request.aspect_ratio)
    return rules.choice_of(target) if target else ""
