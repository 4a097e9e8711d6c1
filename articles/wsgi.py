"""Stored article pages answered in front of Django's handler, as WhiteNoise answers static files.

``StoredPages(application)`` wraps the WSGI application (``siberia/wsgi.py``). A request the stored
bytes can answer (``middleware.look_up``: one query, a cache read) gets them without Django's
request cycle, its signals and middleware: a third of the time of going through them. Anything else,
a miss included, goes to the application, with what was looked up, where ``PageCacheMiddleware``
builds and stores the page. Whatever goes wrong here (a database connection that broke, …) the
application answers instead, as it would have: its request cycle also renews broken connections.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.handlers.wsgi import WSGIRequest

from .middleware import LOOKUP_KEY, look_up

_STATUS = {200: "200 OK", 304: "304 Not Modified"}


class StoredPages:
    def __init__(self, application: Callable):
        self.application = application

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        try:
            request = WSGIRequest(dict(environ))  # a copy: a request rewrites its META (PATH_INFO decoded)
            lookup = look_up(request)
        except Exception:  # noqa: BLE001 (the application answers, and reports, whatever failed here)
            lookup = None
        if lookup is None or lookup.stored is None:
            if lookup is not None:
                environ[LOOKUP_KEY] = lookup
            return self.application(environ, start_response)
        status, headers, body = lookup.stored.answer(
            environ["REQUEST_METHOD"],
            environ.get("HTTP_ACCEPT_ENCODING", ""),
            environ.get("HTTP_IF_NONE_MATCH"),
            environ.get("HTTP_IF_MODIFIED_SINCE"),
        )
        start_response(_STATUS[status], list(headers))
        return [body]
