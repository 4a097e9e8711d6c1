"""``prop=info|categories|links|pageprops``: one query each for all the pages of a call, however many.

Each prop module writes into the pages' entries (aligned with ``pages``) and returns the
continuation it needs (``clcontinue``, ``plcontinue``) when its limit cut the list.
"""

from __future__ import annotations

from django.urls import reverse

from articles.models import Article, Link
from articles.variant_urls import page_url
from wikitext.titles import CATEGORY_NAMESPACE
from wikitext.variants import VARIANTS, convert_text

from .call import Call, is_id, timestamp
from .errors import ApiError
from .listing import BAD_CONTINUE
from .pageset import PageRef, canonical

INFO_PROPS = (
    "protection", "talkid", "watched", "watchers", "visitingwatchers", "notificationtimestamp", "subjectid",
    "associatedpage", "url", "readable", "preload", "displaytitle", "varianttitles", "linkclasses",
)  # fmt: skip
CONTENT_MODEL = "markdown"


def info(call: Call, request, pages: list[PageRef], entries: list[dict]) -> dict:
    props = call.many("inprop", INFO_PROPS, module="info")
    call.get("intestactions")
    for page, entry in zip(pages, entries, strict=True):
        if page.invalid or (page.pageid is not None and page.article is None):
            continue
        entry.update(contentmodel=CONTENT_MODEL, pagelanguage="zh", pagelanguagehtmlcode="zh", pagelanguagedir="ltr")
        article = page.article
        if article is not None:
            revision = article.current_revision
            entry["touched"] = timestamp(article.updated_at)
            entry["lastrevid"] = article.current_revision_id or 0
            entry["length"] = revision.size if revision else 0
            if revision is not None and revision.number == 1:
                call.put_flag(entry, "new")
        if "protection" in props:
            entry["protection"] = []
            entry["restrictiontypes"] = []
        if "url" in props:
            url = request.build_absolute_uri(page_url(page.title))
            entry.update(fullurl=url, canonicalurl=url)
            if article is not None:
                entry["editurl"] = request.build_absolute_uri(
                    reverse("admin:articles_article_change", args=[article.pk])
                )
        if "readable" in props:
            call.put_flag(entry, "readable")
        if "displaytitle" in props:
            entry["displaytitle"] = call.display(page.title)
        if "varianttitles" in props:
            entry["varianttitles"] = {variant.code: convert_text(page.title, variant) for variant in VARIANTS}
    return {}


def _cursor(call: Call, name: str) -> tuple[int, str] | None:
    """A ``…continue`` value this module gave: (page id, where to go on from); badcontinue for anything else."""
    value = call.get(name)
    if value is None:
        return None
    page, bar, rest = value.partition("|")
    if not bar or not is_id(page):
        raise ApiError("badcontinue", BAD_CONTINUE)
    return int(page), rest


def _take(call: Call, rows: list[tuple[int, str, str]], cursor, limit: int, key: str) -> tuple[list, dict]:
    """Rows (page id, sort key, value) from the cursor on, at most ``limit``; the continuation when more are left."""
    rows = sorted(rows)
    if cursor is not None:
        rows = [row for row in rows if (row[0], row[1]) >= cursor]
    if len(rows) > limit:
        following = rows[limit]
        return rows[:limit], {key: f"{following[0]}|{following[1]}"}
    return rows, {}


def categories(call: Call, request, pages: list[PageRef], entries: list[dict]) -> dict:
    call.many("clprop", ("sortkey", "timestamp", "hidden"), module="categories")
    show = call.many("clshow", ("hidden", "!hidden"), module="categories")
    limit = call.limit("cllimit", "categories")
    only = {canonical(title)[1] for title in call.many("clcategories")}
    call.choice("cldir", ("ascending", "descending"), default="ascending")
    cursor = _cursor(call, "clcontinue")
    ids = {page.article.pk for page in pages if page.article is not None}
    through = Article.categories.through.objects
    rows = (
        []
        if not ids or "hidden" in show
        else list(
            through.filter(article_id__in=ids)
            .order_by("article_id", "category__name")
            .values_list("article_id", "category__name")
        )
    )
    rows = [(pk, name, name) for pk, name in rows if not only or CATEGORY_NAMESPACE + name in only]
    taken, more = _take(call, rows, cursor, limit, "clcontinue")
    by_page: dict[int, list[dict]] = {}
    for pk, _, name in taken:
        by_page.setdefault(pk, []).append({"ns": 14, "title": call.display(CATEGORY_NAMESPACE + name)})
    _attach(pages, entries, "categories", by_page)
    return more


def link_rows(page_ids: set[int]) -> list[tuple[int, int, str]]:
    """(source id, namespace, normalised target) of every wikilink of the pages, each once, sorted: one query."""
    if not page_ids:
        return []
    seen = set()
    for source, target in Link.objects.filter(source_id__in=page_ids).values_list("source_id", "target"):
        ns, title = canonical(target)
        if title:
            seen.add((source, ns, title))
    return sorted(seen)


def links(call: Call, request, pages: list[PageRef], entries: list[dict]) -> dict:
    asked = call.many("plnamespace")
    namespaces = set() if "*" in asked else {_namespace(value) for value in asked}
    only = {canonical(title)[1] for title in call.many("pltitles")}
    limit = call.limit("pllimit", "links")
    call.choice("pldir", ("ascending", "descending"), default="ascending")
    cursor = _cursor(call, "plcontinue")
    rows = [
        (source, f"{ns}|{title}", (ns, title))
        for source, ns, title in link_rows({page.article.pk for page in pages if page.article is not None})
        if (not namespaces or ns in namespaces) and (not only or title in only)
    ]
    taken, more = _take(call, rows, cursor, limit, "plcontinue")
    by_page: dict[int, list[dict]] = {}
    for source, _, (ns, title) in taken:
        by_page.setdefault(source, []).append({"ns": ns, "title": call.display(title)})
    _attach(pages, entries, "links", by_page)
    return more


def pageprops(call: Call, request, pages: list[PageRef], entries: list[dict]) -> dict:
    """Page properties set by parser functions (``DISPLAYTITLE``, Wikidata items): the Markdown pages set none.

    MediaWiki leaves ``pageprops`` out of a page that has no property, and so does this module.
    """
    call.many("ppprop")
    call.get("ppcontinue")
    return {}


def imageinfo(call: Call, request, pages: list[PageRef], entries: list[dict]) -> dict:
    """File information: there are no files here (a page's images stay on zh.wikipedia), so none is given.

    Known so that clients asking for it with every page (mwclient's generators do) get no warning.
    """
    for name in ("iiprop", "iilimit", "iistart", "iiend", "iiurlwidth", "iiurlheight", "iimetadataversion"):
        call.get(name)
    return {}


def langlinks(call: Call, request, pages: list[PageRef], entries: list[dict]) -> dict:
    """Links to the same page in other languages: the Markdown pages keep none, so no page has ``langlinks``."""
    for name in ("lllimit", "llprop", "lllang", "lltitle", "lldir", "llinlanguagecode", "llcontinue", "llurl"):
        call.get(name)
    return {}


def _attach(pages: list[PageRef], entries: list[dict], key: str, by_page: dict[int, list[dict]]) -> None:
    for page, entry in zip(pages, entries, strict=True):
        if page.article is not None and page.article.pk in by_page:
            entry[key] = by_page[page.article.pk]


def _namespace(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ApiError("badvalue", f'Unrecognized value for parameter "plnamespace": {value}.') from None
