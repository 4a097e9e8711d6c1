"""Stored article pages answered in front of Django's handler, as WhiteNoise answers static files.

``StoredPages(application)`` wraps the WSGI application (``siberia/wsgi.py``). Two tiers:

- The front map: what a request of this shape was answered with last time, kept in this process
  while the database's watch (``articles.changes``) says nothing has changed since. No query, no
  ``HttpRequest``: a dictionary read and the watch's check (well under 10 µs).
- Otherwise ``middleware.look_up`` decides, as the middleware does (one query, a cache read), and
  its answer goes into the front map under the watch's token read *before* it looked: a change
  committed while it looked makes that entry stale at once.

The shape is every environ value the decision reads (``shape_keys``; a test records what
``look_up`` reads and holds it to them); conditional and encoding headers are not part of it, as
the stored page answers them itself. Anything the stored bytes cannot answer, a miss included,
goes to the application with what was looked up, where ``PageCacheMiddleware`` builds and stores
the page. Whatever goes wrong here (a database connection that broke, …) the application answers
instead, as it would have: its request cycle also renews broken connections.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.db import DEFAULT_DB_ALIAS

from . import changes
from .middleware import LOOKUP_KEY, look_up
from .page_cache import StoredPage

_STATUS = {200: "200 OK", 304: "304 Not Modified"}

# What look_up reads of a request: the method, the address, the cookies (session, variant), the
# languages, and what get_host() and is_secure() read.
_REQUEST_KEYS = (
    "REQUEST_METHOD",
    "SCRIPT_NAME",
    "PATH_INFO",
    "QUERY_STRING",
    "HTTP_COOKIE",
    "HTTP_ACCEPT_LANGUAGE",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "wsgi.url_scheme",
)


def shape_keys() -> tuple[str, ...]:
    """The environ keys a stored page's decision depends on, with the settings in force."""
    keys = list(_REQUEST_KEYS)
    if settings.USE_X_FORWARDED_HOST:
        keys.append("HTTP_X_FORWARDED_HOST")
    if settings.USE_X_FORWARDED_PORT:
        keys.append("HTTP_X_FORWARDED_PORT")
    if settings.SECURE_PROXY_SSL_HEADER:
        keys.append(settings.SECURE_PROXY_SSL_HEADER[0])
    return tuple(keys)


class StoredPages:
    def __init__(self, application: Callable, watch: changes.Watch | None = None, entries: int | None = None):
        self.application = application
        self._watch = watch
        self._entries = settings.STORED_PAGES_IN_PROCESS if entries is None else entries
        self._keys = shape_keys()
        # shape -> (the watch's token when it was looked up, the stored page)
        self._front: dict[tuple, tuple[changes.Token, StoredPage]] = {}

    @property
    def watch(self) -> changes.Watch:
        # Opened on the first request, in the worker process that serves it.
        return self._watch or changes.watch(DEFAULT_DB_ALIAS)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or environ.get("QUERY_STRING"):
            return self.application(environ, start_response)  # never a stored page: no watch asked
        try:
            token = self.watch.token()
        except Exception:  # noqa: BLE001 (a watch that cannot even be made cannot tell)
            token = None
        shape = tuple(map(environ.get, self._keys))
        if token is not None:
            remembered = self._front.get(shape)
            if remembered is not None and remembered[0] == token:
                return self._answer(remembered[1], environ, start_response)
        try:
            request = WSGIRequest(dict(environ))  # a copy: a request rewrites its META (PATH_INFO decoded)
            lookup = look_up(request)
        except Exception:  # noqa: BLE001 (the application answers, and reports, whatever failed here)
            lookup = None
        if lookup is None or lookup.stored is None:
            if lookup is not None:
                environ[LOOKUP_KEY] = lookup
            return self.application(environ, start_response)
        if token is not None and self._entries:
            self._remember(shape, token, lookup.stored)
        return self._answer(lookup.stored, environ, start_response)

    def _remember(self, shape: tuple, token: changes.Token, stored: StoredPage) -> None:
        front = self._front
        front.pop(shape, None)  # re-inserted last: the longest remembered go first (a hit does not renew)
        while len(front) >= self._entries:
            try:
                del front[next(iter(front))]
            except (KeyError, StopIteration, RuntimeError):  # another thread got there first
                break
        front[shape] = (token, stored)

    @staticmethod
    def _answer(stored: StoredPage, environ: dict, start_response: Callable) -> Iterable[bytes]:
        status, headers, body = stored.answer(
            environ["REQUEST_METHOD"],
            environ.get("HTTP_ACCEPT_ENCODING", ""),
            environ.get("HTTP_IF_NONE_MATCH"),
            environ.get("HTTP_IF_MODIFIED_SINCE"),
        )
        start_response(_STATUS[status], list(headers))
        return [body]
