"""The one retry policy: every error declares its category, and every loop that may try again (a request,
a download, following a task, saving its video) asks :meth:`RetryPolicy.decide` what to do.

A table from every error class in ``api/errors.py`` to its category and to the decision of each loop;
then the promises that hold whatever the numbers: a submission whose outcome is unknown is never sent
again, a refusal is never tried again, and every wait is bounded.
"""

from __future__ import annotations

import inspect

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veo_desktop.api import errors
from veo_desktop.api.bodies import too_large
from veo_desktop.api.errors import Category
from veo_desktop.api.retry import Decision, Loop, RetryPolicy

POLICY = RetryPolicy()  # the app's own numbers: tries 5/3/6/3, pauses between 2 s and 60 s
C = Category

# Every error the client raises, with its category: one instance per class, and each instance of a
# class whose category depends on what it carries.
ERRORS: dict[str, tuple[errors.VeoError, Category]] = {
    "InvalidRequest": (errors.InvalidRequest(["8 s only at 1080p"]), C.REFUSED),
    "InsecureConnection": (errors.InsecureConnection("plain http to another host"), C.REFUSED),
    "AuthError": (errors.AuthError(), C.REFUSED),
    "RequestRejected": (errors.RequestRejected("prompt refused"), C.REFUSED),
    "ImageTooLarge": (errors.ImageTooLarge(), C.REFUSED),
    "TaskNotFound": (errors.TaskNotFound("task_1"), C.REFUSED),
    "RateLimited": (errors.RateLimited("slow down", None), C.TRANSIENT),
    "RateLimited, Retry-After 5": (errors.RateLimited("slow down", 5.0), C.TRANSIENT),
    "RateLimited, no balance": (errors.RateLimited("Insufficient account balance", None), C.NO_BALANCE),
    "RateLimited, 余额不足": (errors.RateLimited("余额不足", 5.0), C.NO_BALANCE),
    "ServiceUnavailable": (errors.ServiceUnavailable(503, "busy"), C.TRANSIENT),
    "NetworkError": (errors.NetworkError("could not connect"), C.TRANSIENT),
    "RequestTimeout": (errors.RequestTimeout("no answer within the read timeout"), C.TRANSIENT),
    "OutcomeUnknown": (errors.OutcomeUnknown("HTTP 502"), C.OUTCOME_UNKNOWN),
    "BadResponse": (errors.BadResponse("a redirect (302) with nowhere to go"), C.TRANSIENT),
    "BadResponse, the same again": (
        errors.BadResponse("too many redirects", category=C.UNUSABLE),
        C.UNUSABLE,
    ),
    "BadResponse, too large": (too_large(), C.UNUSABLE),
    "ContentNotReady": (errors.ContentNotReady(), C.NOT_YET),
    "TaskEnded": (errors.TaskEnded("failed", "failed"), C.REFUSED),
    "DownloadFailed": (errors.DownloadFailed("the connection ended after 10 of 20 bytes"), C.TRANSIENT),
    "NotAVideo": (errors.NotAVideo("text/html: 502 Bad Gateway"), C.UNUSABLE),
    "SaveFailed": (errors.SaveFailed("/full/disk/clip.mp4", "No space left on device"), C.LOCAL),
}

# Whether each loop tries again after a first error of each category (attempt 0, not stopping).
L = Loop
TRIES_AGAIN: dict[Category, set[Loop]] = {
    C.TRANSIENT: {L.GET, L.POST, L.DOWNLOAD, L.FOLLOW, L.SAVE},
    C.REFUSED: set(),
    # An empty account refuses new work; a task already accepted is still followed to its end.
    C.NO_BALANCE: {L.FOLLOW},
    C.OUTCOME_UNKNOWN: set(),
    # Not at once (the same answer would come), but later, by the loops that follow the task.
    C.UNUSABLE: {L.FOLLOW, L.SAVE},
    # /content's 400 while the video is published: the download's own short schedule.
    C.NOT_YET: {L.DOWNLOAD, L.FOLLOW, L.SAVE},
    C.LOCAL: set(),
}


def test_the_table_holds_every_error_class() -> None:
    classes = {
        cls
        for cls in vars(errors).values()
        if inspect.isclass(cls) and issubclass(cls, errors.VeoError) and cls is not errors.VeoError
    }
    assert classes == {type(error) for error, _category in ERRORS.values()}
    assert set(TRIES_AGAIN) == set(Category)


@pytest.mark.parametrize("error, category", ERRORS.values(), ids=ERRORS.keys())
def test_every_error_declares_its_category(error: errors.VeoError, category: Category) -> None:
    assert error.category is category


@pytest.mark.parametrize("loop", list(Loop), ids=[loop.name for loop in Loop])
@pytest.mark.parametrize("error, category", ERRORS.values(), ids=ERRORS.keys())
def test_each_loop_decides_by_the_category(error: errors.VeoError, category: Category, loop: Loop) -> None:
    decision = POLICY.decide(error, 0, loop, scheduled=7.0)
    assert decision.retry is (loop in TRIES_AGAIN[category])
    if decision.retry:
        assert 0 < decision.wait <= POLICY.max_retry_after
    else:
        assert decision == Decision(False, 0.0)


@given(
    attempt=st.integers(min_value=0, max_value=50),
    loop=st.sampled_from(Loop),
    stopping=st.booleans(),
    tries=st.integers(min_value=1, max_value=20),
)
def test_a_submission_whose_outcome_is_unknown_is_never_sent_again(
    attempt: int, loop: Loop, stopping: bool, tries: int
) -> None:
    generous = RetryPolicy(
        get_attempts=tries, post_attempts=tries, download_attempts=tries, save_attempts=tries
    )
    for error in (errors.OutcomeUnknown("the connection was reset"), errors.OutcomeUnknown("HTTP 504")):
        assert not generous.decide(error, attempt, loop, stopping=stopping).retry


@given(
    name=st.sampled_from([name for name, (_e, category) in ERRORS.items() if category is C.REFUSED]),
    attempt=st.integers(min_value=0, max_value=50),
    loop=st.sampled_from(Loop),
    stopping=st.booleans(),
)
def test_a_refused_error_is_never_tried_again(name: str, attempt: int, loop: Loop, stopping: bool) -> None:
    error, _category = ERRORS[name]
    generous = RetryPolicy(get_attempts=99, post_attempts=99, download_attempts=99, save_attempts=99)
    assert not generous.decide(error, attempt, loop, stopping=stopping, scheduled=1.0).retry


@given(
    name=st.sampled_from(list(ERRORS)),
    attempt=st.integers(min_value=0, max_value=10_000),
    loop=st.sampled_from(Loop),
    scheduled=st.floats(min_value=0.0, max_value=60.0),
)
def test_every_wait_is_bounded(name: str, attempt: int, loop: Loop, scheduled: float) -> None:
    error, _category = ERRORS[name]
    decision = POLICY.decide(error, attempt, loop, scheduled=scheduled)
    if not decision.retry:
        assert decision.wait == 0.0
    elif loop in (Loop.FOLLOW, Loop.SAVE):  # the poll schedule's pause (the poller bounds a Retry-After)
        assert decision.wait in (scheduled, getattr(error, "retry_after", None))
    elif error.category is C.NOT_YET:  # the CDN's own short pauses
        assert decision.wait in POLICY.content_not_ready_delays
    else:
        assert POLICY.min_retry_after <= decision.wait <= POLICY.max_retry_after


@pytest.mark.parametrize(
    "loop, tries",
    [(Loop.GET, POLICY.get_attempts), (Loop.POST, POLICY.post_attempts), (Loop.DOWNLOAD, 6), (Loop.SAVE, 3)],
)
def test_a_transient_error_is_tried_again_until_the_tries_run_out(loop: Loop, tries: int) -> None:
    error = errors.NetworkError("could not connect")
    again = [POLICY.decide(error, attempt, loop, scheduled=4.0).retry for attempt in range(tries + 2)]
    assert again == [True] * (tries - 1) + [False] * 3


def test_following_a_task_never_gives_up_on_trouble_that_can_pass() -> None:
    for name in ("NetworkError", "ServiceUnavailable", "RateLimited, no balance", "NotAVideo"):
        error, _category = ERRORS[name]
        assert POLICY.decide(error, 10_000, Loop.FOLLOW, scheduled=9.0) == Decision(True, 9.0)


def test_the_backoff_grows_and_never_goes_under_the_floor() -> None:
    error = errors.ServiceUnavailable(502)
    assert POLICY.decide(error, 0, Loop.GET).wait == POLICY.min_retry_after  # 1 s, raised to 2 s
    assert 6.4 <= POLICY.decide(error, 3, Loop.GET).wait <= 9.6  # 8 s, jittered by a fifth
    assert 12.8 <= POLICY.decide(error, 4, Loop.DOWNLOAD).wait <= 19.2  # 16 s
    patient = RetryPolicy(get_attempts=20)
    assert 24.0 <= patient.decide(error, 12, Loop.GET).wait <= 36.0  # never over 30 s, jittered


def test_a_retry_after_is_honoured_within_its_bounds() -> None:
    assert POLICY.decide(errors.RateLimited("slow down", 5.0), 0, Loop.GET) == Decision(True, 5.0)
    assert POLICY.decide(errors.RateLimited("slow down", 0.5), 0, Loop.POST) == Decision(True, 2.0)
    # Longer than one call waits: the request gives up, and the window or the poller waits it out.
    assert not POLICY.decide(errors.RateLimited("slow down", 90.0), 0, Loop.GET).retry
    assert POLICY.decide(errors.RateLimited("slow down", 90.0), 0, Loop.FOLLOW) == Decision(True, 90.0)
    # A download waits the longest a call does, then asks again.
    assert POLICY.decide(errors.RateLimited("slow down", 90.0), 0, Loop.DOWNLOAD) == Decision(True, 60.0)
    assert POLICY.decide(errors.RateLimited("slow down", None), 0, Loop.FOLLOW, scheduled=3.0).wait == 3.0


def test_a_refused_submission_is_not_sent_again_once_the_user_is_stopping() -> None:
    limited = errors.RateLimited("slow down", 1.0)
    assert POLICY.decide(limited, 0, Loop.POST).retry
    assert not POLICY.decide(limited, 0, Loop.POST, stopping=True).retry
    assert not POLICY.decide(errors.NetworkError("could not connect"), 0, Loop.POST, stopping=True).retry
    assert POLICY.decide(limited, 0, Loop.GET, stopping=True).retry  # a question may still be asked


def test_content_not_ready_follows_its_own_short_schedule() -> None:
    not_ready = errors.ContentNotReady()
    waits = [POLICY.decide(not_ready, attempt, Loop.DOWNLOAD) for attempt in range(7)]
    assert [d.wait for d in waits[:6]] == list(POLICY.content_not_ready_delays)
    assert [d.retry for d in waits] == [True] * 6 + [False]
