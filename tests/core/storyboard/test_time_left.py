"""The time a film still takes, beside "Shot k of n": the shots left times their typical render time (the
user's own once learned, the published ones before) plus what is left of the shot being made, in words."""

from __future__ import annotations

from dataclasses import replace

from veo_desktop.api import rules
from veo_desktop.core.storyboard.time_left import film_seconds_left, shot_seconds_left, time_left_text
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.estimate import RenderTimes

T0 = 1_800_000_000.0
SHOT = rules.VideoRequest("the door opens", resolution="720p", seconds="8")
FLOW = rules.VideoRequest("night falls", model="veo-3.1-landscape-fast-fl", resolution="720p")


def task(state: str, local_id: int = 1, took: float = 0.0, request: rules.VideoRequest = SHOT) -> TaskRecord:
    values: dict[str, object] = {
        "state": state, "created_at": T0, "submitted_at": T0, "started_at": T0 + 10,
        "image_sha256": "ab" * 32,
    }  # fmt: skip
    if took:
        values["completed_at"] = T0 + 10 + took
    return replace(TaskRecord.for_request(request, **values), id=local_id)


def learned(*took: float, request: rules.VideoRequest = SHOT) -> RenderTimes:
    times = RenderTimes()
    for n, seconds in enumerate(took, 2):
        times.learn(task("completed", n, seconds, request))
    return times


def test_the_words_round_minutes_up_and_say_hours() -> None:
    assert time_left_text(0) == "less than a minute left"
    assert time_left_text(59) == "less than a minute left"
    assert time_left_text(60) == "about 1 min left"
    assert time_left_text(121) == "about 3 min left"
    assert time_left_text(3600) == "about 1 h left"
    assert time_left_text(3600 + 5 * 60) == "about 1 h 5 min left"


def test_learned_render_times_replace_the_published_ones() -> None:
    times = learned(100, 120, 140)  # typical: 120 s for a 720p clip from a picture
    # Shot 1 not sent yet, shots 2 and 3 after it: three typical renders.
    assert film_seconds_left(SHOT, None, [SHOT, SHOT], times, T0) == 360
    assert time_left_text(film_seconds_left(SHOT, None, [SHOT, SHOT], times, T0)) == "about 6 min left"
    published = film_seconds_left(SHOT, None, [SHOT, SHOT], RenderTimes(), T0)
    assert published == 3 * RenderTimes().expected("720p", True).typical


def test_the_shot_being_made_counts_only_what_is_left_of_it() -> None:
    times = learned(100, 120, 140)
    generating = task("in_progress")  # started at T0 + 10
    assert shot_seconds_left(SHOT, generating, times, T0 + 10 + 45) == 75
    assert film_seconds_left(SHOT, generating, [SHOT], times, T0 + 10 + 45) == 75 + 120
    assert shot_seconds_left(SHOT, generating, times, T0 + 10 + 500) == 0  # late: due any moment
    assert shot_seconds_left(SHOT, task("queued"), times, T0 + 500) == 120  # queued: all of it
    assert shot_seconds_left(SHOT, task("downloading"), times, T0 + 500) == 0
    assert film_seconds_left(None, None, [], times, T0) == 0  # nothing left


def test_each_shot_counts_its_own_model_kind() -> None:
    times = learned(30, 30, 30, request=FLOW)  # the Flow fast channel learned; 720p official not
    official = RenderTimes().expected("720p", True).typical
    assert film_seconds_left(FLOW, None, [SHOT, FLOW], times, T0) == 30 + official + 30
