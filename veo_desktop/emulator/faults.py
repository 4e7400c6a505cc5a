"""Faults the emulator can inject, scheduled one by one or drawn at random from a seeded generator."""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from typing import Any, Literal

Route = Literal["submit", "status", "content", "any"]
# What each kind does:
#   500        a JSON 500              html502   an HTML 502 page, as a proxy in front sends it
#   429        rate limited, with Retry-After      balance   429 "insufficient balance"
#   reset      the connection is dropped (RST) without an answer; on submit the task is NOT created
#   reset_after_accept   submit only: the task is created and billed, then the answer is lost
#   truncate   content only: the body stops half-way and the connection closes
#   slow       the answer waits ``slow_seconds`` (beyond the client's timeout in tests)
#   not_ready  content only: the documented 400 right after completion
#   redirect   a 302 to ``location`` (another host, say)
#   html_content   content only: a 200 whose body is an HTML page instead of a video
#   answer     a raw answer: ``status``, ``body``, ``content_type`` and ``headers`` as given (a hostile
#              or broken server); on submit the task is created first (unless ``accept=False``), so the
#              service has it but the app cannot read its id: a 502 or 504 here is a gateway that lost
#              the service's answer to a submission it took
#   fail       status only: the task ends failed at once, with ``reason`` as the service's words
#              ("" for none; a reason that echoes the key, say)
#   404        status only: "task not found" for a task the service has (a hiccup, a wrong shard)
#   short_content   content only: half the video, with a Content-Length that says half (honest-looking)
#   changed_content content only: a copy of the video 64 bytes longer (the file changed at the service)
#   gateway_after_accept   submit only: the task is created, then a gateway answers an HTML 502 or
#              504 (drawn at random) in place of the service's answer
FaultKind = Literal[
    "500",
    "html502",
    "429",
    "balance",
    "reset",
    "reset_after_accept",
    "truncate",
    "slow",
    "not_ready",
    "redirect",
    "html_content",
    "answer",
    "fail",
    "404",
    "gateway_after_accept",
    "short_content",
    "changed_content",
]


@dataclass
class Fault:
    kind: FaultKind
    route: Route = "any"
    times: int = 1
    retry_after: float = 1.0
    slow_seconds: float = 5.0
    location: str = ""
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    accept: bool = True  # answer on submit: the task is created before the answer
    reason: str = ""  # fail: the failed task's error message
    headers: dict[str, str] = field(default_factory=dict)  # answer: more headers (a lying Content-Encoding)

    def matches(self, route: Route) -> bool:
        return self.times > 0 and self.route in ("any", route)


class FaultPlan:
    """Faults waiting to happen. Thread-safe: the test thread adds, the emulator's loop takes."""

    def __init__(
        self, *, seed: int | None = None, rates: dict[str, float] | None = None, slow_seconds: float = 5.0
    ) -> None:
        """``rates`` maps a kind, or ``kind@route``, to the chance it hits each matching request."""
        self.slow_seconds = slow_seconds
        self._scheduled: list[Fault] = []
        self._random = random.Random(seed)
        self.rates: dict[str, float] = dict(rates or {})
        self.injected: dict[str, int] = {}
        self._lock = threading.Lock()

    def add(self, kind: FaultKind, route: Route = "any", *, times: int = 1, **options: Any) -> Fault:
        fault = Fault(kind, route, times, **options)
        with self._lock:
            self._scheduled.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._scheduled.clear()
            self.rates.clear()

    def take(self, route: Route) -> Fault | None:
        """The next fault for this route, if any: scheduled ones first, then a random draw."""
        with self._lock:
            for fault in self._scheduled:
                if fault.matches(route):
                    fault.times -= 1
                    return self._count(fault)
            for key, rate in self.rates.items():
                kind, _, only = key.partition("@")
                if (not only or only == route) and _applies(kind, route) and self._random.random() < rate:
                    return self._count(Fault(kind, route, retry_after=0.2, slow_seconds=self.slow_seconds))  # type: ignore[arg-type]
        return None

    def _count(self, fault: Fault) -> Fault:
        self.injected[fault.kind] = self.injected.get(fault.kind, 0) + 1
        return fault


def _applies(kind: str, route: Route) -> bool:
    if kind in ("truncate", "not_ready", "html_content", "short_content", "changed_content"):
        return route == "content"
    if kind in ("redirect", "answer", "fail"):
        return False  # only when scheduled, with a location, an answer or a reason
    if kind in ("reset_after_accept", "gateway_after_accept"):
        return route == "submit"
    if kind == "404":
        return route == "status"
    return True
