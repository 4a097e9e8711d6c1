"""``list=search|prefixsearch|random|allpages|categorymembers|backlinks``, each usable as a generator.

Every module asks for at most ``limit`` + 1 rows (the one past the limit says whether to go on), so a
call costs the same few queries whatever the limit; ``recentchanges`` lives in ``changes``.
"""

from __future__ import annotations

import re

from django.db.models import Q

from articles.models import Article, Link
from search.backends import search as find
from search.query import MAX_QUERY_LENGTH
from wikitext.titles import normalize_title, title_key
from wikitext.variants import convert_html

from .call import Call, is_id, timestamp
from .errors import ApiError
from .listing import Listed, main_namespace, offset, page_item, required, title_cursor
from .pageset import CATEGORY, articles, canonical, categories_named

SR_PROPS = (
    "size", "wordcount", "timestamp", "snippet", "titlesnippet", "redirecttitle", "redirectsnippet", "sectiontitle",
    "sectionsnippet", "isfilematch", "categorysnippet", "score", "hasrelated", "extensiondata",
)  # fmt: skip
SR_DEFAULT = ("size", "wordcount", "timestamp", "snippet")
CM_PROPS = ("ids", "title", "sortkey", "sortkeyprefix", "type", "timestamp")


def _in_order(ids: list[int]) -> list[Article]:
    """The articles' full rows, in the order of ``ids``: one query."""
    by_id = {article.pk: article for article in articles().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def search(call: Call, prefix: str) -> Listed:
    query = " ".join(required(call, f"{prefix}search").split())
    if len(query) > MAX_QUERY_LENGTH:
        raise ApiError(
            "request_too_long",
            f"Search request is longer than the maximum allowed length. ({len(query)} > {MAX_QUERY_LENGTH})",
        )
    what = call.choice(f"{prefix}what", ("text", "title", "nearmatch"), default="text")
    props = call.many(f"{prefix}prop", SR_PROPS, module="search") if call.has(f"{prefix}prop") else list(SR_DEFAULT)
    info = call.many(f"{prefix}info", ("totalhits", "suggestion", "rewrittenquery"), module="search")
    if not call.has(f"{prefix}info"):
        info = ["totalhits", "suggestion", "rewrittenquery"]
    limit = call.limit(f"{prefix}limit", "search")
    start = offset(call, f"{prefix}offset")
    for ignored in ("interwiki", "enablerewrites", "qiprofile", "backend"):
        call.get(f"{prefix}{ignored}")
    call.choice(f"{prefix}sort", ("relevance",), default="relevance")
    if not main_namespace(call, f"{prefix}namespace"):
        return Listed(info={"totalhits": 0} if "totalhits" in info else None)
    snippets: dict[int, str] = {}
    words: dict[int, int] = {}
    if what == "nearmatch":
        found = Article.objects.only("pk").by_title(normalize_title(query))
        ids, total = ([found.pk] if found is not None and start == 0 else []), (1 if found is not None else 0)
    elif what == "title":
        titled = Article.objects.titles_containing(title_key(query))
        ids = list(titled.values_list("pk", flat=True)[start : start + limit])
        total = titled.count()
    else:
        page = find(query, offset=start, limit=limit)
        ids, total = [result.article.pk for result in page.results], page.total
        for result in page.results:
            snippets[result.article.pk] = str(result.snippet)
            words[result.article.pk] = len(re.findall(r"\w+", result.article.search_text or ""))
    rows = _in_order(ids)
    entries = []
    for row in rows:
        entry = page_item(call, row)
        revision = row.current_revision
        if "size" in props:
            entry["size"] = revision.size if revision else 0
        if "wordcount" in props:
            entry["wordcount"] = words.get(row.pk, 0)
        if "snippet" in props:
            entry["snippet"] = _marked(call, snippets.get(row.pk, ""))
        if "titlesnippet" in props:
            entry["titlesnippet"] = call.display(row.title)
        if "timestamp" in props:
            entry["timestamp"] = timestamp(revision.timestamp if revision else row.updated_at)
        entries.append(entry)
    more = {f"{prefix}offset": start + len(rows)} if start + len(rows) < total and rows else {}
    return Listed(entries=entries, articles=rows, more=more, info={"totalhits": total} if "totalhits" in info else None)


def _marked(call: Call, snippet: str) -> str:
    """A snippet as MediaWiki marks matches: ``<span class="searchmatch">``, in the variant asked."""
    if call.variant.converts:
        snippet = convert_html(snippet, call.variant)
    return snippet.replace("<mark>", '<span class="searchmatch">').replace("</mark>", "</span>")


def prefixsearch(call: Call, prefix: str) -> Listed:
    typed = required(call, f"{prefix}search")[:MAX_QUERY_LENGTH]
    limit = call.limit(f"{prefix}limit", "prefixsearch")
    start = offset(call, f"{prefix}offset")
    call.get(f"{prefix}profile")
    if not main_namespace(call, f"{prefix}namespace") or not normalize_title(typed):
        return Listed()
    titles = list(Article.objects.titles_starting_with(title_key(normalize_title(typed)))[start : start + limit + 1])
    by_title = articles().by_titles(titles[:limit])
    rows = [by_title[title] for title in titles[:limit] if title in by_title]
    more = {f"{prefix}offset": start + limit} if len(titles) > limit else {}
    return Listed(entries=[page_item(call, row) for row in rows], articles=rows, more=more)


def random(call: Call, prefix: str) -> Listed:
    limit = call.limit(f"{prefix}limit", "random", default=1)
    call.choice(f"{prefix}filterredir", ("all", "redirects", "nonredirects"), default="nonredirects")
    call.flag(f"{prefix}redirect")
    call.get(f"{prefix}continue")
    if not main_namespace(call, f"{prefix}namespace") or call.get(f"{prefix}filterredir") == "redirects":
        return Listed()
    rows = list(articles().order_by("?")[:limit])
    return Listed(entries=[page_item(call, row, "id") for row in rows], articles=rows)


def allpages(call: Call, prefix: str) -> Listed:
    limit = call.limit(f"{prefix}limit", "allpages")
    start = title_cursor(call, f"{prefix}continue") or call.get(f"{prefix}from")
    end = call.get(f"{prefix}to")
    begins = call.get(f"{prefix}prefix")
    descending = call.choice(f"{prefix}dir", ("ascending", "descending"), default="ascending") == "descending"
    redirects = call.choice(f"{prefix}filterredir", ("all", "redirects", "nonredirects"), default="all")
    call.choice(f"{prefix}filterlanglinks", ("all", "withlanglinks", "withoutlanglinks"), default="all")
    for ignored in ("prtype", "prlevel", "prfiltercascade", "prexpiry"):
        call.get(f"{prefix}{ignored}")
    minimum = call.integer(f"{prefix}minsize", -1, -1)
    maximum = call.integer(f"{prefix}maxsize", -1, -1)
    namespace = call.get(f"{prefix}namespace", "0")
    if namespace != "0":
        if not namespace.lstrip("-").isdigit():
            raise ApiError("badvalue", f'Unrecognized value for parameter "{prefix}namespace": {namespace}.')
        return Listed()
    if redirects == "redirects":
        return Listed()
    rows = articles()
    if start:
        start = normalize_title(start)
        rows = rows.filter(title__lte=start) if descending else rows.filter(title__gte=start)
    if end:
        end = normalize_title(end)
        rows = rows.filter(title__gte=end) if descending else rows.filter(title__lte=end)
    if begins:
        rows = rows.filter(title__startswith=normalize_title(begins))
    if minimum >= 0:
        rows = rows.filter(current_revision__size__gte=minimum)
    if maximum >= 0:
        rows = rows.filter(current_revision__size__lte=maximum)
    found = list(rows.order_by("-title" if descending else "title")[: limit + 1])
    more = {f"{prefix}continue": found[limit].title} if len(found) > limit else {}
    found = found[:limit]
    return Listed(entries=[page_item(call, row) for row in found], articles=found, more=more)


def categorymembers(call: Call, prefix: str) -> Listed:
    props = call.many(f"{prefix}prop", CM_PROPS, module="categorymembers") or ["ids", "title"]
    limit = call.limit(f"{prefix}limit", "categorymembers")
    call.choice(f"{prefix}sort", ("sortkey",), default="sortkey")
    direction = call.choice(f"{prefix}dir", ("asc", "desc", "ascending", "descending", "newer", "older"), default="asc")
    descending = direction in ("desc", "descending", "older")
    types = call.many(f"{prefix}type", ("page", "subcat", "file"), module="categorymembers") or ["page"]
    cursor = title_cursor(call, f"{prefix}continue")
    start = call.get(f"{prefix}startsortkeyprefix")
    end = call.get(f"{prefix}endsortkeyprefix")
    for ignored in ("starthexsortkey", "endhexsortkey", "start", "end"):
        call.get(f"{prefix}{ignored}")
    title = call.get(f"{prefix}title")
    if call.get(f"{prefix}pageid") and not title:
        return Listed()  # categories have no page ids here: no page id names one
    if not title:
        raise ApiError("missingparam", f'One of the parameters "{prefix}title" and "{prefix}pageid" is required.')
    ns, name = canonical(title)
    if ns != CATEGORY:
        raise ApiError("invalidcategory", "The category name you entered is not valid.")
    category = next(iter(categories_named([name.split(":", 1)[1]]).values()), None)
    if category is None or "page" not in types or not main_namespace(call, f"{prefix}namespace"):
        return Listed()
    rows = articles().filter(categories=category)
    if cursor:
        kind, _, after = cursor.partition("|")
        if kind != "page" or not after:
            raise ApiError(
                "badcontinue",
                "Invalid continue param. You should pass the original value returned by the previous query.",
            )
        rows = rows.filter(title__lte=after) if descending else rows.filter(title__gte=after)
    if start:
        rows = rows.filter(title__lte=start) if descending else rows.filter(title__gte=start)
    if end:
        rows = rows.filter(Q(title__gte=end) if descending else Q(title__lt=end + "\U0010ffff"))
    found = list(rows.order_by("-title" if descending else "title")[: limit + 1])
    more = {f"{prefix}continue": f"page|{found[limit].title}"} if len(found) > limit else {}
    found = found[:limit]
    entries = []
    for row in found:
        entry: dict = {}
        if "ids" in props:
            entry["pageid"] = row.pk
        entry["ns"] = 0
        if "title" in props:
            entry["title"] = call.display(row.title)
        if "sortkeyprefix" in props:
            entry["sortkeyprefix"] = ""
        if "sortkey" in props:
            entry["sortkey"] = row.title.encode("utf-8").hex()
        if "type" in props:
            entry["type"] = "page"
        if "timestamp" in props:
            entry["timestamp"] = timestamp(row.created_at)
        entries.append(entry)
    return Listed(entries=entries, articles=found, more=more)


def backlinks(call: Call, prefix: str) -> Listed:
    limit = call.limit(f"{prefix}limit", "backlinks")
    title = call.get(f"{prefix}title")
    pageid = call.get(f"{prefix}pageid")
    cursor = title_cursor(call, f"{prefix}continue")
    descending = call.choice(f"{prefix}dir", ("ascending", "descending"), default="ascending") == "descending"
    redirects = call.choice(f"{prefix}filterredir", ("all", "redirects", "nonredirects"), default="all")
    call.flag(f"{prefix}redirect")
    if not title and pageid:
        if not is_id(pageid):
            raise ApiError("badinteger", f'Invalid value "{pageid}" for integer parameter "{prefix}pageid".')
        target = Article.objects.filter(pk=int(pageid)).values_list("title", flat=True).first()
        if target is None:
            raise ApiError("nosuchpageid", f"There is no page with ID {pageid}.")
        title = target
    if not title:
        raise ApiError("missingparam", f'One of the parameters "{prefix}title" and "{prefix}pageid" is required.')
    ns, target = canonical(title)
    if not target:
        raise ApiError("invalidtitle", f'Bad title "{title}".')
    if redirects == "redirects" or not main_namespace(call, f"{prefix}namespace"):
        return Listed()
    sources = Link.objects.filter(target_key=title_key(target)).values("source_id")
    rows = articles().filter(pk__in=sources)
    if cursor:
        rows = rows.filter(title__lte=cursor) if descending else rows.filter(title__gte=cursor)
    found = list(rows.order_by("-title" if descending else "title")[: limit + 1])
    more = {f"{prefix}continue": found[limit].title} if len(found) > limit else {}
    found = found[:limit]
    return Listed(entries=[page_item(call, row) for row in found], articles=found, more=more)


LISTS = {
    "search": ("sr", search),
    "prefixsearch": ("ps", prefixsearch),
    "random": ("rn", random),
    "allpages": ("ap", allpages),
    "categorymembers": ("cm", categorymembers),
    "backlinks": ("bl", backlinks),
}
