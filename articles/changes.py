"""Has the database changed? A per-process answer that costs no query, for the stored pages' front map.

``watch(alias).token()`` returns a value that stays the same as long as nothing that a served page
depends on can have changed, on this machine or any other writing to the same database, and
``None`` when it cannot tell (the watch is down): then nothing may be answered from memory. The
answer comes from the database itself, so every writer counts (the admin, an import, a shell, raw
SQL), not only the code paths that remember to say so:

- SQLite: ``PRAGMA data_version`` on connections of the watch's own (a small pool), which the
  library changes whenever another connection (of this process or any other) commits. About 4 µs.
- PostgreSQL: ``LISTEN`` on ``CHANNEL``; a trigger (migration 0009) notifies it after every
  statement that writes ``articles_article``, the one table a page's stored bytes are keyed by
  (id, version, title). A check is a non-blocking read of the socket, under 1 µs. A notification
  arrives some 20 µs after the commit returns: a request that reaches the server in that window is
  answered as one that arrived just before the commit.

Any other database has no watch (``token()`` is always None), which leaves each request to look
its page up, one query, as before.
"""

from __future__ import annotations

import contextlib
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import psycopg2
from django.db import connections

CHANNEL = "siberia_articles"
# A watch that lost its database tries again at most this often, so that a database that is down
# does not cost every request a connection attempt.
RETRY_SECONDS = 1.0
_clock = time.monotonic

# A count that only goes up, one per watch and process.
Token = int


class Watch(Protocol):
    def token(self) -> Token | None: ...

    def close(self) -> None: ...


class _Link:
    """One connection of a watch's own: opened on first use, in the process that uses it, and again
    after it fails, at most once every RETRY_SECONDS."""

    def __init__(self, open_connection: Callable[[], Any]) -> None:
        self._open = open_connection
        self.connection: Any = None
        self.seen: int | None = None  # the last value read through this connection
        self._retry_at = 0.0

    def get(self) -> Any:
        if self.connection is None and _clock() >= self._retry_at:
            self.connection, self.seen = self._open(), None
        return self.connection

    def drop(self, retry: bool) -> None:
        connection, self.connection = self.connection, None
        if retry:
            self._retry_at = _clock() + RETRY_SECONDS
        if connection is not None:
            with contextlib.suppress(Exception):  # a broken connection may fail to close; it is dropped either way
                connection.close()


class _Counted:
    """The token: raised whenever a connection of the watch reads a new value, or opens (what changed
    while it was closed went unseen), so a token from before a change never matches one from after it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generation = 0

    def _current(self, link: _Link, value: int) -> Token:
        if value != link.seen:
            with self._lock:
                link.seen = value
                self._generation += 1
        return self._generation


class SQLiteWatch(_Counted):
    """``PRAGMA data_version`` through a pool of connections, one for each request reading at once.

    The read leaves the GIL, and threads queueing on one shared connection cost a third of the
    served rate. The connections outlive the threads (granian starts and retires its threads as
    the load goes): a connection that opens raises the token, which makes every remembered page
    stale, so opening one a thread lost a third of a 1,000-page mix's rate to lookups.
    """

    def __init__(self, name: str) -> None:
        super().__init__()
        # A file by path, read-only; or Django's test database, shared memory that is already a URI.
        self._uri = name if name.startswith("file:") else Path(name).resolve().as_uri() + "?mode=ro"
        self._idle: queue.SimpleQueue[_Link] = queue.SimpleQueue()
        self._links: list[_Link] = []

    def token(self) -> Token | None:
        try:
            link = self._idle.get_nowait()
        except queue.Empty:
            link = _Link(self._open)
            with self._lock:
                self._links.append(link)
        try:
            return self._read(link)
        finally:
            self._idle.put(link)

    def _read(self, link: _Link) -> Token | None:
        try:
            connection = link.get()
            if connection is None:
                return None
            value = connection.execute("PRAGMA data_version").fetchone()[0]
        except Exception:  # noqa: BLE001 (whatever failed, the answer is "cannot tell" until it reopens)
            link.drop(retry=True)
            return None
        return self._current(link, value)

    def close(self) -> None:
        with self._lock:
            links = list(self._links)
        for link in links:
            link.drop(retry=False)

    def _open(self) -> sqlite3.Connection:
        return sqlite3.connect(self._uri, uri=True, isolation_level=None, check_same_thread=False)


class PostgresWatch(_Counted):
    """``LISTEN`` on one connection, shared by the threads (a check is a non-blocking read, under 1 µs)."""

    def __init__(self, params: dict) -> None:
        super().__init__()
        # A host that drops packets must not hold every thread waiting on the lock for TCP's minutes,
        # and a connection that went half-open (a NAT's timeout) must fail rather than stay deaf.
        self._params = {
            "connect_timeout": 2,
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 2,
            **params,
        }
        self._link = _Link(self._open)
        self._notified = 0
        self._listening = threading.Lock()

    def token(self) -> Token | None:
        with self._listening:
            try:
                connection = self._link.get()
                if connection is None:
                    return None
                connection.poll()
                if connection.notifies:
                    self._notified += len(connection.notifies)
                    connection.notifies.clear()
            except Exception:  # noqa: BLE001 (whatever failed, the answer is "cannot tell" until it reopens)
                self._link.drop(retry=True)
                return None
            return self._current(self._link, self._notified)

    def close(self) -> None:
        with self._listening:
            self._link.drop(retry=False)

    def _open(self):
        connection = psycopg2.connect(**self._params)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f"LISTEN {CHANNEL}")
        return connection


class _Unwatched:
    def token(self) -> None:
        return None

    def close(self) -> None:
        pass


_watches: dict[tuple[int, str], Watch] = {}


def watch(alias: str) -> Watch:
    """The watch of database ``alias`` in this process (a forked worker opens its own)."""
    key = (os.getpid(), alias)
    if key not in _watches:
        _watches[key] = _watch_for(alias)
    return _watches[key]


def close_all() -> None:
    """Close this process's watches: before the database they watch is dropped (the test run's end)."""
    for opened in _watches.values():
        opened.close()


def _watch_for(alias: str) -> Watch:
    connection = connections[alias]
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        private_memory = name == ":memory:" or ("mode=memory" in name and "cache=shared" not in name)
        return _Unwatched() if private_memory else SQLiteWatch(name)  # no other connection sees private memory
    if connection.vendor == "postgresql":
        return PostgresWatch(connection.get_connection_params())
    return _Unwatched()
