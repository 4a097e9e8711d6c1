"""``/api/articles/<title>[?variant=zh-tw]``: an article as JSON, what its page shows (see README: JSON API)."""

from __future__ import annotations

from django.http import JsonResponse

from wikitext.titles import normalize_title
from wikitext.variants import NO_CONVERSION, VARIANTS, VARIANTS_BY_CODE

from .article_view import ArticleView, article_page
from .models import Article, Revision


def article(request, title):
    code = request.GET.get("variant", NO_CONVERSION.code)
    variant = VARIANTS_BY_CODE.get(code)
    if variant is None:
        known = ", ".join(v.code for v in VARIANTS)
        return error(f"unknown variant {code!r}; known: {known}", status=400)
    wanted = normalize_title(title)
    found = Article.objects.with_current_revision().by_title(wanted)
    if found is None:
        return error(f"no article titled {wanted!r}", status=404)
    data = as_json(article_page(found, variant))
    revision = found.current_revision
    data["revision"] = revision_json(revision) if revision else None
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def revision_json(revision: Revision) -> dict:
    """The revision the answer shows: its id is the ``oldid`` of ``/wiki/<title>?oldid=``."""
    return {
        "id": revision.pk,
        "number": revision.number,
        "timestamp": revision.timestamp.isoformat(),
        "author": revision.author,
        "summary": revision.summary,
        "size": revision.size,
    }


def error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})


def as_json(view: ArticleView) -> dict:
    return {
        "title": view.title,
        "url": view.url,
        "variant": view.variant.code,
        "lead_html": view.lead_html,
        "sections": [
            {
                "level": s.level,
                "heading": s.heading_html,
                "anchor": s.anchor,
                "kind": s.kind,
                "html": s.html,
            }
            for s in view.sections
        ],
        "references": [
            {
                "number": r.number,
                "html": r.html,
                "url": r.url,
                "backlinks": [{"label": label, "href": href} for label, href in r.backlinks],
            }
            for r in view.references
        ],
        "categories": [{"name": c.name, "url": c.url} for c in view.categories],
        "related": [{"title": r.title, "target": r.target, "url": r.url} for r in view.related],
        "links": list(view.links),
    }
