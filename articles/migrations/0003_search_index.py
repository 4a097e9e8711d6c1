"""A real full-text index over Article.search_terms on each database.

SQLite: an FTS5 table over the article table (external content), kept in step by
triggers and filled here for the rows already there. PostgreSQL: a GIN index on
to_tsvector('simple', search_terms), which the planner uses for queries written
with the same expression (search/backends/postgres.py). Other databases get nothing and
search falls back to a bounded scan.

Self-contained on purpose: search/backends/sqlite.py holds the same statements for
repairing the triggers (SQLite drops them whenever a migration rebuilds the table).
"""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_search USING fts5("
    "search_terms, content='articles_article', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER IF NOT EXISTS articles_search_ai AFTER INSERT ON articles_article BEGIN "
    "INSERT INTO articles_search(rowid, search_terms) VALUES (new.id, new.search_terms); END",
    "CREATE TRIGGER IF NOT EXISTS articles_search_ad AFTER DELETE ON articles_article BEGIN "
    "INSERT INTO articles_search(articles_search, rowid, search_terms) VALUES ('delete', old.id, old.search_terms); "
    "END",
    "CREATE TRIGGER IF NOT EXISTS articles_search_au AFTER UPDATE OF id, search_terms ON articles_article BEGIN "
    "INSERT INTO articles_search(articles_search, rowid, search_terms) VALUES ('delete', old.id, old.search_terms); "
    "INSERT INTO articles_search(rowid, search_terms) VALUES (new.id, new.search_terms); END",
    "INSERT INTO articles_search(articles_search) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS articles_search_ai",
    "DROP TRIGGER IF EXISTS articles_search_ad",
    "DROP TRIGGER IF EXISTS articles_search_au",
    "DROP TABLE IF EXISTS articles_search",
]
POSTGRESQL_CREATE = [
    "CREATE INDEX IF NOT EXISTS articles_article_search_gin ON articles_article "
    "USING gin (to_tsvector('simple'::regconfig, search_terms))",
]
POSTGRESQL_DROP = ["DROP INDEX IF EXISTS articles_article_search_gin"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_search_text"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
            elidable=False,
        ),
    ]
