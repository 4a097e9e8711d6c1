"""PostgreSQL: notify ``siberia_articles`` after every statement that writes articles_article.

The stored pages' front map (articles.wsgi) listens (articles.changes) and forgets what it holds
when a page's id, title or version may have changed, whoever wrote it. SQLite needs nothing: its
watch reads ``PRAGMA data_version``.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION siberia_notify_articles() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('siberia_articles', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER siberia_articles_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON articles_article
    FOR EACH STATEMENT EXECUTE FUNCTION siberia_notify_articles();
"""

DROP = """
DROP TRIGGER IF EXISTS siberia_articles_changed ON articles_article;
DROP FUNCTION IF EXISTS siberia_notify_articles();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_long_names")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP), elidable=False)]
