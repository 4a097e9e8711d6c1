from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles.sitemaps import SITEMAPS

from . import site_files

urlpatterns = [
    path("admin/", admin.site.urls),
    path("robots.txt", site_files.robots_txt, name="robots_txt"),
    path("favicon.ico", site_files.favicon, name="favicon"),
    path("opensearch.xml", site_files.opensearch, name="opensearch"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("references/", include("references.urls")),
    path("", include("mediawiki.urls")),
    path("", include("search.urls")),
    path("", include("articles.urls")),
]

handler404 = "articles.views.page_not_found"
