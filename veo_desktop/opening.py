"""What opening a session waits for: the key (the keyring may be waiting for its unlock prompt) and the
history (another program may hold it). The window starts both at once, each on a daemon thread of its
own, the moment its first paint is done (:meth:`EarlyOpen.begin`), so they run while the rest of the app
is imported instead of one after the other once it is; the session then takes what they found. Qt-free,
and light to import (no HTTP stack): it is imported before the rest of the app."""

from __future__ import annotations

import concurrent.futures
import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from veo_desktop.api import errors
from veo_desktop.api.security import check_base_url, check_key_shape
from veo_desktop.core.keystore import FoundKey, KeyringUnavailable
from veo_desktop.core.settings import Settings
from veo_desktop.i18n import QT_TRANSLATE_NOOP, translate

# Imported on the threads that use them, or once they are done (asyncio): the threads start first.
if TYPE_CHECKING:
    import ssl

    from veo_desktop.core.history.store import HistoryStore

T = TypeVar("T")

NO_KEY = QT_TRANSLATE_NOOP(
    "Session",
    "No API key. Set APIYI_API_KEY (or store one in the app's Settings), "
    "or try the offline demo with --demo.",
)


class MissingKey(Exception):
    """No key anywhere; the message says what to do (and why the keyring did not help, if it did not).
    ``keyring_works``: the keyring answered (it holds no key), as opposed to being unavailable."""

    def __init__(self, message: str, *, keyring_works: bool = True) -> None:
        super().__init__(message)
        self.keyring_works = keyring_works


@dataclass(frozen=True)
class Connection:
    base_url: str
    api_key: str
    demo: bool = False


class Keys(Protocol):
    """Where the key is read: :class:`~veo_desktop.core.keystore.KeyStore`, or its answer read already."""

    def get(self) -> FoundKey: ...


def resolve_connection(settings: Settings, keys: Keys, base_url_flag: str | None = None) -> Connection:
    """Refuses (MissingKey, InsecureConnection) with no key or an unsafe address, before any request."""
    base_url = check_base_url(settings.resolved_base_url(base_url_flag))
    keyring_note = ""
    try:
        key = keys.get().key
    except KeyringUnavailable as exc:
        key, keyring_note = None, f" ({exc})"
    if not key:
        raise MissingKey(translate("Session", NO_KEY) + keyring_note, keyring_works=not keyring_note)
    return Connection(base_url, check_key_shape(key))  # a malformed key is refused before anything opens


Found = Connection | MissingKey | errors.InsecureConnection | ValueError


def find_connection(settings: Settings, keys: Keys) -> Found:
    """The address and the key (from the keyring: may block), or why there is no session with them."""
    try:
        return resolve_connection(settings, keys)
    except (MissingKey, errors.InsecureConnection, ValueError) as exc:  # ValueError: a malformed key
        return exc


def on_a_thread(work: Callable[[], T], name: str) -> concurrent.futures.Future[T]:
    """``work()`` started now on a daemon thread of its own (one that never answers does not hold the
    app's exit); its result or its exception in the future returned."""
    future: concurrent.futures.Future[T] = concurrent.futures.Future()
    future.set_running_or_notify_cancel()  # running: cancelling the future never drops the result

    def run() -> None:
        try:
            future.set_result(work())
        except BaseException as exc:  # raised where it is awaited
            future.set_exception(exc)

    threading.Thread(target=run, name=name, daemon=True).start()
    return future


async def awaited(future: concurrent.futures.Future[T], discard: Callable[[T], None] | None = None) -> T:
    """What ``future`` gives, awaited on the event loop. Cancelled while it waits, nobody takes the result:
    ``discard`` is given it when it comes (on the thread that made it)."""
    import asyncio

    try:
        return await asyncio.wrap_future(future)
    except asyncio.CancelledError:
        if discard is not None:
            future.add_done_callback(lambda done: _discard(done, discard))
        raise


def _discard(done: concurrent.futures.Future[T], discard: Callable[[T], None]) -> None:
    if done.exception() is None:
        discard(done.result())


def _open_history(path: Path) -> HistoryStore:
    from veo_desktop.core.history.store import HistoryStore

    return HistoryStore(path)


def _close(store: HistoryStore) -> None:
    store.close()


def _tls() -> ssl.SSLContext:
    from veo_desktop.api.tls import tls_context

    return tls_context()


class _Answered:
    """The keyring's answer, read already on a thread of its own: what ``KeyStore.get`` returned or raised."""

    def __init__(self, read: concurrent.futures.Future[FoundKey]) -> None:
        self._read = read

    def get(self) -> FoundKey:
        return self._read.result()  # done: only ever asked once it is


class EarlyOpen:
    """The key read, the history opened and the TLS context made, begun together, each on a thread of its
    own; each taken once, on the event loop's thread. A history nobody takes (no key, the window closed
    while it started) is closed when it has opened."""

    def __init__(
        self,
        key: concurrent.futures.Future[FoundKey] | None,
        history: concurrent.futures.Future[HistoryStore],
        tls: concurrent.futures.Future[ssl.SSLContext],
    ) -> None:
        self._key = key
        self._history = history
        self._tls = tls
        self._history_taken = False

    @classmethod
    def begin(cls, keys: Keys, history_path: Path, *, read_key: bool) -> EarlyOpen:
        """Start all three now (``read_key`` False: the demo was asked for, so the keyring is not read)."""
        key = on_a_thread(keys.get, "keyring") if read_key else None
        history = on_a_thread(lambda: _open_history(history_path), "history-open")
        return cls(key, history, on_a_thread(_tls, "tls"))

    @property
    def reads_key(self) -> bool:
        return self._key is not None

    async def connection(self, settings: Settings) -> Found:
        """The address and the key read, or why there is no session with them (awaited: the window's
        thread never waits for the keyring)."""
        assert self._key is not None, "the key was not read (the demo was asked for)"
        with contextlib.suppress(Exception):  # its answer, exception or not, is read just below
            await awaited(self._key)
        return find_connection(settings, _Answered(self._key))

    async def history(self) -> HistoryStore:
        """The history, opened (or :class:`~veo_desktop.core.history.errors.HistoryUnavailable`, as
        opening it raises). Cancelled while it opens, it is closed once it has."""
        self._history_taken = True
        return await awaited(self._history, discard=_close)

    async def tls(self) -> ssl.SSLContext:
        """The TLS context for the HTTP client (made as it would make it itself)."""
        return await awaited(self._tls)

    def close_unused(self) -> None:
        """The history was not taken (there is no session to give it to): closed once it has opened."""
        if not self._history_taken:
            self._history_taken = True
            self._history.add_done_callback(lambda done: _discard(done, _close))
