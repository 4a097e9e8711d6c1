"""The article pages' fast path: stored bytes served before the rest of the middleware runs.

First in ``MIDDLEWARE``. An anonymous ``GET``/``HEAD`` of an article (``/wiki/<title>`` for a reader
who stays unconverted, ``/<variant>/<title>``), with no query, costs one query and a cache read:
no session, CSRF, authentication or messages work. Anything else (a signed-in reader, a
redirect, a category or special page, a query string) goes down the stack unchanged. On a miss the
page is built by the stack (its security and CSP headers included) and stored (``page_cache``);
the article it looked up goes down with the request (``request.served_article``), so that the view
does not ask for it again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

from wikitext.negotiation import COOKIE, preferred_variant
from wikitext.titles import SPECIAL_NAMESPACE, category_name, normalize_title, title_to_path
from wikitext.variants import CONVERTED, NO_CONVERSION, Variant

from .models import Article
from .models.article import ServedArticle
from .page_cache import CACHE_ALIAS, StoredPage, page_key, respond, store

_BY_PREFIX = {f"/{variant.code}/": variant for variant in CONVERTED}
_WIKI = "/wiki/"


# Where the WSGI layer (articles.wsgi) leaves what it looked up, so that a miss is not looked up twice.
LOOKUP_KEY = "siberia.page_lookup"


@dataclass(frozen=True)
class Lookup:
    """What the stored bytes know of a request they may answer."""

    title: str
    article: ServedArticle | None  # the article the title names, under whatever title it has
    key: str | None  # where its bytes are stored, when it is the article asked for
    stored: StoredPage | None  # its bytes, when they are stored


def look_up(request: HttpRequest) -> Lookup | None:
    """The stored page's answer to ``request`` (one query and a cache read), or None when it has none to give."""
    candidate = _candidate(request)
    if candidate is None:
        return None
    title, variant = candidate
    article = Article.objects.served(title)
    if article is None or article.title != title:
        return Lookup(title, article, None, None)
    # The host and scheme too: a page's canonical and alternate links are absolute addresses.
    key = page_key(article.pk, article.version, f"{variant.code}:{int(request.is_secure())}:{request.get_host()}")
    return Lookup(title, article, key, caches[CACHE_ALIAS].get(key))


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        lookup = request.META.pop(LOOKUP_KEY, None) or look_up(request)
        if lookup is None:
            return self.get_response(request)
        if lookup.stored is not None:
            return respond(request, lookup.stored)
        # The view takes the article from here rather than asking again (no such page, another title, a miss).
        request.served_article = lookup.article.as_article() if lookup.article else None
        response = self.get_response(request)
        if lookup.key is None or lookup.article is None or not _storable(response):
            return response
        stored = store(response, lookup.article.updated_at.timestamp())
        caches[CACHE_ALIAS].set(lookup.key, stored)
        return respond(request, stored)


def _candidate(request: HttpRequest) -> tuple[str, Variant] | None:
    """(title, variant) of a request the stored bytes may answer, or None."""
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None  # a signed-in reader may see more (the edit link)
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return None  # SecurityMiddleware redirects it
    path = request.path_info
    if path.startswith(_WIKI):
        rest, variant = path[len(_WIKI) :], NO_CONVERSION
        if preferred_variant(request.COOKIES.get(COOKIE), request.headers.get("Accept-Language")).converts:
            return None  # the view sends this reader to their variant
    else:
        prefix = path[: path.find("/", 1) + 1]
        if prefix not in _BY_PREFIX:
            return None
        rest, variant = path[len(prefix) :], _BY_PREFIX[prefix]
    title = normalize_title(rest)
    if not title or title_to_path(title) != rest or title.startswith(SPECIAL_NAMESPACE) or category_name(title):
        return None
    try:
        request.get_host()  # ALLOWED_HOSTS, as CommonMiddleware checks it
    except DisallowedHost:
        return None
    return title, variant


def _storable(response: HttpResponse) -> bool:
    """A page the same for every anonymous reader: 200, HTML, no cookie, nothing private."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith("text/html")
        and "private" not in response.get("Cache-Control", "")
    )
