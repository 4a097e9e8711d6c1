"""The article pages' addresses: each routed under ``wiki/`` and under each ``<variant>/``."""

from django.urls import path, register_converter

from . import api, views
from .variant_urls import VariantConverter

app_name = "articles"

register_converter(VariantConverter, "variant")

# Each page with variants is routed under wiki/ (unconverted) and under <variant>/,
# by the same name; special pages come before the titles they would otherwise be.
# Other apps' pages with variants (search's Special:Search) are routed under the same prefixes.
PREFIXES = ("wiki/", "<variant:variant>/")

urlpatterns = [
    path("", views.home, name="home"),
    # The home page in a variant, as zh.wikipedia's /zh-tw/ is its main page in Taiwan's words.
    path("<variant:variant>/", views.home, name="home"),
    path("api/articles/<path:title>", api.article, name="api_article"),
]
for prefix in PREFIXES:
    urlpatterns += [
        path(f"{prefix}Special:AllPages", views.all_pages, name="all_pages"),
        path(f"{prefix}Special:Categories", views.all_categories, name="categories"),
        path(f"{prefix}Special:Random", views.random_page, name="random"),
        path(f"{prefix}Special:RecentChanges", views.recent_changes_page, name="recent_changes"),
        path(f"{prefix}Special:WhatLinksHere/<path:title>", views.what_links_here, name="what_links_here"),
        path(f"{prefix}<path:title>", views.page, name="page"),
    ]
