"""The progress estimate: time queued and generating, a percentage that never claims completion."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from veo_desktop.api.rules import RESOLUTIONS, VideoRequest
from veo_desktop.core.history.store import TaskRecord
from veo_desktop.core.tasks.estimate import CEILING, RenderTimes, estimate

T0 = 1_800_000_000.0


def running(resolution: str = "720p", image: bool = True, **fields: object) -> TaskRecord:
    request = VideoRequest("a pier", resolution=resolution, seconds="8")
    values: dict[str, object] = {
        "id": 1, "state": "in_progress", "created_at": T0, "submitted_at": T0 + 1, "started_at": T0 + 31,
        "image_sha256": "ab" * 32 if image else "",
    }  # fmt: skip
    values.update(fields)
    local_id = int(values.pop("id"))  # type: ignore[call-overload]
    return replace(TaskRecord.for_request(request, **values), id=local_id)


@given(
    st.sampled_from(RESOLUTIONS),
    st.booleans(),
    st.floats(min_value=0, max_value=100_000),
    st.lists(st.floats(min_value=1, max_value=1000), max_size=8),
)
def test_the_estimate_never_reaches_100_before_completion(
    resolution: str, image: bool, elapsed: float, learned: list[float]
) -> None:
    times = RenderTimes()
    for n, took in enumerate(learned):
        times.learn(running(resolution, image, id=n + 2, state="completed", completed_at=T0 + 31 + took))
    guess = estimate(running(resolution, image), T0 + 31 + elapsed, times)
    assert guess.percent is not None and 0 <= guess.percent <= CEILING


def test_queued_and_generating_are_shown_apart_and_late_is_said() -> None:
    times = RenderTimes()
    queued = estimate(running(state="queued"), T0 + 43, times)
    assert queued.text() == "queued 0:42" and queued.percent is None
    early = estimate(running("720p", image=False), T0 + 31 + 45, times)
    assert early.text() == "queued 0:30 · generating 0:45 · about 60%"  # 45 s of a usual 75 s
    with_image = estimate(running("720p", image=True), T0 + 31 + 45, times)
    assert with_image.percent is not None and with_image.percent < 60  # image-to-video is slower
    late = estimate(running("4k", image=False), T0 + 31 + 361, times)
    assert late.late and late.percent == CEILING and late.text().endswith("taking longer than usual")


def test_the_users_own_times_replace_the_published_ones() -> None:
    times = RenderTimes.from_history(
        running(id=n, state="completed", completed_at=T0 + 31 + took) for n, took in enumerate((40, 42, 44))
    )
    expected = times.expected("720p", with_image=True)
    assert expected.learned and expected.typical == 42
    assert estimate(running(), T0 + 31 + 21, times).percent == 50
    assert not times.expected("1080p", with_image=True).learned


def test_flow_tasks_are_their_own_kind_with_the_providers_times() -> None:
    """A Flow task is not expected to take as long as an official 720p one, and is learned apart."""
    flow = TaskRecord(
        id=1,
        state="in_progress",
        prompt="p",
        model="veo-3.1-fast-fl",
        seconds="8",
        resolution="720p",
        aspect_ratio="9:16",
        image_sha256="ab",
        created_at=0.0,
        submitted_at=0.0,
        started_at=10.0,
    )
    official = replace(flow, model="veo-3.1-fast-generate-preview")
    times = RenderTimes()
    assert times.expected_for(flow).typical == 45.0  # the provider's 30-60 s
    assert times.expected_for(official).typical > 70.0
    for n in range(3):
        times.learn(replace(flow, id=10 + n, state="completed", completed_at=30.0))
    assert times.expected_for(flow).learned and times.expected_for(flow).typical == 20.0
    assert not times.expected_for(official).learned
