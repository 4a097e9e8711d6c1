"""/wiki/Special:Search and /api/suggest: finding a page by its title or its words."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from articles.models import Article
from wikitext.titles import normalize_title, title_key

from .backends import search as find
from .query import MAX_QUERY_LENGTH

RESULTS_PER_PAGE = 20
SUGGESTIONS = 10
MAX_PAGE = 10_000  # far past any real result list; keeps the offset a number the database takes
_FALSE = {"", "0", "false", "no"}


def _exact_title(query: str) -> Article | None:
    """The page this query names, in any variant."""
    return Article.objects.only("title").by_title(normalize_title(query))


def _page_number(value: str | None) -> int:
    try:
        return min(max(int(value or 1), 1), MAX_PAGE)
    except ValueError:
        return 1


def search(request):
    query = " ".join(request.GET.get("search", "").split())[:MAX_QUERY_LENGTH]
    context = {"query": query}
    if not query:
        return render(request, "search/search.html", context)
    fulltext = request.GET.get("fulltext", "").strip().lower() not in _FALSE
    exact = _exact_title(query)
    if exact is not None and not fulltext:
        return redirect(exact)

    number = _page_number(request.GET.get("page"))
    found = find(query, offset=(number - 1) * RESULTS_PER_PAGE, limit=RESULTS_PER_PAGE)
    if not found.results and found.total and number > found.num_pages:
        number = found.num_pages
        found = find(query, offset=(number - 1) * RESULTS_PER_PAGE, limit=RESULTS_PER_PAGE)

    def page_url(n):
        return f"{reverse('search:search')}?{urlencode({'search': query, 'fulltext': 1, 'page': n})}"

    context.update(
        exact=exact,
        found=found,
        number=number,
        first=found.offset + 1,
        last=found.offset + len(found.results),
        previous_url=page_url(number - 1) if number > 1 else None,
        next_url=page_url(number + 1) if number < found.num_pages else None,
    )
    return render(request, "search/search.html", context)


def suggest(request):
    """Titles starting with what was typed, variant-blind: for the as-you-type box."""
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    key = title_key(normalize_title(query)) if query.strip() else ""
    titles = [
        {"title": title, "url": Article(title=title).get_absolute_url()}
        for title in (Article.objects.titles_starting_with(key)[:SUGGESTIONS] if key else ())
    ]
    return JsonResponse({"query": query, "titles": titles}, json_dumps_params={"ensure_ascii": False})
