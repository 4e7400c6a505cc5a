"""What the window begins right after its first paint (veo_desktop/opening.py): the key read, the history
opened and the TLS context made, each on a thread of its own. What they find is what opening them later
would find; a history nobody takes is closed; and the TLS context is the one httpx would make."""

from __future__ import annotations

import asyncio
import ssl
import threading
from pathlib import Path

import httpx
import pytest

from tests.conftest import until
from veo_desktop import opening
from veo_desktop.api.tls import tls_context
from veo_desktop.core.history.store import HistoryStore
from veo_desktop.core.keystore import FoundKey, KeyringUnavailable
from veo_desktop.core.settings import Settings
from veo_desktop.opening import Connection, EarlyOpen, MissingKey

KEY = "sk-early-open-0123456789abcdef"


class Keys:
    """A keyring that answers when told to (or fails), from another thread than the one asking."""

    def __init__(self, answer: FoundKey | Exception) -> None:
        self.answer = answer
        self.go = threading.Event()
        self.asked_on: list[str] = []

    def get(self) -> FoundKey:
        self.asked_on.append(threading.current_thread().name)
        self.go.wait(10)
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def closed(store: HistoryStore) -> bool:
    return store.executor._shutdown  # its one thread is stopped (a closed store's)


async def test_the_key_is_read_on_its_own_thread_and_resolved_as_later(app_home: Path) -> None:
    keys = Keys(FoundKey(KEY, "keyring"))
    early = EarlyOpen.begin(keys, app_home / "history.db", read_key=True)
    reading = asyncio.ensure_future(early.connection(Settings()))
    await asyncio.sleep(0)
    assert not reading.done()  # the loop runs on while the keyring waits
    keys.go.set()
    found = await reading
    assert isinstance(found, Connection) and found.api_key == KEY
    assert keys.asked_on == ["keyring"]
    store = await early.history()
    assert store.path == app_home / "history.db" and not closed(store)
    store.close()


@pytest.mark.parametrize(
    ("answer", "keyring_works"),
    [(FoundKey(None, "none"), True), (KeyringUnavailable("locked"), False)],
    ids=["no key stored", "the keyring unavailable"],
)
async def test_no_key_is_said_as_before_and_the_unused_history_is_closed(
    app_home: Path, answer: FoundKey | Exception, keyring_works: bool
) -> None:
    keys = Keys(answer)
    keys.go.set()
    early = EarlyOpen.begin(keys, app_home / "history.db", read_key=True)
    found = await early.connection(Settings())
    assert isinstance(found, MissingKey) and found.keyring_works is keyring_works
    opened = early._history.result(10)  # opened meanwhile, and nobody takes it
    early.close_unused()
    assert closed(opened)


async def test_a_history_cancelled_while_it_opens_is_closed_once_open(
    app_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    opened: list[HistoryStore] = []

    def slow_to_open(path: Path) -> HistoryStore:  # as one another program holds for a while
        release.wait(10)
        opened.append(HistoryStore(path))
        return opened[-1]

    monkeypatch.setattr(opening, "_open_history", slow_to_open)
    early = EarlyOpen.begin(Keys(FoundKey(KEY, "keyring")), app_home / "history.db", read_key=False)
    assert not early.reads_key
    waiting = asyncio.ensure_future(early.history())
    await asyncio.sleep(0)
    waiting.cancel()  # the window closed while it waited
    with pytest.raises(asyncio.CancelledError):
        await waiting
    release.set()
    [store] = await asyncio.to_thread(lambda: [early._history.result(10)])
    await until(lambda: closed(store), "the history closed")  # nobody owns it: closed once it had opened
    assert opened == [store]


def test_the_tls_context_is_the_one_httpx_makes() -> None:
    ours = tls_context()
    theirs = httpx.create_ssl_context()
    assert ours.verify_mode == theirs.verify_mode == ssl.CERT_REQUIRED
    assert ours.check_hostname and theirs.check_hostname
    assert ours.minimum_version == theirs.minimum_version
    assert ours.cert_store_stats() == theirs.cert_store_stats() and ours.cert_store_stats()["x509_ca"] > 50
