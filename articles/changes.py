"""Has the database changed? A per-process answer that costs no query, for the stored pages' front map.

``watch(alias).token()`` returns a value that stays the same as long as nothing that a served page
depends on can have changed, on this machine or any other writing to the same database, and
``None`` when it cannot tell (the watch is down): then nothing may be answered from memory. The
answer comes from the database itself, so every writer counts (the admin, an import, a shell, raw
SQL), not only the code paths that remember to say so:

- SQLite: ``PRAGMA data_version`` on a connection of the watch's own, which the library changes
  whenever another connection (of this process or any other) commits. About 4 µs.
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
import sqlite3
import threading
import time
from typing import Protocol

import psycopg2
from django.db import connections

CHANNEL = "siberia_articles"
# A watch that lost its database tries again at most this often, so that a database that is down
# does not cost every request a connection attempt.
RETRY_SECONDS = 1.0

Token = tuple[int, int]


class Watch(Protocol):
    def token(self) -> Token | None: ...

    def close(self) -> None: ...


class _Reconnecting:
    """A watch over a connection of its own: opened on first use, in the process that uses it, and again
    after it fails. Each opening starts a new epoch, so a token from before a gap never matches one
    from after it (what changed in the gap went unseen)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connection = None
        self._epoch = 0
        self._retry_at = 0.0

    def token(self) -> Token | None:
        with self._lock:
            try:
                if self._connection is None:
                    if time.monotonic() < self._retry_at:
                        return None
                    self._connection = self._open()
                    self._epoch += 1
                return self._epoch, self._read(self._connection)
            except Exception:  # noqa: BLE001 (whatever failed, the answer is "cannot tell" until reopened)
                self._drop()
                self._retry_at = time.monotonic() + RETRY_SECONDS
                return None

    def close(self) -> None:
        """Close its connection (it opens again when asked for a token)."""
        with self._lock:
            self._drop()

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):  # a broken connection may fail to close; it is dropped either way
                connection.close()

    def _open(self):
        raise NotImplementedError

    def _read(self, connection) -> int:
        raise NotImplementedError


class SQLiteWatch(_Reconnecting):
    def __init__(self, name: str) -> None:
        super().__init__()
        # A file by path, read-only; or Django's test database, shared memory that is already a URI.
        self._uri = name if name.startswith("file:") else f"file:{name}?mode=ro"

    def _open(self) -> sqlite3.Connection:
        return sqlite3.connect(self._uri, uri=True, isolation_level=None, check_same_thread=False)

    def _read(self, connection: sqlite3.Connection) -> int:
        return connection.execute("PRAGMA data_version").fetchone()[0]


class PostgresWatch(_Reconnecting):
    def __init__(self, params: dict) -> None:
        super().__init__()
        self._params = params
        self._notified = 0

    def _open(self):
        connection = psycopg2.connect(**self._params)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f"LISTEN {CHANNEL}")
        return connection

    def _read(self, connection) -> int:
        connection.poll()
        if connection.notifies:
            self._notified += len(connection.notifies)
            connection.notifies.clear()
        return self._notified


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
