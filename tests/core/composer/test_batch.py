"""A batch without a window: several pictures dropped make one video each, at a total cost said in words,
or nothing, with the reason; the pictures that cannot be used are named, the others still go."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tests.conftest import image_bytes
from veo_desktop.api import rules
from veo_desktop.api.rules import VideoRequest
from veo_desktop.core.clips.framing import Framing
from veo_desktop.core.clips.images import ImageRejected, PreparedImage, prepare_image
from veo_desktop.core.composer import batch
from veo_desktop.core.composer.form_policy import FormState

FAST = rules.CHOICES["Veo 3.1 Fast"]
STANDARD = rules.CHOICES["Veo 3.1"]
FAST_FLOW = rules.CHOICES["Veo 3.1 Fast · Flow"]
FORM = FormState(request=VideoRequest("same motion for all", model=FAST), start=True, batching=True)


def pictures(tmp_path: Path, count: int) -> list[PreparedImage]:
    found = []
    for index in range(count):
        path = tmp_path / f"shot-{index}.png"
        path.write_bytes(image_bytes("PNG", (100 + index, 80)))
        found.append(prepare_image(path))
    return found


def rejected(tmp_path: Path) -> ImageRejected:
    path = tmp_path / "notes.png"
    path.write_text("not a picture")
    try:
        prepare_image(path)
    except ImageRejected as exc:
        return exc
    raise AssertionError("a text file was taken as a picture")


def test_three_pictures_cost_three_videos(tmp_path: Path) -> None:
    good = pictures(tmp_path, 3)
    plan = batch.plan(FORM, good)
    assert (plan.refusal, plan.why_not) == ("", "")
    assert plan.good == tuple(good) and plan.bad == ()
    assert plan.total == "$0.90"
    assert plan.request == VideoRequest("same motion for all", model="veo-3.1-fast-generate-preview")
    # The better model, four of them; the Flow channel; the demo, which charges nothing.
    assert (
        batch.plan(replace(FORM, request=replace(FORM.request, model=STANDARD)), good + good[:1]).total
        == "$4.80"
    )
    assert batch.plan(replace(FORM, request=replace(FORM.request, model=FAST_FLOW)), good).total == "$0.45"
    assert batch.plan(FORM, good, free="free (demo)").total == "free (demo)"
    assert batch.total_cost(VideoRequest("x", model="veo-3.1-generate-preview"), 10) == "$12.00"


def test_pictures_that_cannot_be_used_are_named_and_left_out_of_the_cost(tmp_path: Path) -> None:
    good = pictures(tmp_path, 2)
    bad = rejected(tmp_path)
    plan = batch.plan(FORM, [good[0], bad, good[1], OSError("gone")])
    assert plan.good == tuple(good)
    assert plan.bad == (str(bad),) and str(bad).startswith("notes.png: ")
    assert plan.total == "$0.60"
    nothing = batch.plan(FORM, [bad])
    assert nothing.refusal == f"None of these can be used: {bad}"
    assert batch.jobs(nothing, "crop", None, Framing()) == []


def test_each_picture_is_one_video_centred_ending_on_the_end_frame(tmp_path: Path) -> None:
    *good, end = pictures(tmp_path, 3)
    form = replace(FORM, end=True, request=replace(FORM.request, model=FAST_FLOW, aspect_ratio="9:16"))
    plan = batch.plan(form, good)
    end_framing = Framing(mode="fit")
    jobs = batch.jobs(plan, "fit", end, end_framing)
    assert [job.start for job in jobs] == good
    assert {
        (job.request.model, job.start_framing, job.end, job.end_framing, job.parent_task_id) for job in jobs
    } == {("veo-3.1-fast-fl", Framing(mode="fit"), end, end_framing, "")}


def test_nothing_goes_when_the_form_cannot_send_and_the_reason_is_said(tmp_path: Path) -> None:
    good = pictures(tmp_path, 2)
    cases = {
        replace(
            FORM, session=False, no_session_reason="Add your API key"
        ): "2 images, nothing sent: Add your API key",
        replace(FORM, taking="Taking the last frame…"): "2 images, nothing sent: Taking the last frame…",
        replace(FORM, submitting=True): "2 images, nothing sent: Submitting…",
        # An end frame on a model that takes none: the rules' reason, naming the one that does.
        replace(FORM, end=True): "Veo 3.1 Fast takes no end frame; Veo 3.1 Fast · Flow — $0.15 does",
        replace(FORM, request=replace(FORM.request, prompt=" ")): (
            "2 images: write the prompt and pick the settings first, then drop them again"
        ),
    }
    for form, refusal in cases.items():
        plan = batch.plan(form, good)
        assert (plan.refusal, plan.good, plan.total) == (refusal, (), ""), form
        assert batch.jobs(plan, "crop", None, Framing()) == []


def test_a_seed_that_cannot_be_sent_stops_the_batch_and_says_why_under_generate(tmp_path: Path) -> None:
    plan = batch.plan(replace(FORM, seed_text="12x"), pictures(tmp_path, 2))
    assert plan.refusal == "2 images: write the prompt and pick the settings first, then drop them again"
    assert plan.why_not == "The seed must be a whole number from 0 to 4294967295 (got '12x')"


def test_a_drop_refused_before_reading_says_how_many_and_why() -> None:
    assert batch.not_sent(4, "Starting…") == "4 images, nothing sent: Starting…"
