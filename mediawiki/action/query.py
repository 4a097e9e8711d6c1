"""``action=query``: the pages a call names or a generator gives, their props, the lists and the meta modules.

Continuation follows MediaWiki's rule: while a prop module has more to give, the answer's
``continue`` holds that module's position and the generator's position *as this call had it*, so
the next call gives the rest of the same pages; once every prop is done (``batchcomplete``), it
holds the generator's and the lists' next positions.
"""

from __future__ import annotations

from django.http import HttpRequest

from articles.models import Article

from .call import Call
from .changes import recentchanges
from .errors import ApiError
from .extracts import extracts
from .listing import Listed
from .lists import LISTS
from .meta import META_MODULES, meta
from .pageset import PageSet, from_articles, from_pageids, from_revids, from_titles, page_entry
from .props import categories, imageinfo, info, langlinks, link_rows, links, pageprops
from .revisions import revisions

PROPS = {
    "info": info,
    "revisions": revisions,
    "categories": categories,
    "links": links,
    "extracts": extracts,
    "pageprops": pageprops,
    "imageinfo": imageinfo,
    "langlinks": langlinks,
}
LIST_MODULES = {**LISTS, "recentchanges": ("rc", recentchanges)}
PAGE_GENERATORS = {"links": "pl", "categories": "cl"}  # generators over the pages a call names
GENERATORS = tuple(sorted({*LISTS, *PAGE_GENERATORS}))
INDEXED = ("search", "prefixsearch")  # generators whose pages carry their rank (``index``), as MediaWiki's do
SOURCES = ("titles", "pageids", "revids")


def query(call: Call, request: HttpRequest) -> dict:
    props = call.many("prop", PROPS, module="query")
    lists = call.many("list", LIST_MODULES, module="query")
    metas = call.many("meta", META_MODULES, module="query")
    generator = call.choice("generator", GENERATORS)
    for name in ("redirects", "converttitles", "export", "exportnowrap", "iwurl", "rawcontinue", "continue"):
        call.get(name)
    pages, generated = _pages(call, generator)
    out: dict = {}
    body: dict = {}
    prop_more: dict = {}
    if pages is not None:
        if pages.normalized:
            out["normalized"] = [_mapping(call, source, target) for source, target in pages.normalized]
        if pages.converted:
            out["converted"] = [_mapping(call, source, target) for source, target in pages.converted]
        if pages.bad_revids:
            out["badrevids"] = {str(revid): {"revid": revid, **_flag(call, "missing")} for revid in pages.bad_revids}
        entries = [page_entry(call, page) for page in pages.pages]
        if generator in INDEXED:
            for index, entry in enumerate(entries, start=1):
                entry["index"] = index
        for name in props:
            prop_more.update(PROPS[name](call, request, pages.pages, entries))
        if entries:
            out["pages"] = call.pages(entries)
            if call.flag("indexpageids"):
                out["pageids"] = (
                    list(out["pages"]) if call.formatversion == 1 else [str(e.get("pageid", -1)) for e in entries]
                )
    more: dict = {}
    for name in lists:
        prefix, module = LIST_MODULES[name]
        listed = module(call, prefix)
        out[name] = listed.entries
        if listed.info is not None:
            out[f"{name}info"] = listed.info
        more.update(listed.more)
    if metas:
        out.update(meta(call, request, metas))
    if prop_more:
        # The same pages again next time: the generator stays where this call had it.
        held = {key: value for key, value in call.values.items() if generated is not None and _is_position(key)}
        body["continue"] = {**prop_more, **held, "continue": "||"}
    else:
        body["batchcomplete"] = "" if call.formatversion == 1 else True
        if generated is not None:
            more.update(generated.more)
        if more:
            body["continue"] = {**more, "continue": "-||"}
    if out:
        body["query"] = out
    return body


def _pages(call: Call, generator: str | None) -> tuple[PageSet | None, Listed | None]:
    """The pages props apply to: those the call names, or those its generator gives (with where it stopped)."""
    given = [name for name in SOURCES if call.has(name)]
    if len(given) > 1:
        raise ApiError("invalidparammix", f'The parameters "{given[0]}" and "{given[1]}" can not be used together.')
    source = given[0] if given else None
    named = None
    if source == "titles":
        named = from_titles(call, call.many("titles"))
    elif source == "pageids":
        named = from_pageids(call, call.many("pageids"))
    elif source == "revids":
        named = from_revids(call, call.many("revids"))
    if generator is None:
        return named, None
    if generator in PAGE_GENERATORS:
        if source == "revids":
            raise ApiError(
                "invalidparammix", f'The parameters "revids" and "generator={generator}" can not be used together.'
            )
        listed = _from_pages(call, generator, named or PageSet())
        titled = from_titles(call, listed.titles or [])
        titled.normalized, titled.converted = [], []
        return titled, listed
    if source is not None:
        raise ApiError(
            "invalidparammix", f'The parameters "{source}" and "generator={generator}" can not be used together.'
        )
    prefix, module = LISTS[generator]
    listed = module(call, "g" + prefix)
    return from_articles(listed.articles), listed


def _from_pages(call: Call, generator: str, named: PageSet) -> Listed:
    """``generator=links`` or ``categories``: the titles the named pages link to or are in, as pages."""
    prefix = "g" + PAGE_GENERATORS[generator]
    limit = call.limit(f"{prefix}limit", generator)
    cursor = call.get(f"{prefix}continue")
    ids = {page.article.pk for page in named.pages if page.article is not None}
    if generator == "links":
        asked = call.many(f"{prefix}namespace")
        rows = [
            (f"{source}|{ns}|{title}", title)
            for source, ns, title in link_rows(ids)
            if not asked or "*" in asked or str(ns) in asked
        ]
    else:
        rows = [(f"{pk}|{name}", f"Category:{name}") for pk, name in _category_rows(ids)]
    rows.sort()
    if cursor is not None:
        rows = [row for row in rows if row[0] >= cursor]
    more = {f"{prefix}continue": rows[limit][0]} if len(rows) > limit else {}
    return Listed(titles=list(dict.fromkeys(title for _, title in rows[:limit])), more=more)


def _category_rows(ids: set[int]) -> list[tuple[int, str]]:
    if not ids:
        return []
    through = Article.categories.through.objects.filter(article_id__in=ids)
    return list(through.values_list("article_id", "category__name"))


def _is_position(name: str) -> bool:
    """A generator's continuation parameter (``gapcontinue``, ``gsroffset``…)."""
    return name.startswith("g") and name.endswith(("continue", "offset"))


def _mapping(call: Call, source: str, target: str) -> dict:
    entry: dict = {"from": source, "to": target}
    if call.formatversion == 2:
        entry = {"fromencoded": False, **entry}
    return entry


def _flag(call: Call, name: str) -> dict:
    entry: dict = {}
    call.put_flag(entry, name)
    return entry
