"""What a site answers at its root for crawlers and browsers: ``robots.txt``, ``/favicon.ico``, ``/opensearch.xml``.

Each is built from the routes it names (reversed, never written out), so that an address that moves
moves here too.
"""

from __future__ import annotations

from functools import cache

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from articles.head_tags import SITE_NAME
from articles.variant_urls import url_in
from wikitext.variants import VARIANTS

FAVICON = "siberia/favicon.ico"  # made from favicon.svg (16, 32 and 48 pixels), a static file
# Where browsers ask for suggestions as one types: the Action API (/w/api.php), as zh.wikipedia's
# own description sends them.
OPENSEARCH_API = "mediawiki:api"
# A page's history, old revisions, diffs and the switcher's choice links (each a redirect that sets a
# cookie): what a crawler should leave, as zh.wikipedia's robots.txt does.
UNCRAWLED_PARAMETERS = ("action", "oldid", "diff", "variant")
# Machine answers (JSON), not pages.
UNCRAWLED_PREFIXES = ("/admin/", "/w/", "/api/", "/api.php")
A_DAY = 24 * 60 * 60


@require_safe
@cache_control(public=True, max_age=A_DAY)
def robots_txt(request):
    """Articles and categories are crawled in every variant; admin, search, random, histories and diffs are not."""
    disallowed = [
        *UNCRAWLED_PREFIXES,
        *_in_every_variant("search:search"),
        *(url_in(variant, "random") for variant in VARIANTS),
        *(f"/*{separator}{name}=" for name in UNCRAWLED_PARAMETERS for separator in "?&"),
    ]
    context = {"disallowed": disallowed, "sitemap": request.build_absolute_uri(reverse("sitemap"))}
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")


def _in_every_variant(name: str) -> list[str]:
    """The address of a route that has variants (routed under ``wiki/`` and each ``<variant>/``), in each."""
    return [reverse(name, kwargs={"variant": variant} if variant.converts else {}) for variant in VARIANTS]


@require_safe
@cache_control(public=True, max_age=7 * A_DAY)
def favicon(request):
    """The site's icon where browsers look for it unasked (a JSON answer, an image, a feed)."""
    return HttpResponse(_favicon_bytes(), content_type="image/vnd.microsoft.icon")


@cache
def _favicon_bytes() -> bytes:
    path = finders.find(FAVICON)
    with open(path, "rb") as icon:
        return icon.read()


@require_safe
@cache_control(public=True, max_age=A_DAY)
def opensearch(request):
    """The OpenSearch description: the browser's search box searches here and suggests titles as one types."""
    # Joined by hand: build_absolute_uri would percent-encode the template's {searchTerms}.
    origin = request.build_absolute_uri("/").removesuffix("/")
    search = reverse("search:search")
    context = {
        "name": SITE_NAME,
        "search_url": f"{origin}{search}?search={{searchTerms}}",
        "search_form": f"{origin}{search}",
        "suggestions_url": f"{origin}{_suggestions_address()}",
        "icon_url": f"{origin}{reverse('favicon')}",
        "self_url": f"{origin}{reverse('opensearch')}",
    }
    return render(request, "opensearch.xml", context, content_type="application/opensearchdescription+xml")


def _suggestions_address() -> str:
    """MediaWiki's suggestions as browsers ask for them: ``action=opensearch`` of the Action API."""
    return reverse(OPENSEARCH_API) + "?action=opensearch&search={searchTerms}"
