"""A page as the parser gives it: frozen dataclasses, the same for a file, a revision or a fixture."""

from __future__ import annotations

from dataclasses import dataclass, field

from .events import Event

# What a section is: running text, the related entries (相關條目), or where the citation list stands.
TEXT = "text"
RELATED = "related"
REFERENCES = "references"
SECTION_KINDS = (TEXT, RELATED, REFERENCES)


class ParseError(ValueError):
    """The text cannot be a page: the message says why."""


@dataclass(frozen=True)
class Wikilink:
    text: str
    target: str
    kind: str  # PAGE (in the corpus) or OUTSIDE (zh.wikipedia)


@dataclass(frozen=True)
class FootnoteMarker:
    number: int
    section: int  # 0 is the lead, i + 1 is sections[i]
    occurrence: int  # 0 for the number's first use on the page, then 1, 2 …


@dataclass(frozen=True)
class ParsedReference:
    number: int
    source: str
    urls: tuple[str, ...] = ()
    links: tuple[Wikilink, ...] = ()


@dataclass(frozen=True)
class RelatedEntry:
    title: str
    target: str
    kind: str


@dataclass(frozen=True)
class ParsedSection:
    level: int
    heading: str
    anchor: str
    source: str
    kind: str = TEXT


@dataclass(frozen=True)
class PageTokens:
    """The page's one reading (``wikitext.events``), cut into the parts the renderer needs."""

    lead: tuple[Event, ...]
    headings: tuple[tuple[Event, ...], ...]  # the inline events of each section's heading
    bodies: tuple[tuple[Event, ...], ...]
    references: tuple[tuple[Event, ...], ...]  # in the order of ParsedPage.references


@dataclass(frozen=True)
class ParsedPage:
    title: str
    lead: str
    sections: tuple[ParsedSection, ...] = ()
    markers: tuple[FootnoteMarker, ...] = ()
    references: tuple[ParsedReference, ...] = ()
    related: tuple[RelatedEntry, ...] = ()
    categories: tuple[str, ...] = ()
    links: tuple[Wikilink, ...] = ()
    # Kept so that importing renders without parsing again; not part of the page's data.
    tokens: PageTokens | None = field(default=None, compare=False, repr=False)

    @property
    def missing_references(self) -> tuple[int, ...]:
        """Marker numbers that no reference answers, each once, in order of use."""
        known = {reference.number for reference in self.references}
        missing: dict[int, None] = {}
        for marker in self.markers:
            if marker.number not in known:
                missing[marker.number] = None
        return tuple(missing)
