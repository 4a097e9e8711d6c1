from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import search, signals  # noqa: F401

        # A migration that rebuilds the article table on SQLite drops the search
        # triggers with it: put them back after every migrate.
        post_migrate.connect(search.ensure_index, sender=self)
