"""Special:Search and /api/suggest, under the names ``search:search`` and ``search:suggest``."""

from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("wiki/Special:Search", views.search, name="search"),
    path("api/suggest", views.suggest, name="suggest"),
]
