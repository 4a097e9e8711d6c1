"""Special:Search (under /wiki/ and each /<variant>/) and /api/suggest: finding a page by its title or its words."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString

from articles.lists import titles_in
from articles.models import Article
from articles.variant_urls import page_url, variant_context
from articles.views import negotiated
from wikitext.titles import normalize_title, title_key
from wikitext.variants import NO_CONVERSION, Variant, convert_text

from .backends import SearchResult
from .backends import search as find
from .query import MAX_QUERY_LENGTH, parse_query
from .snippets import snippet

RESULTS_PER_PAGE = 20
SUGGESTIONS = 10
MAX_PAGE = 10_000  # far past any real result list; keeps the offset a number the database takes
_FALSE = {"", "0", "false", "no"}


@dataclass(frozen=True)
class ShownResult:
    """A result as the reader sees it: title and snippet in their variant, linked in it."""

    title: str
    url: str
    snippet: SafeString


def _exact_title(query: str) -> Article | None:
    """The page this query names, in any variant."""
    return Article.objects.only("title").by_title(normalize_title(query))


def _page_number(value: str | None) -> int:
    try:
        return min(max(int(value or 1), 1), MAX_PAGE)
    except ValueError:
        return 1


def search_url(variant: Variant) -> str:
    """Special:Search in a variant: ``/wiki/Special:Search``, ``/zh-tw/Special:Search`` …"""
    return reverse("search:search", kwargs={"variant": variant} if variant.converts else {})


def shown_in(results: list[SearchResult], query: str, variant: Variant) -> list[ShownResult]:
    """The results in ``variant``: titles converted, snippets made again from the converted text.

    The backends mark the text in its own characters; a converted snippet is cut and marked
    again from the page's text converted whole, so that conversion sees the text and never the marks.
    """
    if not variant.converts:
        return [ShownResult(result.title, result.url, result.snippet) for result in results]
    parsed = parse_query(query)
    return [
        ShownResult(
            title=convert_text(result.title, variant),
            url=page_url(result.title, variant),
            snippet=snippet(result.article.search_text, parsed, variant=variant),
        )
        for result in results
    ]


@negotiated
def search(request, variant=NO_CONVERSION):
    query = " ".join(request.GET.get("search", "").split())[:MAX_QUERY_LENGTH]
    context = {"query": query, "search_url": search_url(variant), **variant_context(request, variant)}
    if not query:
        return render(request, "search/search.html", context)
    fulltext = request.GET.get("fulltext", "").strip().lower() not in _FALSE
    exact = _exact_title(query)
    if exact is not None and not fulltext:
        return redirect(page_url(exact.title, variant))

    number = _page_number(request.GET.get("page"))
    found = find(query, offset=(number - 1) * RESULTS_PER_PAGE, limit=RESULTS_PER_PAGE)
    if not found.results and found.total and number > found.num_pages:
        number = found.num_pages
        found = find(query, offset=(number - 1) * RESULTS_PER_PAGE, limit=RESULTS_PER_PAGE)

    def results_page_url(n):
        return f"{context['search_url']}?{urlencode({'search': query, 'fulltext': 1, 'page': n})}"

    context.update(
        exact=titles_in([exact.title], variant)[0] if exact is not None else None,
        found=found,
        results=shown_in(found.results, query, variant),
        number=number,
        first=found.offset + 1,
        last=found.offset + len(found.results),
        previous_url=results_page_url(number - 1) if number > 1 else None,
        next_url=results_page_url(number + 1) if number < found.num_pages else None,
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
