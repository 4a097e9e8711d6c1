"""What a page says about itself in its ``<head>``: its address, its addresses in the other variants, a
description, and the Open Graph tags link previews read.

Everything comes from what the page's view already holds (the request, the variant, the article's
view model): no query, and no Markdown parsed per request. Search engines see one canonical address
per page and variant, and each variant's address under its language tag
(``<link rel="alternate" hreflang="zh-Hant-TW">``), with ``x-default`` the unconverted ``/wiki/`` page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from wikitext.prose import first_sentence, opening_text
from wikitext.variants import NO_CONVERSION, VARIANTS, Variant, convert_text

from .article_view import ArticleView
from .variant_urls import same_page_in

SITE_NAME = "siberia"
# Said of every page that has no lead of its own, in the page's variant.
SITE_DESCRIPTION = "siberia：中文维基百科的条目，可读简体、繁体及各地区的版本，附脚注、参考文献、分类与条目间的链接。"
# About what a search result shows of a Chinese description; a longer first sentence is cut.
DESCRIPTION_LENGTH = 150
X_DEFAULT = "x-default"
# The query parameters that make an address another page (a list's page, a page's history, an old
# revision, a diff, a search): kept in its canonical address; any other (a tracking tag) is not.
PAGE_PARAMETERS = ("page", "action", "oldid", "diff", "search", "fulltext")


@dataclass(frozen=True)
class Alternate:
    hreflang: str
    url: str


@dataclass(frozen=True)
class PageHead:
    title: str
    description: str
    url: str  # absolute: the canonical address, or the address asked when the page has no variants
    og_type: str  # "article" or "website"
    locale: str  # Open Graph's language_TERRITORY
    canonical: str = ""  # only for pages that have variants
    alternates: tuple[Alternate, ...] = ()
    site_name: str = SITE_NAME


def page_head(
    request: HttpRequest, variant: Variant = NO_CONVERSION, *, has_variants: bool, title: str = "", article=None
) -> PageHead:
    """The head of the page answering ``request``: for an article (its ``ArticleView``) from its lead."""
    if isinstance(article, ArticleView):
        title = article.title
        description = lead_sentence(article.lead_html) or _generic(title, variant)
        og_type = "article"
    else:
        description, og_type = _generic(title, variant), "website"
    if has_variants:
        canonical = request.build_absolute_uri(_address_in(request, variant))
        alternates = tuple(variant_alternates(request))
    else:
        canonical, alternates = "", ()
    return PageHead(
        title=title or SITE_NAME,
        description=description,
        url=canonical or request.build_absolute_uri(request.path),
        og_type=og_type,
        locale=open_graph_locale(variant),
        canonical=canonical,
        alternates=alternates,
    )


def variant_alternates(request: HttpRequest):
    """The page in every variant under its language tag, then ``x-default``: the unconverted page."""
    for variant in VARIANTS:
        yield Alternate(variant.html_lang, request.build_absolute_uri(_address_in(request, variant)))
    yield Alternate(X_DEFAULT, request.build_absolute_uri(_address_in(request, NO_CONVERSION)))


def _address_in(request: HttpRequest, variant: Variant) -> str:
    """This page's address in ``variant``, with only the parameters that make it another page."""
    path = same_page_in(request, variant).partition("?")[0]
    kept = request.GET.copy()
    for name in list(kept):
        if name not in PAGE_PARAMETERS:
            del kept[name]
    query = kept.urlencode()
    return f"{path}?{query}" if query else path


def _generic(title: str, variant: Variant) -> str:
    described = convert_text(SITE_DESCRIPTION, variant)
    return f"{title}｜{described}" if title else described


def open_graph_locale(variant: Variant) -> str:
    """Open Graph's ``language_TERRITORY`` from the variant's language tag: zh-Hant-TW → zh_TW; zh-Hans → zh."""
    language, *subtags = variant.html_lang.split("-")
    regions = [subtag for subtag in subtags if len(subtag) == 2 and subtag.isalpha()]
    return f"{language}_{regions[0].upper()}" if regions else language


def lead_sentence(lead_html: str, length: int = DESCRIPTION_LENGTH) -> str:
    """The first sentence of the words a lead opens with (``wikitext.prose``), at most ``length`` characters."""
    return first_sentence(opening_text(lead_html), length)
