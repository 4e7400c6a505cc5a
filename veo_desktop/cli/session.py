"""Everything one CLI run needs, built from its arguments and closed in order on the way out."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from veo_desktop import paths
from veo_desktop.api.client import VeoClient, make_http_client
from veo_desktop.api.security import check_base_url
from veo_desktop.core.history import HistoryStore
from veo_desktop.core.keystore import KeyringUnavailable, KeyStore
from veo_desktop.core.manager import PollSchedule, TaskManager
from veo_desktop.core.settings import Settings
from veo_desktop.emulator.server import EmulatorThread


class CliError(Exception):
    """One clear line for the terminal, and the exit code."""

    def __init__(self, message: str, code: int = 2) -> None:
        self.code = code
        super().__init__(message)


@dataclass
class Connection:
    base_url: str
    api_key: str


def resolve_connection(args: argparse.Namespace, settings: Settings, keys: KeyStore) -> Connection:
    """Refuses (CliError) with no key or an unsafe address, before any request."""
    base_url = check_base_url(settings.resolved_base_url(getattr(args, "base_url", None)))
    keyring_note = ""
    try:
        key = keys.get().key
    except KeyringUnavailable as exc:
        key, keyring_note = None, f" ({exc})"
    if not key:
        raise CliError(
            "No API key. Set APIYI_API_KEY (or store one in the app's Settings), "
            f"or try the offline demo with --demo.{keyring_note}"
        )
    return Connection(base_url, key)


@contextlib.asynccontextmanager
async def open_session(
    args: argparse.Namespace,
    *,
    keys: KeyStore | None = None,
    http: httpx.AsyncClient | None = None,
) -> AsyncIterator[TaskManager]:
    settings = Settings.load()
    demo = bool(getattr(args, "demo", False))
    emulator: EmulatorThread | None = None
    if demo:
        emulator = EmulatorThread()
        emulator.start()
        connection = Connection(emulator.base_url, emulator.api_key)
    else:
        connection = resolve_connection(args, settings, keys or KeyStore())
    store = HistoryStore(paths.history_db())
    interval = getattr(args, "poll_interval", None)
    own_http = http is None
    client_http = http or make_http_client()
    manager: TaskManager | None = None
    try:
        client = VeoClient(client_http, base_url=connection.base_url, api_key=connection.api_key)
        output_dir = settings.resolved_output_dir()
        manager = TaskManager(
            client,
            store,
            output_dir=output_dir,
            references_dir=paths.references_dir(),
            schedule=PollSchedule(fixed=interval),
            demo=demo,
            create_output_dir=output_dir == paths.default_output_dir(),
        )
        yield manager
    finally:
        if manager is not None:
            await manager.aclose()
        if own_http:
            await client_http.aclose()
        store.close()
        if emulator is not None:
            emulator.stop()


def output_target(text: str | None) -> Path | None:
    """``-o``: a folder (existing) or a ``.mp4`` path in an existing folder; refused before any request."""
    if not text:
        return None
    path = Path(text).expanduser()
    if path.is_dir():
        return path
    if path.suffix.lower() != ".mp4":
        raise CliError(f"-o {text}: not an existing folder, nor a path ending in .mp4")
    if path.exists():
        raise CliError(f"-o {text}: the file already exists; choose another name")
    if not path.parent.is_dir():
        raise CliError(f"-o {text}: the folder {path.parent} does not exist")
    return path
