"""Every loop that may try again asks the one retry policy (issue 27): a task's whole life against the
emulator, with a policy that notes each question, and trouble on each leg (a 429 to the submission, a 502
to a status question, the video not published yet, then cut short)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.conftest import image_bytes
from tests.helpers.tasks import REQUEST, manager_for
from veo_desktop.api import errors
from veo_desktop.api.errors import Category
from veo_desktop.api.retry import Decision, Loop, RetryPolicy
from veo_desktop.core.clips.images import prepare_image_bytes
from veo_desktop.emulator.server import EmulatorThread

Asked = tuple[Loop, Category, bool]  # who asked, about what, and whether it was to try again


@dataclass(frozen=True)
class Noting(RetryPolicy):
    """The app's policy with the test's short waits, noting every decision it gives."""

    asked: list[Asked] = field(default_factory=list)

    def decide(self, error: errors.VeoError, attempt: int, loop: Loop, **options: Any) -> Decision:
        decision = super().decide(error, attempt, loop, **options)
        self.asked.append((loop, error.category, decision.retry))
        return decision


async def test_each_loop_asks_the_policy_and_does_what_it_says(
    emulator: EmulatorThread, app_home: Path
) -> None:
    # One try per request and per download: each error goes on to the loop above it.
    policy = Noting(
        backoff_base=0.05,
        backoff_max=0.2,
        min_retry_after=0.05,
        content_not_ready_delays=(0.2,),
        get_attempts=1,
        download_attempts=1,
    )
    faults = emulator.server.faults
    faults.add("429", "submit", retry_after=0.05)
    faults.add("html502", "status")
    faults.add("not_ready", "content")
    faults.add("truncate", "content")
    async with manager_for(emulator, app_home, retry=policy) as manager:
        record = await manager.submit(REQUEST, prepare_image_bytes(image_bytes("PNG"), "pier.png"))
        [done] = await manager.wait([record.id])
    assert done.state == "completed", done.last_error
    assert Path(done.output_path).read_bytes() == emulator.server.content_bytes(str(done.task_id))
    assert len(emulator.server.submissions) == 1
    T = Category.TRANSIENT
    assert (Loop.POST, T, True) in policy.asked  # the 429 waited out: the service did not take it
    assert (Loop.GET, T, False) in policy.asked  # one try per question here...
    assert (Loop.FOLLOW, T, True) in policy.asked  # ...and the poller asks again later
    assert (Loop.DOWNLOAD, Category.NOT_YET, True) in policy.asked  # the CDN's own short wait
    assert (Loop.DOWNLOAD, T, False) in policy.asked  # cut short, and one try per download here...
    assert (Loop.SAVE, T, True) in policy.asked  # ...so the saver downloads again
