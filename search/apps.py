from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "search"

    def ready(self):
        from .backends.sqlite import ensure_index

        # A migration that rebuilds the article table on SQLite drops the search triggers with it:
        # put them back after every migrate of the app that owns the table.
        post_migrate.connect(ensure_index, sender=apps.get_app_config("articles"))
