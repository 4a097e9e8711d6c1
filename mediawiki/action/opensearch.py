"""``action=opensearch``: the four arrays browsers ask for suggestions (query, titles, descriptions, addresses).

Titles start like what was typed, in any script (``ArticleQuerySet.titles_starting_with``, the
variant-blind key), shown and linked in the variant asked.
"""

from __future__ import annotations

from django.http import HttpRequest

from articles.models import Article
from articles.variant_urls import page_url
from search.query import MAX_QUERY_LENGTH
from wikitext.titles import normalize_title, title_key

from .call import Call
from .errors import ApiError
from .listing import main_namespace

OPENSEARCH_LIMIT = 100  # suggestions at most, as MediaWiki gives anonymous readers


def opensearch(call: Call, request: HttpRequest) -> list:
    typed = call.get("search")
    if typed is None:
        raise ApiError("missingparam", 'The "search" parameter must be set.')
    typed = typed[:MAX_QUERY_LENGTH]
    limit = call.limit("limit", "opensearch", default=10, maximum=OPENSEARCH_LIMIT)
    call.choice("redirects", ("return", "resolve"), default="resolve")
    for ignored in ("profile", "suggest", "warningsaserror"):
        call.get(ignored)
    key = title_key(normalize_title(typed)) if typed.strip() else ""
    if not key or not main_namespace(call, "namespace"):
        return [typed, [], [], []]
    titles = list(Article.objects.titles_starting_with(key)[:limit])
    shown = [call.display(title) for title in titles]
    urls = [request.build_absolute_uri(page_url(title, call.variant)) for title in titles]
    return [typed, shown, ["" for _ in titles], urls]
