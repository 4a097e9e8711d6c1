"""The addresses Wikipedia's clients know: ``/w/api.php`` (and ``/api.php``), ``/api/rest_v1/…``."""

from django.urls import path, re_path

from . import rest
from .action.views import api

app_name = "mediawiki"

urlpatterns: list = [
    path("w/api.php", api, name="api"),
    path("api.php", api, name="api_root"),
    # The title may be empty, so that a template can name the summaries' prefix ({% url … title="" %}).
    re_path(r"^api/rest_v1/page/summary/(?P<title>.*)$", rest.page_summary, name="page_summary"),
]
