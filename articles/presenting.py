"""Shape an article for the page: stored fragments, converted and with links resolved.

The expensive part (variant conversion of every fragment) is cached under a key
naming the article's version and the variant; resolving wikilinks costs one
query per request, so a page imported later turns links local at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.core.cache import cache

from .linking import resolve_wikilinks, targets_in
from .models import Article
from .parsing import REFERENCES
from .variants import NO_CONVERSION, convert_html, convert_text, title_key


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

    @property
    def references_have_section(self) -> bool:
        return any(section.kind == REFERENCES for section in self.sections)


def build_article_view(article: Article, variant: str = NO_CONVERSION) -> ArticleView:
    """Everything the page shows, converted to ``variant``; needs ``with_content()``."""
    sections = tuple(
        SectionView(
            level=s.level,
            anchor=s.anchor,
            heading_html=convert_html(s.heading_html, variant),
            html=convert_html(s.html, variant),
            kind=s.kind,
        )
        for s in article.sections.all()
    )
    references = tuple(
        ReferenceView(
            number=r.number,
            anchor=r.anchor,
            html=convert_html(r.html, variant),
            backlinks=tuple(r.backlinks()),
        )
        for r in article.references.all()
    )
    categories = tuple(
        CategoryView(name=convert_text(c.name, variant), url=c.get_absolute_url()) for c in article.categories.all()
    )
    return ArticleView(
        title=convert_text(article.title, variant),
        url=article.get_absolute_url(),
        lead_html=convert_html(article.lead_html, variant),
        sections=sections,
        references=references,
        categories=categories,
        toc=table_of_contents(sections),
    )


def cached_article_view(article: Article, variant: str = NO_CONVERSION) -> ArticleView:
    """The view from the cache; on a miss, fetched with its content in a fixed number of queries."""
    key = f"article-view:{article.pk}:{article.version}:{variant}"
    view = cache.get(key)
    if view is None:
        view = build_article_view(Article.objects.with_content().get(pk=article.pk), variant)
        cache.set(key, view)
    return view


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
                text_html=section.heading_html,
            )
        )
    return tuple(entries)


def with_links_resolved(view: ArticleView, local_url: Callable[[str], str]) -> ArticleView:
    """Point every wikilink of the view at a local page when one answers its title (one query)."""
    fragments = [view.lead_html]
    for section in view.sections:
        fragments += [section.heading_html, section.html]
    fragments += [reference.html for reference in view.references]
    targets = targets_in(fragments)
    keys = {target: title_key(target) for target in targets}
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
    )
