"""No index can answer: a bounded scan of titles and text, for any database.

Used for a query holding a lone CJK character (the indexes hold pairs, not single
characters) and on a database with no backend of its own. Each part of the query is looked
for in its simplified and traditional forms; at most ``SCAN_LIMIT`` matches are counted.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, Value, When

from articles.models import Article
from wikitext.variants import VARIANTS_BY_CODE, convert_text

from ..query import Query
from .base import SearchBackend, SearchPage, result

SCAN_LIMIT = 200  # matches a scan counts at most
# The scripts a page's text may be in, besides the simplified form the query is normalised to.
_TRADITIONAL = tuple(VARIANTS_BY_CODE[code] for code in ("zh-hant", "zh-tw", "zh-hk"))


class FallbackSearchBackend(SearchBackend):
    def search(self, query: Query, offset: int, limit: int) -> SearchPage:
        in_title = Q()
        matches = Q()
        for needle in query.needles:
            in_title &= Q(title_key__contains=needle)
            forms = {needle, *(convert_text(needle, variant) for variant in _TRADITIONAL)}
            in_text = Q()
            for form in sorted(forms):
                in_text |= Q(search_text__icontains=form)
            matches &= Q(title_key__contains=needle) | in_text
        ids = list(
            Article.objects.filter(matches)
            .annotate(in_title=Case(When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField()))
            .order_by("-in_title", "title")
            .values_list("id", "in_title")[: SCAN_LIMIT + 1]
        )
        capped = len(ids) > SCAN_LIMIT
        ids = ids[:SCAN_LIMIT]
        wanted = dict(ids[offset : offset + limit])
        rows = Article.objects.filter(id__in=wanted).only("id", "title", "search_text") if wanted else []
        by_id = {row.id: row for row in rows}
        results = []
        for article_id, title_hit in wanted.items():
            row = by_id[article_id]
            row.score, row.in_title = float(title_hit), title_hit
            results.append(result(row, query))
        return SearchPage(results, len(ids), offset, limit, capped=capped, needles=query.needles)
