"""The pages a call names (``titles``, ``pageids``, ``revids``, a generator's results), in a fixed number of queries.

A title is normalised as MediaWiki normalises it (``wikitext.titles``) and reported in ``normalized``;
it finds its page in any script, as ``/wiki/`` does (MediaWiki's ``converttitles``, always on here),
and a title found under another form is reported in ``converted``. Only articles (namespace 0) have
pages with text here; a category (14) is a page MediaWiki calls ``missing`` but ``known`` (its list
of members is served), a special page (-1) is ``special``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from articles.models import Article, Category, Revision
from wikitext.titles import (
    CATEGORY_NAMESPACE,
    CATEGORY_PREFIXES,
    SPECIAL_NAMESPACE,
    category_name,
    normalize_title,
    title_key,
)

from .call import Call
from .errors import ApiError

MAIN, CATEGORY, SPECIAL = 0, 14, -1
SPECIAL_ALIAS = "特殊:"  # zh.wikipedia's local name of the special namespace
MAX_TITLE_BYTES = 255
_ILLEGAL = re.compile(r"[#<>\[\]|{}\x00-\x1f\x7f]")
# What a page's row needs for every prop but the texts of its revision and search index.
_WIDE = ("search_text", "search_terms", "lead")


@dataclass
class PageRef:
    """One page of the answer: an article, or a title with no article (missing, a category, a special page)."""

    title: str  # the stored title (with its namespace), or the normalised one asked for
    ns: int = MAIN
    article: Article | None = None
    category: Category | None = None
    invalid: str = ""  # why the title is no title (MediaWiki's invalidreason)
    pageid: int | None = None  # a page id asked for that names no page
    revids: list[int] = field(default_factory=list)  # revisions asked for by ``revids``

    @property
    def exists(self) -> bool:
        return self.article is not None


@dataclass
class PageSet:
    pages: list[PageRef] = field(default_factory=list)
    normalized: list[tuple[str, str]] = field(default_factory=list)
    converted: list[tuple[str, str]] = field(default_factory=list)
    bad_revids: list[int] = field(default_factory=list)

    @property
    def articles(self) -> list[Article]:
        return [page.article for page in self.pages if page.article is not None]


def articles():
    """The articles' rows as every module reads them: with their current revision's facts, without the wide texts."""
    return Article.objects.with_current_revision().defer(*_WIDE)


def invalid_reason(title: str) -> str:
    """Why ``title`` cannot name a page, in MediaWiki's words, or ``""``."""
    if _ILLEGAL.search(title):
        return f'The requested page title contains invalid characters: "{_ILLEGAL.search(title).group(0)}".'
    if len(title.encode("utf-8")) > MAX_TITLE_BYTES:
        return f"The requested page title is too long. It must be no longer than {MAX_TITLE_BYTES} bytes in UTF-8."
    normal = normalize_title(title)
    if not normal or normal in (*CATEGORY_PREFIXES, SPECIAL_NAMESPACE, SPECIAL_ALIAS):
        return "The requested page title is empty or contains only the name of a namespace."
    return ""


def canonical(title: str) -> tuple[int, str]:
    """(namespace, title written as MediaWiki writes it): ``分类:日本`` is ``Category:日本``."""
    title = normalize_title(title)
    name = category_name(title)
    if name is not None:
        return CATEGORY, CATEGORY_NAMESPACE + name
    if title.startswith((SPECIAL_NAMESPACE, SPECIAL_ALIAS)):
        return SPECIAL, SPECIAL_NAMESPACE + normalize_title(title.split(":", 1)[1])
    return MAIN, title


def from_titles(call: Call, titles: list[str]) -> PageSet:
    """The pages ``titles`` names: one query for the articles, one for the categories (when any is named)."""
    found = PageSet()
    wanted: list[tuple[int, str]] = []
    for raw in titles:
        reason = invalid_reason(raw)
        if reason:
            found.pages.append(PageRef(title=raw, invalid=reason))
            continue
        ns, title = canonical(raw)
        if title != raw:
            found.normalized.append((raw, title))
        if (ns, title) not in wanted:
            wanted.append((ns, title))
    by_title = articles().by_titles(title for ns, title in wanted if ns == MAIN)
    categories = categories_named([category_name(title) for ns, title in wanted if ns == CATEGORY])
    for ns, title in wanted:
        page = PageRef(title=title, ns=ns)
        if ns == MAIN:
            page.article = by_title.get(title)
            if page.article is not None:
                page.title = page.article.title
        elif ns == CATEGORY:
            page.category = categories.get(title_key(category_name(title)))
            if page.category is not None:
                page.title = CATEGORY_NAMESPACE + page.category.name
        shown = call.display(page.title) if (page.article or page.category) else title
        if shown != title:
            found.converted.append((title, shown))
        found.pages.append(page)
    return found


def from_pageids(call: Call, values: list[str]) -> PageSet:
    ids = [_number(value, "pageids") for value in values]
    by_id = {article.pk: article for article in articles().filter(pk__in=ids)}
    found = PageSet()
    for pageid in dict.fromkeys(ids):
        article = by_id.get(pageid)
        found.pages.append(
            PageRef(title=article.title, article=article) if article else PageRef(title="", pageid=pageid)
        )
    return found


def from_revids(call: Call, values: list[str]) -> PageSet:
    """The pages of the revisions asked for, each with its revisions: one query for the revisions, one for the pages."""
    ids = [_number(value, "revids") for value in values]
    revisions = dict(Revision.objects.filter(pk__in=ids).values_list("pk", "article_id"))
    by_id = {article.pk: article for article in articles().filter(pk__in=set(revisions.values()))}
    found = PageSet()
    pages: dict[int, PageRef] = {}
    for revid in dict.fromkeys(ids):
        article = by_id.get(revisions.get(revid, -1))
        if article is None:
            found.bad_revids.append(revid)
            continue
        page = pages.setdefault(article.pk, PageRef(title=article.title, article=article))
        page.revids.append(revid)
    found.pages = list(pages.values())
    return found


def from_articles(found_articles: list[Article]) -> PageSet:
    """A generator's results, in its order."""
    return PageSet(pages=[PageRef(title=article.title, article=article) for article in found_articles])


def categories_named(names: list[str | None]) -> dict[str, Category]:
    """{name key: category} for the names, the one stored under that very name first (one query, none for no name)."""
    keys = {title_key(name) for name in names if name}
    if not keys:
        return {}
    found: dict[str, Category] = {}
    for category in Category.objects.filter(name_key__in=keys).order_by("name"):
        if category.name_key not in found or category.name in names:
            found[category.name_key] = category
    return found


def _number(value: str, name: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ApiError("badinteger", f'Invalid value "{value}" for integer parameter "{name}".') from None
    if not 0 < number < 2**31:
        raise ApiError("badinteger", f'Invalid value "{value}" for integer parameter "{name}".')
    return number


def page_entry(call: Call, page: PageRef) -> dict:
    """What every page of ``query.pages`` says: its id, namespace and title, or why it has none."""
    if page.invalid:
        entry = {"title": page.title, "invalidreason": page.invalid}
        call.put_flag(entry, "invalid")
        return entry
    if page.pageid is not None and page.article is None:
        entry = {"pageid": page.pageid}
        call.put_flag(entry, "missing")
        return entry
    entry = {"ns": page.ns, "title": call.display(page.title)}
    if page.article is not None:
        return {"pageid": page.article.pk, **entry}
    if page.ns == SPECIAL:
        call.put_flag(entry, "special")
        return entry
    call.put_flag(entry, "missing")
    if page.category is not None:
        call.put_flag(entry, "known")
    return entry
