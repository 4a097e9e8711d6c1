"""What every search backend answers, and what they share: the title test, results and their snippets."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.safestring import SafeString

from articles.models import Article

from ..query import Query
from ..snippets import snippet


@dataclass(frozen=True)
class SearchResult:
    article: Article
    title: str
    url: str
    snippet: SafeString
    score: float  # higher is better; comparable only within one search
    in_title: bool


@dataclass(frozen=True)
class SearchPage:
    results: list[SearchResult]
    total: int
    offset: int = 0
    limit: int = 20
    notice: str = ""  # why nothing was searched, when nothing was
    capped: bool = False  # a scan stopped counting at SCAN_LIMIT
    needles: tuple[str, ...] = field(default=())

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.limit)) if self.limit else 1


class SearchBackend:
    """One database's way to find the articles holding every term of a query, titles first, best first."""

    def __init__(self, connection: BaseDatabaseWrapper):
        self.connection = connection

    def search(self, query: Query, offset: int, limit: int) -> SearchPage:
        raise NotImplementedError


class IndexedBackend(SearchBackend):
    """A backend with a real full-text index: one query for a page of results and their total."""

    def sql(self, query: Query) -> tuple[str, list]:
        """The query for a page of hits, its parameters but LIMIT and OFFSET (the last two placeholders)."""
        raise NotImplementedError

    def count_sql(self, query: Query) -> tuple[str, list]:
        raise NotImplementedError

    def search(self, query: Query, offset: int, limit: int) -> SearchPage:
        sql, params = self.sql(query)
        rows = list(Article.objects.raw(sql, [*params, limit, offset]))
        if rows:
            total = rows[0].total
        elif offset:
            total = self._count(query)  # past the last page: how far it went
        else:
            total = 0
        return SearchPage([result(row, query) for row in rows], total, offset, limit, needles=query.needles)

    def _count(self, query: Query) -> int:
        sql, params = self.count_sql(query)
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]


def title_test(query: Query) -> tuple[str, list[str]]:
    """SQL true when the title key (of the row ``a``) holds every part of the query, and its parameters."""
    test = " AND ".join(["a.title_key LIKE %s ESCAPE '\\'"] * len(query.needles))
    return f"({test})", [f"%{_escape_like(needle)}%" for needle in query.needles]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def result(row: Article, query: Query) -> SearchResult:
    """A row the backend annotated with ``score`` and ``in_title`` (and ``search_text`` read) as a result."""
    return SearchResult(
        article=row,
        title=row.title,
        url=row.get_absolute_url(),
        snippet=snippet(row.search_text, query),
        score=float(row.score or 0),
        in_title=bool(row.in_title),
    )
