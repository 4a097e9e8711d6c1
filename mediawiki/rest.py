"""``/api/rest_v1/page/summary/<title>``: a page's summary in the shape of the Wikimedia REST API.

What zh.wikipedia's page previews, apps and many scripts read (``Specs/Summary``): the title, the
lead's first paragraph as text and as HTML, the page's addresses, its revision and time. As there:

* the variant comes from ``Accept-Language`` (``zh-TW`` → zh-tw), whatever the cookie says, and the
  answer says which it is (``Content-Language``, ``lang``) and that it depends on it (``Vary``);
* a title not in its normal form (``日本_人`` for a title with a space, a small first letter) is a 301 to
  the normal one; a title in another script (``西伯利亚滞留者``) is a 302 to the stored title's summary,
  as a redirect page is there (``?redirect=false`` asks for that summary at this address instead);
* no such page is a 404 with the REST API's problem JSON (``type``, ``title``, ``method``, ``detail``, ``uri``);
* every answer carries ``Access-Control-Allow-Origin: *``, as anyone's page may ask for it.

Validated like the article pages (``articles.page_cache``): a strong ETag ``"<revision>/<tid>"`` and
Last-Modified from the article's version and time, ``Cache-Control: public, no-cache``, and 304 to a
copy that is current, from the one query that finds the article. The extract comes from the
article's cached view (``articles.article_view``), never from parsing its Markdown; its summary is
kept under the article's version and the variant, so a warm summary costs that one query.
"""

from __future__ import annotations

import html
import uuid

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt

from articles.article_view import cached_article_view
from articles.models import Article
from articles.models.article import ServedArticle
from articles.page_cache import CACHE_CONTROL
from articles.variant_urls import page_url
from wikitext.derivation import DERIVATION_VERSION
from wikitext.negotiation import variant_from_accept_language
from wikitext.prose import first_paragraph_html, paragraph_text
from wikitext.sanitizing import CONTROL_CHARACTERS
from wikitext.titles import (
    SPECIAL_NAMESPACE,
    TITLE_KEY_LENGTH,
    category_name,
    normalize_title,
    outside_url,
    title_to_path,
)
from wikitext.variants import Variant

from .action.call import timestamp

SPEC = "https://www.mediawiki.org/wiki/Specs/Summary/1.4.2"
CONTENT_TYPE = f'application/json; charset=utf-8; profile="{SPEC}"'
PROBLEM_TYPE = "https://mediawiki.org/wiki/HyperSwitch/errors/"
# The pages here have no talk pages: a page's discussion is zh.wikipedia's, in its own namespace.
TALK_NAMESPACE = "Talk:"
# Ids of renders (``tid``) are names in this namespace: the same article version and variant, the same tid.
_RENDERS = uuid.uuid5(uuid.NAMESPACE_URL, "siberia:rest_v1/page/summary")
# What a cross-origin reader may send (a preflight asks first for anything but a simple GET).
_ALLOWED_HEADERS = "Accept-Language, If-None-Match, If-Modified-Since, Api-User-Agent"


@csrf_exempt  # it writes nothing: any other method is answered 405 in the API's own words
def page_summary(request: HttpRequest, title: str) -> HttpResponse:
    if request.method == "OPTIONS":
        return _cors(HttpResponse(status=204), preflight=True)
    if request.method not in ("GET", "HEAD"):
        response = problem(request, 405, "method_not_allowed", "Method not allowed.", "Only GET and HEAD are served.")
        response["Allow"] = "GET, HEAD, OPTIONS"
        return response
    wanted = normalize_title(title)
    if not wanted or len(wanted) > TITLE_KEY_LENGTH or CONTROL_CHARACTERS.search(wanted):
        detail = f"A title is 1 to {TITLE_KEY_LENGTH} characters, none of them a control character."
        return problem(request, 400, "bad_request", "Invalid title.", detail)
    if title_to_path(wanted) != title:
        return _cors(HttpResponseRedirect(summary_url(wanted), status=301))
    if wanted.startswith(SPECIAL_NAMESPACE) or category_name(wanted) is not None:
        return not_found(request)  # only articles have a summary here
    article = Article.objects.served(wanted)
    if article is None:
        return not_found(request)
    if article.title != wanted and request.GET.get("redirect") != "false":
        # As the REST API answers a redirect; ``?redirect=false`` asks for the page's summary at this address.
        return _cors(HttpResponseRedirect(summary_url(article.title), status=302))

    variant = variant_from_accept_language(request.headers.get("Accept-Language"))
    tid = str(uuid.uuid5(_RENDERS, f"{DERIVATION_VERSION}:{SPEC}:{article.pk}:{article.version}:{variant.code}"))
    revision = str(article.revision_id or 0)
    etag = f'"{revision}/{tid}"'
    last_modified = int(article.updated_at.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        body = {**_summary_of(article, variant, request), "revision": revision, "tid": tid}
        body["timestamp"] = timestamp(article.revised or article.updated_at)
        response = JsonResponse(body, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False})
        response["Content-Language"] = variant.code
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = CACHE_CONTROL
    patch_vary_headers(response, ("Accept-Language",))
    return _cors(response)


def summary_url(title: str) -> str:
    return reverse("mediawiki:page_summary", kwargs={"title": title_to_path(title)})


def _summary_of(article: ServedArticle, variant: Variant, request: HttpRequest) -> dict:
    """The summary's fields, in the spec's order; what the text gives is kept under the article's version."""
    key = f"rest-summary:{DERIVATION_VERSION}:{article.pk}:{article.version}:{variant.code}"
    text = cache.get(key)
    if text is None:
        view = cached_article_view(article.as_article(), variant)
        extract_html = first_paragraph_html(view.lead_html)
        text = {"display": html.escape(view.title), "extract": paragraph_text(extract_html), "html": extract_html}
        cache.set(key, text)
    return {
        "type": "standard" if text["extract"] else "no-extract",
        "title": article.title,
        "displaytitle": text["display"],
        "namespace": {"id": 0, "text": ""},
        "titles": {"canonical": title_to_path(article.title), "normalized": article.title, "display": text["display"]},
        "pageid": article.pk,
        "lang": variant.code,
        "dir": "ltr",
        "content_urls": _content_urls(article, variant, request),
        "extract": text["extract"],
        "extract_html": text["html"],
    }


def _content_urls(article: ServedArticle, variant: Variant, request: HttpRequest) -> dict:
    """The page's addresses here, in the variant: read, history, edit (the admin's form), and its discussion."""
    page = request.build_absolute_uri(page_url(article.title, variant))
    urls = {
        "page": page,
        "revisions": f"{page}?action=history",
        "edit": request.build_absolute_uri(reverse("admin:articles_article_change", args=[article.pk])),
        "talk": outside_url(TALK_NAMESPACE + article.title),
    }
    # One site for every screen: the mobile addresses are the desktop ones.
    return {"desktop": urls, "mobile": dict(urls)}


def not_found(request: HttpRequest) -> HttpResponse:
    return problem(request, 404, "not_found", "Not found.", "Page or revision not found.")


def problem(request: HttpRequest, status: int, kind: str, title: str, detail: str) -> HttpResponse:
    """The REST API's error: RFC 7807 problem JSON naming the request."""
    body = {
        "type": PROBLEM_TYPE + kind,
        "title": title,
        "method": (request.method or "GET").lower(),
        "detail": detail,
        "uri": request.path,
    }
    response = JsonResponse(
        body, status=status, content_type="application/problem+json", json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = CACHE_CONTROL
    return _cors(response)


def _cors(response: HttpResponse, preflight: bool = False) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Content-Language"
    if preflight:
        response["Access-Control-Allow-Methods"] = "GET, HEAD"
        response["Access-Control-Allow-Headers"] = _ALLOWED_HEADERS
        response["Access-Control-Max-Age"] = "86400"
    return response
