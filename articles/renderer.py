"""Deriving stored pages again from their current revisions: what ``render_articles`` runs.

Each article is rendered in its own transaction (``Article.render``), all or nothing; one
that cannot be rendered is reported and the others go on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from wikitext.titles import normalize_title

from .models import Article

CHUNK = 100  # articles read at a time


class UnknownTitles(LookupError):
    def __init__(self, titles: Iterable[str]):
        self.titles = sorted(titles)
        super().__init__("no article titled " + ", ".join(repr(title) for title in self.titles))


@dataclass(frozen=True)
class Rendered:
    title: str
    error: str = ""  # why it could not be rendered, if it could not


def articles_to_render(titles: Sequence[str] = (), *, every: bool = False) -> list[int]:
    """Ids of the articles to render: those titled, or every one, or by default those an older siberia derived."""
    articles = Article.objects.all() if every or titles else Article.objects.derived_before()
    articles = articles.filter(current_revision__isnull=False)
    if titles:
        wanted = {normalize_title(title) for title in titles}
        articles = articles.filter(title__in=wanted)
        unknown = wanted - set(articles.values_list("title", flat=True))
        if unknown:
            raise UnknownTitles(unknown)
    return list(articles.order_by("pk").values_list("pk", flat=True))


def render_articles(ids: Sequence[int]) -> Iterator[Rendered]:
    """Render each article of ``ids`` from its current revision, in order; one Rendered each."""
    # Ids only up front: the articles themselves are read a chunk at a time.
    for start in range(0, len(ids), CHUNK):
        for article in Article.objects.filter(pk__in=ids[start : start + CHUNK]):
            try:
                article.render()
            except Exception as error:  # one article that cannot be rendered must not stop the others
                yield Rendered(article.title, f"{type(error).__name__}: {error}")
            else:
                yield Rendered(article.title)
