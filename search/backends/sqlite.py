"""SQLite: the FTS5 table ``articles_search`` over ``articles_article.search_terms``, ranked by bm25.

Migration ``articles.0003_search_index`` made the table and its triggers; SQLite drops a
table's triggers whenever a migration rebuilds it, so ``ensure_index`` puts them back after
every ``migrate``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import DEFAULT_DB_ALIAS, connections

from ..query import Query
from .base import IndexedBackend, title_test


def fts5_query(terms: Iterable[str]) -> str:
    """An FTS5 MATCH expression: every term a quoted token (implicitly ANDed)."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


class SQLiteSearchBackend(IndexedBackend):
    def sql(self, query: Query) -> tuple[str, list]:
        test, test_params = title_test(query)
        # bm25() is only allowed in the query over the FTS table itself, not next to a window function.
        sql = (
            "WITH hits AS (SELECT rowid AS id, bm25(articles_search) AS rank FROM articles_search "
            "WHERE articles_search MATCH %s) "
            "SELECT a.id, a.title, a.search_text, -hits.rank AS score, "
            f"{test} AS in_title, count(*) OVER () AS total "
            "FROM hits JOIN articles_article a ON a.id = hits.id "
            "ORDER BY in_title DESC, score DESC, a.title LIMIT %s OFFSET %s"
        )
        return sql, [fts5_query(query.terms), *test_params]

    def count_sql(self, query: Query) -> tuple[str, list]:
        return "SELECT count(*) FROM articles_search WHERE articles_search MATCH %s", [fts5_query(query.terms)]


SQLITE_TRIGGERS = {
    "articles_search_ai": "CREATE TRIGGER IF NOT EXISTS articles_search_ai AFTER INSERT ON articles_article BEGIN "
    "INSERT INTO articles_search(rowid, search_terms) VALUES (new.id, new.search_terms); END",
    "articles_search_ad": "CREATE TRIGGER IF NOT EXISTS articles_search_ad AFTER DELETE ON articles_article BEGIN "
    "INSERT INTO articles_search(articles_search, rowid, search_terms) VALUES ('delete', old.id, old.search_terms); "
    "END",
    "articles_search_au": "CREATE TRIGGER IF NOT EXISTS articles_search_au AFTER UPDATE OF id, search_terms "
    "ON articles_article BEGIN "
    "INSERT INTO articles_search(articles_search, rowid, search_terms) VALUES ('delete', old.id, old.search_terms); "
    "INSERT INTO articles_search(rowid, search_terms) VALUES (new.id, new.search_terms); END",
}


def ensure_index(using: str = DEFAULT_DB_ALIAS, **kwargs) -> bool:
    """Put back the SQLite triggers a table rebuild dropped, and refill the index; True when it had to.

    SQLite cannot alter most columns in place: Django rebuilds the table (new
    table, copy, drop, rename), and dropping the old table drops its triggers, so
    the FTS table would silently stop following the articles. A ``post_migrate``
    receiver (``SearchConfig.ready``); does nothing elsewhere, or before migration
    0003 made the index.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        names = ["articles_search", *SQLITE_TRIGGERS]
        cursor.execute(f"SELECT name FROM sqlite_master WHERE name IN ({', '.join(['%s'] * len(names))})", names)
        present = {name for (name,) in cursor.fetchall()}
        if "articles_search" not in present or present >= set(SQLITE_TRIGGERS):
            return False
        for statement in SQLITE_TRIGGERS.values():
            cursor.execute(statement)
        cursor.execute("INSERT INTO articles_search(articles_search) VALUES ('rebuild')")
    return True
