"""``action=parse&page=…`` (or ``pageid``, ``oldid``): the page as its article page shows it, in MediaWiki's shape.

The HTML is the article view's (``articles.article_view``): converted to the variant asked, wikilinks
resolved, local ones staying in that variant, the citation list as the page renders it. ``prop``
chooses the parts: text, sections, categories, links, externallinks, displaytitle, revid, wikitext…
"""

from __future__ import annotations

from html import escape

from django.http import HttpRequest
from django.template.loader import render_to_string

from articles.article_view import ArticleView, article_page, revision_page
from articles.models import Article, Revision
from wikitext.page import REFERENCES
from wikitext.titles import normalize_title, title_key, title_to_path

from .call import Call, is_id
from .errors import ApiError
from .pageset import MAIN, canonical, invalid_reason

PARSE_PROPS = (
    "text", "langlinks", "categories", "categorieshtml", "links", "templates", "images", "externallinks", "sections",
    "revid", "displaytitle", "subtitle", "headhtml", "modules", "jsconfigvars", "encodedjsconfigvars", "indicators",
    "iwlinks", "wikitext", "properties", "limitreportdata", "limitreporthtml", "parsetree", "parsewarnings",
    "parsewarningshtml",
)  # fmt: skip
DEFAULT_PROPS = (
    "text", "langlinks", "categories", "links", "templates", "images", "externallinks", "sections", "revid",
    "displaytitle", "iwlinks", "properties", "parsewarnings",
)  # fmt: skip
IGNORED = (
    "redirects", "disablelimitreport", "disableeditsection", "disabletoc", "disablestylededuplication", "useskin",
    "wrapoutputclass", "mobileformat", "noimages", "mainpage", "preview", "sectionpreview", "effectivelanglinks",
    "showstrategykeys", "contentformat", "contentmodel", "onlypst", "pst", "sectiontitle", "summary",
)  # fmt: skip


def parse(call: Call, request: HttpRequest) -> dict:
    props = call.many("prop", PARSE_PROPS, module="parse") if call.has("prop") else list(DEFAULT_PROPS)
    for name in IGNORED:
        call.get(name)
    article, revision = _page(call)
    view = revision_page(article, revision, call.variant) if revision else article_page(article, call.variant)
    revid = revision.pk if revision else article.current_revision_id
    out: dict = {"title": call.display(article.title), "pageid": article.pk}
    if "revid" in props:
        out["revid"] = revid or 0
    if "text" in props:
        _text(call, out, "text", _html(view, _section(call, view)))
    if "langlinks" in props:
        out["langlinks"] = []
    if "categories" in props:
        # The view's names are in the variant already.
        out["categories"] = [
            _named(call, {"sortkey": ""}, "category", category.name, False) for category in view.categories
        ]
    if "links" in props:
        out["links"] = _links(call, view)
    for empty in ("templates", "images", "iwlinks"):
        if empty in props:
            out[empty] = []
    if "externallinks" in props:
        out["externallinks"] = list(dict.fromkeys(reference.url for reference in view.references if reference.url))
    if "sections" in props:
        out["sections"] = _sections(article, view)
    if "parsewarnings" in props:
        out["parsewarnings"] = []
    if "displaytitle" in props:
        out["displaytitle"] = f'<span class="mw-page-title-main">{escape(call.display(article.title))}</span>'
    if "properties" in props:
        out["properties"] = [] if call.formatversion == 1 else {}
    if "wikitext" in props:
        text = revision.text if revision else Revision.objects.filter(pk=revid).values_list("text", flat=True).first()
        _text(call, out, "wikitext", text or "")
    return {"parse": out}


def _page(call: Call) -> tuple[Article, Revision | None]:
    """The article the call names, and the revision ``oldid`` asks for (None for the current one)."""
    given = [name for name in ("page", "pageid", "oldid") if call.get(name)]
    if len(given) > 1:
        raise ApiError("invalidparammix", f'The parameters "{given[0]}" and "{given[1]}" can not be used together.')
    if not given:
        raise ApiError("missingparam", 'One of the parameters "page", "pageid" and "oldid" is required.')
    if given[0] == "page":
        title = call.get("page")
        if invalid_reason(title):
            raise ApiError("invalidtitle", f'Bad title "{title}".')
        ns, wanted = canonical(title)
        article = Article.objects.with_current_revision().by_title(normalize_title(wanted)) if ns == MAIN else None
        if article is None:
            raise ApiError("missingtitle", "The page you specified doesn't exist.")
        return article, None
    value = call.get(given[0])
    number = int(value) if is_id(value) else 0
    if given[0] == "pageid":
        article = Article.objects.with_current_revision().filter(pk=number).first() if number else None
        if article is None:
            raise ApiError("nosuchpageid", f"There is no page with ID {value}.")
        return article, None
    revision = Revision.objects.select_related("article").filter(pk=number).first() if number else None
    if revision is None:
        raise ApiError("nosuchrevid", f"There is no revision with ID {value}.")
    return revision.article, revision


def _section(call: Call, view: ArticleView) -> int | None:
    """``section=``: 0 for the lead, N for the page's Nth section (as ``sections`` numbers them), None for all."""
    value = call.get("section")
    if value is None:
        return None
    if not is_id(value):
        raise ApiError("invalidsection", 'The "section" parameter must be a valid section ID or "new".')
    if int(value) > len(view.sections):
        raise ApiError("nosuchsection", f"There is no section {value}.")
    return int(value)


def _html(view: ArticleView, only: int | None = None) -> str:
    """The page's body as MediaWiki's parser output wraps it; ``only`` one section of it (0: the lead)."""
    parts = [f'<div class="mw-content-ltr mw-parser-output" lang="{view.variant.html_lang}" dir="ltr">']
    if only is None or only == 0:
        parts.append(view.lead_html)
    for index, section in enumerate(view.sections, start=1):
        if only is not None and index != only:
            continue
        parts.append(
            f'<{section.heading_tag} id="{escape(section.anchor)}">{section.heading_html}</{section.heading_tag}>'
        )
        parts.append(section.html)
        if section.kind == REFERENCES:
            parts.append(render_to_string("references/_citation_list.html", {"references": view.references}))
    if view.references and not view.references_have_section and only is None:
        parts.append(render_to_string("references/_citation_list.html", {"references": view.references}))
    parts.append("</div>")
    return "\n".join(part for part in parts if part)


def _links(call: Call, view: ArticleView) -> list[dict]:
    """The page's wikilinks, each with ``exists`` when a page here answers it (one query)."""
    targets = sorted({canonical(target) for target in view.links if normalize_title(target)})
    local = Article.objects.titles_for_keys(title_key(title) for ns, title in targets if ns == MAIN)
    out = []
    for ns, title in targets:
        entry = _named(call, {"ns": ns}, "title", title)
        if ns == MAIN and title_key(title) in local:
            call.put_flag(entry, "exists")
        out.append(entry)
    return out


def _sections(article: Article, view: ArticleView) -> list[dict]:
    numbers = {entry.anchor: entry for entry in view.toc}
    out = []
    for index, section in enumerate(view.sections, start=1):
        toc = numbers.get(section.anchor)
        out.append(
            {
                "toclevel": toc.level if toc else 1,
                "level": str(section.level),
                "line": toc.text_html if toc else section.heading_html,
                "number": toc.number if toc else str(index),
                "index": str(index),
                "fromtitle": title_to_path(article.title),
                "byteoffset": None,
                "anchor": section.anchor,
                "linkAnchor": section.anchor,
            }
        )
    return out


def _text(call: Call, out: dict, name: str, text: str) -> None:
    out[name] = {"*": text} if call.formatversion == 1 else text


def _named(call: Call, entry: dict, name: str, value: str, convert: bool = True) -> dict:
    call.put_text(entry, name, call.display(value) if convert else value)
    return entry
