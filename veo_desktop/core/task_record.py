"""A task as the app keeps it: its state, what the user asked for, and what became of it.

No storage here (``core/history/store.py`` keeps records in SQLite) and no Qt: the window, the commands
and the task manager all read the same record.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Final, Literal

from veo_desktop.api import rules

State = Literal[
    "waiting",  # recorded, not sent: waiting for one of the tasks running at once to finish
    "submitting",  # written before the POST goes out
    "unknown",  # the POST went out, no answer came back: maybe accepted, never resent
    "rejected",  # the service refused the submission (nothing billed)
    "queued",
    "in_progress",
    "downloading",
    "completed",  # the video is on disk
    "failed",  # the service says the task failed, or expired (not billed)
    "canceled",  # the service says the task was canceled (free); never resent on its own
    "download_failed",  # completed at the service but not saved yet: stays downloadable
    "paused",  # the user stopped waiting for a task the service has: not followed, its id kept
]
ACTIVE: Final = frozenset({"queued", "in_progress", "downloading", "download_failed"})
# What counts against "how many tasks run at once": sent, or being sent, and not finished at the service.
RUNNING: Final = frozenset({"submitting", "queued", "in_progress"})
# What the user should look at (drawn in the error colour): it did not end with a video.
PROBLEM: Final = frozenset({"failed", "canceled", "rejected", "download_failed", "unknown"})
# Not followed any more, and not by choice of the service's schedule: refused, failed, outcome unknown, or
# the user stopped waiting. The history keeps when (``completed_at``), so the row's clock stops there.
STOPPED: Final = frozenset({"failed", "canceled", "rejected", "unknown", "paused"})
# What may be submitted anew by the user ("Retry"; for "unknown", "Send again" after a warning).
RETRYABLE: Final = frozenset({"failed", "canceled", "rejected", "unknown"})

# What a record keeps of the request: every field of VideoRequest, under the same names.
_REQUEST_FIELDS: Final = tuple(f.name for f in fields(rules.VideoRequest))


@dataclass(frozen=True)
class TaskRecord:
    id: int
    state: State
    prompt: str
    model: str
    seconds: str
    resolution: str
    aspect_ratio: str
    negative_prompt: str = ""
    seed: int | None = None
    task_id: str | None = None
    image_name: str = ""
    image_sha256: str = ""
    image_copy: str = ""  # our own copy of the uploaded bytes, for retry
    end_image_name: str = ""  # the end frame (the Flow channel's -fl models), kept as the start frame is
    end_image_sha256: str = ""
    end_image_copy: str = ""
    progress: int = 0
    created_at: float = 0.0
    submitted_at: float | None = None
    started_at: float | None = None
    completed_at: float | None = None
    saved_at: float | None = None
    cost_cents: int | None = None
    output_path: str = ""
    last_error: str = ""
    demo: bool = False
    imported: bool = False
    parent_task_id: str = ""  # the task whose last frame this clip continues from
    video_fingerprint: str = ""  # of the saved video (core/clips/saved_videos.py): is the file still this one
    # A two-frame clip's last frame against the end frame as sent (core/clips/end_frame.py); None: unchecked.
    end_frame_match: bool | None = None
    end_frame_distance: float | None = None

    @classmethod
    def for_request(cls, request: rules.VideoRequest, **fields: Any) -> TaskRecord:
        """A new record (its id comes from the store) holding what the user asked for."""
        asked = {name: getattr(request, name) for name in _REQUEST_FIELDS}
        return cls(id=0, **asked, **fields)

    @property
    def request(self) -> rules.VideoRequest:
        return rules.VideoRequest(**{name: getattr(self, name) for name in _REQUEST_FIELDS})

    @property
    def active(self) -> bool:
        return self.state in ACTIVE
