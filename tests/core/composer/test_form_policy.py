"""The form's rules without a window: what Generate says and why, the options a choice allows, the
request sent, and the pause after a submission (on an injected clock: a double click or a held key
within it sends nothing more; a change to the form, or the pause's end, frees Generate)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from veo_desktop.api import rules
from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.composer import form_policy
from veo_desktop.core.composer.form_policy import FormState
from veo_desktop.core.composer.resend_guard import ResendGuard

FAST = rules.CHOICES["Veo 3.1 Fast"]
FAST_FLOW = rules.CHOICES["Veo 3.1 Fast · Flow"]
READY = FormState(request=VideoRequest("a slow pan over the harbour"), start=True)
SENT_AGAIN = "Sent. To send it again, wait a moment; or change the prompt, a frame or a setting"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def rests(guard: ResendGuard) -> bool:
    """Whether Generate rests now (read afresh each time: the clock moves between the reads)."""
    return guard.resting


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"session": False}, "Starting…"),
        (
            {"session": False, "no_session_reason": "Add your API key in Settings"},
            "Add your API key in Settings",
        ),
        ({"starting": True}, "Starting…"),
        ({"taking": "Taking the last frame…"}, "Taking the last frame…"),
        ({"loading": True}, "Reading the image…"),
        ({"submitting": True}, "Submitting…"),
        ({"batching": True}, "Several videos are being prepared"),
        ({"resting": True}, SENT_AGAIN),
        ({"request": VideoRequest("   \n")}, "Describe the motion first"),
        # Busy first: while starting, the missing prompt is not what stops it.
        ({"starting": True, "request": VideoRequest("")}, "Starting…"),
        ({"submitting": True, "resting": True}, "Submitting…"),
    ],
)
def test_generate_is_greyed_out_with_the_reason_in_words(changes: dict[str, object], reason: str) -> None:
    gate = form_policy.gate(replace(READY, **changes))  # type: ignore[arg-type]
    assert not gate.enabled
    assert gate.reason == reason


def test_generate_runs_when_nothing_stops_it_and_shows_the_last_refusal() -> None:
    gate = form_policy.gate(replace(READY, refusal="The service refused the prompt"))
    assert gate.enabled
    assert gate.reason == "The service refused the prompt"
    assert gate.label == "Generate video"
    assert form_policy.gate(replace(READY, end=True)).label == "Generate video from both frames"
    assert form_policy.gate(replace(READY, start=False)).label == "Generate from text (no image)"


def test_an_end_frame_on_a_model_without_one_names_the_choice_that_takes_it() -> None:
    gate = form_policy.gate(replace(READY, end=True, request=replace(READY.request, model=FAST)))
    assert not gate.enabled
    assert gate.reason == "Veo 3.1 Fast takes no end frame; Veo 3.1 Fast · Flow — $0.15 does"
    assert form_policy.end_frame_switch(replace(READY.request, model=FAST)) == FAST_FLOW
    # The Flow choice takes it: Generate runs, and the exact model is the one with frames.
    flow = replace(READY, end=True, request=replace(READY.request, model=FAST_FLOW))
    assert form_policy.gate(flow).enabled
    assert form_policy.end_frame_switch(flow.request) == FAST_FLOW  # it stays
    # An end frame with no start frame: the rules' reason.
    no_start = replace(flow, start=False)
    assert form_policy.gate(no_start).reason == "An end frame needs a start frame"


def test_a_batch_drop_waits_for_a_frame_being_read_but_not_for_another_batch() -> None:
    assert form_policy.batch_busy_reason(replace(READY, loading=True)) == ""
    assert form_policy.batch_busy_reason(replace(READY, batching=True)) == "Several videos are being prepared"
    assert form_policy.batch_busy_reason(replace(READY, starting=True)) == "Starting…"
    # A frame being read is a reason for Generate, which sends the picture shown now.
    assert form_policy.busy_reason(replace(READY, loading=True)) == "Reading the image…"
    assert form_policy.busy_reason(replace(READY, loading=True), reading_waited_for=True) == ""


def test_the_flow_choice_fixes_length_and_resolution_and_says_so() -> None:
    asked = VideoRequest("x", model=FAST_FLOW, seconds="4", resolution="1080p", aspect_ratio="16:9")
    shown = form_policy.options(asked, start=True, end=False)
    assert (shown.request.seconds, shown.request.resolution) == ("8", "720p")
    assert shown.request.model == "veo-3.1-landscape-fast-fl"  # the shape and the start frame decide
    assert shown.fixed == {
        "seconds": "Veo 3.1 Fast · Flow makes 8-second clips only",
        "resolution": "Veo 3.1 Fast · Flow makes 720p clips only",
    }
    assert (
        shown.note
        == "Veo 3.1 Fast · Flow makes 8-second clips only; Veo 3.1 Fast · Flow makes 720p clips only"
    )
    assert not shown.states["seconds"]["4"].allowed
    assert shown.states["seconds"]["8"].allowed
    assert not shown.extras.allowed
    assert shown.cost == "This video: $0.15 (failed tasks are free)"
    assert shown.model_text == "Sent to the model veo-3.1-landscape-fast-fl"


def test_the_official_choice_fixes_nothing_and_the_demo_is_free() -> None:
    asked = VideoRequest("x", model=FAST, seconds="4", resolution="1080p")
    shown = form_policy.options(asked, start=False, end=False, free="free (demo)")
    assert shown.fixed == {}
    assert shown.request.seconds == "8"  # 1080p needs 8 seconds, and the note says so
    assert shown.note == "Length set to 8 s: 1080p videos need 8 seconds"
    assert shown.extras.allowed
    assert shown.cost == "This video: free (demo)"


def test_the_request_sent_has_the_exact_model_and_the_seed_where_it_is_taken() -> None:
    asked = VideoRequest("waves", model=FAST, negative_prompt="people")
    built = form_policy.build_request(asked, " 42 ", start=True, end=False)
    assert built.request == replace(asked, seed=42) and built.refusal == ""
    # The Flow channel takes no seed: the one typed is not parsed, nor sent, nor the negative prompt.
    flow = replace(asked, model=FAST_FLOW, aspect_ratio="9:16")
    built = form_policy.build_request(flow, "not a number", start=True, end=True)
    assert built.request == replace(flow, model="veo-3.1-fast-fl", negative_prompt="", seed=None)
    # A seed that cannot be sent: nothing is built, and the words say why.
    refused = form_policy.build_request(asked, "-3", start=False, end=False)
    assert refused.request is None
    assert refused.refusal == "The seed must be a whole number from 0 to 4294967295 (got '-3')"
    # The rules' problems, all of them: an end frame on a model that takes none.
    refused = form_policy.build_request(asked, "", start=True, end=True)
    assert refused.request is None
    assert "takes no end frame" in refused.refusal


def test_after_a_send_generate_rests_for_the_pause_and_a_held_key_sends_nothing_more() -> None:
    clock = Clock()
    guard = ResendGuard(clock)
    assert not rests(guard)
    assert guard.sent(double_click_seconds=0.4) == 1.5
    # A key held down (or pressed again and again) for just under the pause: every press refused.
    presses = []
    while clock.now < 101.49:
        presses.append(form_policy.gate(replace(READY, resting=rests(guard))))
        clock.now += 0.03
    assert len(presses) == 50
    assert {(p.enabled, p.reason) for p in presses} == {(False, SENT_AGAIN)}
    clock.now = 101.5  # the pause is over: the same again may be sent
    assert not rests(guard)
    assert form_policy.gate(replace(READY, resting=rests(guard))).enabled
    assert guard.changed()  # the window's timer ends it too, and refreshes Generate once


def test_the_pause_is_at_least_a_double_clicks_interval() -> None:
    clock = Clock()
    guard = ResendGuard(clock)
    assert guard.sent(double_click_seconds=2.0) == 2.0
    clock.now += 1.9
    assert rests(guard)
    clock.now += 0.1
    assert not rests(guard)


def test_a_change_to_the_form_ends_the_pause_at_once() -> None:
    clock = Clock()
    guard = ResendGuard(clock)
    assert not guard.changed()  # nothing was sent: nothing to refresh
    guard.sent()
    clock.now += 0.1
    assert rests(guard)
    assert guard.changed()
    assert not rests(guard)
    assert not guard.changed()
    guard.sent()  # a new send rests again from its own moment
    assert rests(guard)
