from django.urls import path

from . import search_views

app_name = "search"

urlpatterns = [
    path("wiki/Special:Search", search_views.search, name="search"),
    path("api/suggest", search_views.suggest, name="suggest"),
]
