"""Special:Search and /api/suggest, under the names ``search:search`` and ``search:suggest``.

Special:Search has variants like the article pages: it is routed under each of their prefixes
(``wiki/`` and ``<variant>/``, whose converter the articles' routes register) by the one name.
"""

from django.urls import path

from articles.urls import PREFIXES

from . import views

app_name = "search"

urlpatterns = [path(f"{prefix}Special:Search", views.search, name="search") for prefix in PREFIXES] + [
    path("api/suggest", views.suggest, name="suggest"),
]
