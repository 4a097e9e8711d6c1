"""Shape an article for the page: stored fragments, converted and with links resolved.

The expensive part (variant conversion of every fragment) is cached under a key
naming the article's version and the variant; resolving wikilinks costs one
query per request, so a page imported later turns links local at once.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.core.cache import cache
from django.utils.html import strip_tags

from wikitext import citations
from wikitext.derivation import DERIVATION_VERSION, PreparedPage, prepare_page
from wikitext.page import REFERENCES
from wikitext.parsing import parse_page
from wikitext.titles import category_title, outside_url, title_key
from wikitext.variants import NO_CONVERSION, Variant, convert_html, convert_text
from wikitext.wikilinks import resolve_wikilinks, targets_in

from .models import Article, RelatedEntry, Revision
from .variant_urls import local_url_in, page_url


@dataclass(frozen=True)
class TocEntry:
    number: str
    level: int
    anchor: str
    text_html: str


@dataclass(frozen=True)
class SectionView:
    level: int
    anchor: str
    heading_html: str
    html: str
    kind: str

    @property
    def heading_tag(self) -> str:
        return f"h{min(max(self.level, 2), 6)}"


@dataclass(frozen=True)
class ReferenceView:
    number: int
    anchor: str
    html: str
    backlinks: tuple[tuple[str, str], ...]
    url: str = ""


@dataclass(frozen=True)
class RelatedView:
    """One line of 相關條目: its text in the variant, its target as written, where it points."""

    title: str
    target: str
    url: str


@dataclass(frozen=True)
class CategoryView:
    name: str
    url: str


@dataclass(frozen=True)
class ArticleView:
    title: str
    url: str
    lead_html: str
    sections: tuple[SectionView, ...]
    references: tuple[ReferenceView, ...]
    categories: tuple[CategoryView, ...]
    toc: tuple[TocEntry, ...] = field(default=())
    variant: Variant = NO_CONVERSION
    related: tuple[RelatedView, ...] = field(default=())
    links: tuple[str, ...] = field(default=())  # every wikilink target, sorted

    @property
    def references_have_section(self) -> bool:
        return any(section.kind == REFERENCES for section in self.sections)


def build_article_view(article: Article, variant: Variant = NO_CONVERSION) -> ArticleView:
    """Everything the page shows, converted to ``variant``; needs ``with_content()``."""
    return _view(
        article.title,
        article.lead_html,
        [(s.level, s.anchor, s.heading_html, s.html, s.kind) for s in article.sections.all()],
        [(r.number, r.anchor, r.html, tuple(r.backlinks()), r.url) for r in article.references.all()],
        [c.name for c in article.categories.all()],
        [(r.title, r.target) for r in article.related_entries.all()],
        variant,
    )


def build_revision_view(title: str, page: PreparedPage, variant: Variant = NO_CONVERSION) -> ArticleView:
    """An old revision as its page showed it: derived from that revision's text, not from today's rows."""
    derived = page.derived
    sections = [
        (s.level, s.anchor, heading_html, html, s.kind)
        for s, heading_html, html in zip(page.parsed.sections, derived.heading_html, derived.section_html, strict=True)
    ]
    references = []
    for done in derived.references:
        anchor, backlinks = citations.note_id(done.number), tuple(citations.backlinks(done.number, done.uses))
        references.append((done.number, anchor, done.html, backlinks, done.url))
    return _view(
        title,
        derived.lead_html,
        sections,
        references,
        sorted(dict.fromkeys(page.parsed.categories)),
        [RelatedEntry.stored(entry) for entry in derived.related],
        variant,
    )


def _view(title, lead_html, sections, references, categories, related, variant) -> ArticleView:
    section_views = tuple(
        SectionView(
            level=level,
            anchor=anchor,
            heading_html=convert_html(heading_html, variant),
            html=convert_html(html, variant),
            kind=kind,
        )
        for level, anchor, heading_html, html, kind in sections
    )
    reference_views = tuple(
        ReferenceView(number=number, anchor=anchor, html=convert_html(html, variant), backlinks=backlinks, url=url)
        for number, anchor, html, backlinks, url in references
    )
    category_views = tuple(
        CategoryView(name=convert_text(name, variant), url=page_url(category_title(name), variant))
        for name in categories
    )
    related_views = tuple(
        RelatedView(title=convert_text(text, variant), target=target, url=outside_url(target))
        for text, target in related
    )
    lead = convert_html(lead_html, variant)
    fragments = [lead]
    for section in section_views:
        fragments += [section.heading_html, section.html]
    fragments += [reference.html for reference in reference_views]
    return ArticleView(
        title=convert_text(title, variant),
        url=page_url(title, variant),
        lead_html=lead,
        sections=section_views,
        references=reference_views,
        categories=category_views,
        toc=table_of_contents(section_views),
        variant=variant,
        related=related_views,
        links=tuple(sorted(targets_in(fragments) | {r.target for r in related_views})),
    )


def cached_article_view(article: Article, variant: Variant = NO_CONVERSION) -> ArticleView:
    """The view from the cache; on a miss, fetched with its content in a fixed number of queries."""
    key = f"article-view:{article.pk}:{article.version}:{variant.code}"
    view = cache.get(key)
    if view is None:
        view = build_article_view(Article.objects.with_content().get(pk=article.pk), variant)
        cache.set(key, view)
    return view


# A heading's own links would nest inside the contents' link to it.
_ANCHOR_TAG = re.compile(r"</?a\b[^>]*>")
# A heading's footnote marker stays out of the contents, as on MediaWiki (and its id must not repeat).
_REFERENCE_MARKER = re.compile(r'<sup\b[^>]*\bclass="reference"[^>]*>.*?</sup>')


def heading_text(section: SectionView) -> str:
    """A heading's words as plain text, without its footnote markers (an edit summary's ``/* … */``)."""
    return html.unescape(strip_tags(_REFERENCE_MARKER.sub("", section.heading_html))).strip()


def table_of_contents(sections: tuple[SectionView, ...]) -> tuple[TocEntry, ...]:
    """MediaWiki's numbered contents (1, 1.1, 2 …); shown for two headings or more."""
    if len(sections) < 2:
        return ()
    counters: list[int] = []
    levels: list[int] = []
    entries = []
    for section in sections:
        while levels and levels[-1] > section.level:
            levels.pop()
            counters.pop()
        if levels and levels[-1] == section.level:
            counters[-1] += 1
        else:
            levels.append(section.level)
            counters.append(1)
        entries.append(
            TocEntry(
                number=".".join(map(str, counters)),
                level=len(levels),
                anchor=section.anchor,
                text_html=_ANCHOR_TAG.sub("", _REFERENCE_MARKER.sub("", section.heading_html)),
            )
        )
    return tuple(entries)


def with_links_resolved(view: ArticleView, local_url: Callable[[str], str]) -> ArticleView:
    """Point every wikilink of the view at a local page when one answers its title (one query).

    ``local_url(title)`` is the address of a local page: ``/zh-tw/<title>`` keeps
    a reader in the variant of the page they are on.
    """
    keys = {target: title_key(target) for target in view.links}
    found = Article.objects.titles_for_keys(keys.values()) if keys else {}
    local = {target: found[key] for target, key in keys.items() if key in found}

    def resolve(fragment: str) -> str:
        return resolve_wikilinks(fragment, local, local_url) if "data-target" in fragment else fragment

    return replace(
        view,
        lead_html=resolve(view.lead_html),
        sections=tuple(replace(s, heading_html=resolve(s.heading_html), html=resolve(s.html)) for s in view.sections),
        references=tuple(replace(r, html=resolve(r.html)) for r in view.references),
        toc=tuple(replace(t, text_html=resolve(t.text_html)) for t in view.toc),
        related=tuple(replace(r, url=local_url(local[r.target])) if r.target in local else r for r in view.related),
    )


def article_page(article: Article, variant: Variant = NO_CONVERSION) -> ArticleView:
    """The article as its page in ``variant`` shows it, local wikilinks staying in that variant."""
    return with_links_resolved(cached_article_view(article, variant), local_url_in(variant))


def revision_page(article: Article, revision: Revision, variant: Variant = NO_CONVERSION) -> ArticleView:
    """An old revision of the article in ``variant``: parsed from its text once, then cached (it never changes)."""
    key = f"revision-view:{revision.pk}:{DERIVATION_VERSION}:{variant.code}"
    view = cache.get(key)
    if view is None:
        page = prepare_page(parse_page(revision.text, article.title), revision.text)
        view = build_revision_view(article.title, page, variant)
        cache.set(key, view)
    return with_links_resolved(view, local_url_in(variant))


def preview_page(title: str, text: str, variant: Variant = NO_CONVERSION) -> ArticleView:
    """A text not saved yet, as its page would show it: derived and sanitised as a saved revision is."""
    page = prepare_page(parse_page(text, title), text)
    return with_links_resolved(build_revision_view(title, page, variant), local_url_in(variant))
