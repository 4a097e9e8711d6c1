from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("references/", include("references.urls")),
    path("", include("search.urls")),
    path("", include("articles.urls")),
]

handler404 = "articles.views.page_not_found"
