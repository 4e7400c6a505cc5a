"""One running session of the app (window or CLI): the HTTP client, the API client, the history, the task
manager and, in demo mode, the emulator, built in one place and closed in order.
"""

from __future__ import annotations

import asyncio
import collections
import functools
import logging
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, TypeVar

import httpx

from veo_desktop import paths
from veo_desktop.api import rules
from veo_desktop.api.client import RequestRecord, RetryPolicy, VeoClient, make_http_client
from veo_desktop.api.security import is_loopback_host, mask_key
from veo_desktop.core.history.errors import HistoryUnavailable as HistoryUnavailable
from veo_desktop.core.history.errors import check_writable as check_writable
from veo_desktop.core.history.locks import TaskLocks
from veo_desktop.core.history.store import HistoryStore
from veo_desktop.core.settings import Settings
from veo_desktop.core.tasks.manager import PollSchedule, TaskManager
from veo_desktop.core.tasks.submitting import ANSWER_GRACE_SECONDS
from veo_desktop.logs import add_secret
from veo_desktop.opening import Connection as Connection
from veo_desktop.opening import MissingKey as MissingKey
from veo_desktop.opening import awaited, on_a_thread
from veo_desktop.opening import resolve_connection as resolve_connection

# Connection, MissingKey and resolve_connection live in veo_desktop/opening.py (light to import: the window
# reads the key while the rest of the app loads) and are named here for the commands.
# HistoryUnavailable and check_writable are here for the window: opening a session can be refused (a history
# from a newer release, held by another program, in a folder that cannot be written), and the window
# catches that through the session, never through the history's own modules.

if TYPE_CHECKING:  # the emulator (and PyAV under it) loads only when the demo starts
    from veo_desktop.emulator.server import EmulatorConfig, EmulatorThread

log = logging.getLogger(__name__)
REQUEST_LOG_SIZE = 500
# How long closing waits for the answer to a submission in flight, as the CLI's Ctrl+C does.
ANSWER_GRACE: Final = ANSWER_GRACE_SECONDS
T = TypeVar("T")


async def off_thread(work: Callable[[], T], name: str, discard: Callable[[T], None] | None = None) -> T:
    """``work()`` on a thread of its own, its result (or its exception) back here, on the loop's thread.
    For what may block for long: the keyring (an unlock prompt), opening the history (another program
    holding it). The thread is a daemon: one that never answers does not hold the app's exit. Cancelled
    while it runs, nobody waits for it; its result, when it comes, is given to ``discard`` (on the
    worker's thread)."""
    return await awaited(on_a_thread(work, name), discard)


def new_request_log() -> collections.deque[RequestRecord]:
    """The newest exchanges with the service, for Help → Request log (bounded: a long session polls a lot)."""
    return collections.deque(maxlen=REQUEST_LOG_SIZE)


@dataclass
class Session:
    connection: Connection
    http: httpx.AsyncClient
    client: VeoClient
    store: HistoryStore
    manager: TaskManager
    # The newest exchanges with the service, for Help → Request log (bounded: a long session polls a lot).
    requests: collections.deque[RequestRecord]
    emulator: EmulatorThread | None = None
    answers_given_up: bool = field(default=False, repr=False)  # closing waits no more (settle_submissions)

    @classmethod
    def open(
        cls,
        connection: Connection | None,
        *,
        settings: Settings | None = None,
        poll_interval: float | None = None,
        http: httpx.AsyncClient | None = None,
        emulator_config: EmulatorConfig | None = None,
        retry: RetryPolicy | None = None,
        requests: collections.deque[RequestRecord] | None = None,
        store: HistoryStore | None = None,
        tls: ssl.SSLContext | None = None,
    ) -> Session:
        """Build the session; ``connection=None`` starts the offline demo on the built-in emulator.
        ``requests`` is where its exchanges go for the request log (the window keeps one across
        sessions, so a key test or the session before a reconnect stays in it). ``store``: the history,
        opened already (:class:`~veo_desktop.opening.EarlyOpen`; the session owns it from here), and
        ``tls``: the HTTP client's TLS context, made already."""
        # First: a history that cannot be opened (newer, in use, unwritable) stops here, before anything
        # is started that would have to be stopped again.
        store = HistoryStore(paths.history_db()) if store is None else store
        emulator = None
        try:
            settings = settings or Settings.load()
            if connection is None:
                from veo_desktop.emulator.server import EmulatorThread

                emulator = EmulatorThread(emulator_config)
                emulator.start()
                connection = Connection(emulator.base_url, emulator.api_key, demo=True)
            add_secret(connection.api_key)
            log.info("connecting to %s with the key %s", connection.base_url, mask_key(connection.api_key))
            if poll_interval is not None and not is_loopback_host(httpx.URL(connection.base_url).host):
                poll_interval = max(poll_interval, rules.MIN_POLL_SECONDS)
            if requests is None:
                requests = new_request_log()
            http = http or (make_http_client() if tls is None else make_http_client(verify=tls))
            client = VeoClient(
                http,
                base_url=connection.base_url,
                api_key=connection.api_key,
                retry=retry,
                on_request=requests.append,
            )
            output_dir = settings.resolved_output_dir()
            manager = TaskManager(
                client,
                store,
                output_dir=output_dir,
                references_dir=paths.references_dir(),
                schedule=PollSchedule(fixed=poll_interval),
                demo=connection.demo,
                max_running=settings.max_running,
                locks=TaskLocks(paths.locks_dir()),
                create_output_dir=settings.creates_output_dir,
            )
        except BaseException:  # nothing half-open is left behind
            store.close()
            if emulator is not None:
                emulator.stop()
            raise
        return cls(connection, http, client, store, manager, requests, emulator)

    @classmethod
    async def open_off_thread(
        cls,
        connection: Connection | None,
        *,
        settings: Settings,
        requests: collections.deque[RequestRecord] | None = None,
        store: HistoryStore | None = None,
        tls: ssl.SSLContext | None = None,
    ) -> Session:
        """:meth:`open` on a worker thread (the window's stays free while the history waits for another
        program); a session opened after its caller was cancelled is closed again, unused."""
        opening = functools.partial(
            cls.open, connection, settings=settings, requests=requests, store=store, tls=tls
        )
        return await off_thread(opening, "session-open", discard=cls.close_unused)

    def close_unused(self) -> None:
        """Close a session nobody used (it opened after the window closed): nothing followed or sent."""
        self.store.close()
        if self.emulator is not None:
            self.emulator.stop()

    async def settle_submissions(self, grace: float | None = None) -> bool:
        """Before closing: no submission the service refused is tried again, and the ones in flight (the
        request out, the answer not yet in) get their answer and their task id written down, for at most
        ``grace`` seconds in all (:data:`ANSWER_GRACE` by default). Once per session: after one wait ran
        out (or the user would not wait), the next does not wait. False: one had no answer in time
        (cancelled next, it ends as "outcome unknown")."""
        manager = self.manager
        if not manager.submissions_in_flight:
            return True
        if self.answers_given_up:
            return False
        manager.hold_submissions()
        grace = ANSWER_GRACE if grace is None else grace

        async def answered() -> None:
            while manager.submissions_in_flight:  # one more may have gone out meanwhile (a batch's next)
                await manager.settled()

        try:
            await asyncio.wait_for(answered(), grace)
        except TimeoutError:
            self.answers_given_up = True
            log.warning("no answer within %.0f s to %d submission(s)", grace, manager.submissions_in_flight)
            return False
        return True

    async def aclose(self) -> None:
        """Stop following tasks, close the HTTP client and the history, stop the emulator."""
        await self.manager.aclose()
        await self.http.aclose()
        self.store.close()
        if self.emulator is not None:
            self.emulator.stop()
