"""Search backends, one per database as Wagtail has them, behind one function: ``search(query, offset=, limit=)``.

* SQLite (``sqlite``): the FTS5 table ``articles_search``, each term a quoted token, bm25.
* PostgreSQL (``postgres``): the GIN index on ``search_vector``, each term a quoted lexeme, ts_rank.
* Anything else, and a query holding a lone CJK character (``fallback``): a bounded scan.

Articles whose title contains the query come first. User input only ever reaches the
database as a bound parameter.
"""

from __future__ import annotations

from django.db import connections

from articles.models import Article

from ..query import NOTHING_TO_SEARCH, Query, parse_query
from .base import SearchBackend, SearchPage, SearchResult
from .fallback import FallbackSearchBackend
from .postgres import PostgresSearchBackend
from .sqlite import SQLiteSearchBackend

BACKENDS: dict[str, type[SearchBackend]] = {"sqlite": SQLiteSearchBackend, "postgresql": PostgresSearchBackend}


def get_search_backend(query: Query) -> SearchBackend:
    """The backend that answers ``query`` on the articles' database."""
    connection = connections[Article.objects.db]
    backend = BACKENDS.get(connection.vendor)
    if backend is None or query.has_lone_character:
        return FallbackSearchBackend(connection)
    return backend(connection)


def search(query: str, *, offset: int = 0, limit: int = 20) -> SearchPage:
    """One page of the articles matching every term of ``query``, titles first, best first."""
    parsed = parse_query(query)
    offset, limit = max(offset, 0), max(limit, 1)
    if not parsed.terms:
        return SearchPage([], 0, offset, limit, notice=NOTHING_TO_SEARCH)
    return get_search_backend(parsed).search(parsed, offset, limit)


__all__ = ["SearchPage", "SearchResult", "get_search_backend", "search"]
