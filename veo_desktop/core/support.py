"""The request log for a support ticket: recent exchanges with the service, in plain text, key masked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from veo_desktop import __version__
from veo_desktop.api.client import RequestRecord
from veo_desktop.api.security import mask_key, redact


def request_log_text(records: Iterable[RequestRecord], base_url: str, api_key: str) -> str:
    """One line per request, newest last: time, method, path (it holds the task id), status, timing."""
    lines = [
        f"Veo Desktop {__version__} · API {base_url} · key {mask_key(api_key)}",
        "time (UTC)  method  path  status  seconds  note",
    ]
    for record in records:
        when = dt.datetime.fromtimestamp(record.when, dt.UTC).strftime("%H:%M:%S")
        status = "-" if record.status is None else str(record.status)
        line = (
            f"{when}  {record.method}  {record.path}  {status}  {record.elapsed:.3f}  {record.note}".rstrip()
        )
        lines.append(redact(line, api_key))
    if len(lines) == 2:
        lines.append("(no requests yet in this session)")
    return "\n".join(lines) + "\n"
