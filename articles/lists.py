"""Lists of titles (a category, all pages, what links here): each shown in the variant, linked in it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wikitext.variants import NO_CONVERSION, Variant, convert_text

from .variant_urls import page_url


@dataclass(frozen=True)
class TitleLink:
    """A title in a list (a category, all pages, what links here): shown converted, linked in the variant."""

    title: str
    url: str


def titles_in(titles: Iterable[str], variant: Variant = NO_CONVERSION) -> tuple[TitleLink, ...]:
    return tuple(TitleLink(title=convert_text(title, variant), url=page_url(title, variant)) for title in titles)
