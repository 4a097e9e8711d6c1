"""PostgreSQL: the GIN index on the stored column ``search_vector``, ranked by ts_rank.

Migration ``articles.0005_search_vector`` made ``search_vector = to_tsvector('simple', search_terms)``,
a generated column with a GIN index: ``@@`` is served by the index and ``ts_rank`` reads the stored
vector. Only the page of results reads the wide ``search_text``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..query import Query
from .base import IndexedBackend, title_test


def tsquery(terms: Iterable[str]) -> str:
    """A to_tsquery expression: every term a quoted lexeme, ANDed."""
    return " & ".join("'" + term.replace("\\", "\\\\").replace("'", "''") + "'" for term in terms)


class PostgresSearchBackend(IndexedBackend):
    def sql(self, query: Query) -> tuple[str, list]:
        test, test_params = title_test(query)
        sql = (
            "WITH hits AS ("
            "SELECT a.id, a.title, ts_rank(a.search_vector, q.query) AS score, "
            f"{test} AS in_title, count(*) OVER () AS total "
            "FROM articles_article a CROSS JOIN to_tsquery('simple', %s) AS q(query) "
            "WHERE a.search_vector @@ q.query "
            "ORDER BY in_title DESC, score DESC, a.title LIMIT %s OFFSET %s) "
            "SELECT hits.id, hits.title, a.search_text, hits.score, hits.in_title, hits.total "
            "FROM hits JOIN articles_article a ON a.id = hits.id "
            "ORDER BY hits.in_title DESC, hits.score DESC, hits.title"
        )
        return sql, [*test_params, tsquery(query.terms)]

    def count_sql(self, query: Query) -> tuple[str, list]:
        sql = "SELECT count(*) FROM articles_article WHERE search_vector @@ to_tsquery('simple', %s)"
        return sql, [tsquery(query.terms)]
