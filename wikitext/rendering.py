"""Turn a page's Markdown into the HTML fragments we store.

The output is sanitised and marks each wikilink with its target title (``data-target``) so
that the serving step can point it at a local page or at zh.wikipedia when the page is shown.
The import renders from the page's one reading (``render_parsed``); an editor's sources are
read part by part (``render_page``), with the same result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .citations import marker_id, note_id
from .dialect import read
from .events import Event
from .headings import parse_heading
from .html_writer import write_html
from .page import ParsedPage
from .parsing import markers_in
from .sanitizing import clean_html


@dataclass
class FootnoteState:
    """What the footnote markers of one page need to get MediaWiki's ids."""

    counts: dict[int, int]  # uses of each number on the whole page
    known: frozenset[int]  # numbers that have a reference
    seen: dict[int, int]

    @classmethod
    def for_page(cls, marker_numbers: Sequence[int], reference_numbers: Sequence[int]) -> FootnoteState:
        counts: dict[int, int] = {}
        for number in marker_numbers:
            counts[number] = counts.get(number, 0) + 1
        return cls(counts=counts, known=frozenset(reference_numbers), seen={})


def _linked_marker(number: int, state: FootnoteState | None) -> str | None:
    """A marker linked to its reference, with MediaWiki's id; None where the page has no reference ``number``."""
    if state is None or number not in state.known:
        return None
    occurrence = state.seen.get(number, 0)
    state.seen[number] = occurrence + 1
    ident = marker_id(number, occurrence, state.counts.get(number, 1))
    return f'<sup class="reference" id="{ident}"><a href="#{note_id(number)}">[{number}]</a></sup>'


def _html(events: Sequence[Event], footnotes: FootnoteState | None) -> str:
    if not events:
        return ""
    return clean_html(write_html(events, lambda number: _linked_marker(number, footnotes))).strip()


def _unwrap_paragraph(rendered: str) -> str:
    # A reference is a list item's text: a lone paragraph needs no <p>.
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        return rendered[3:-4]
    return rendered


def render_block(source: str, footnotes: FootnoteState | None = None) -> str:
    """One block of Markdown (a lead, a section body) as clean HTML."""
    return _html(read(source).events, footnotes) if source.strip() else ""


@dataclass(frozen=True)
class RenderedPage:
    lead: str
    headings: tuple[str, ...]
    sections: tuple[str, ...]
    references: dict[int, str]
    marker_counts: dict[int, int]


def render_parsed(parsed: ParsedPage) -> RenderedPage:
    """Render a page from its own parse: no Markdown is parsed again (the import's path)."""
    parts = parsed.tokens
    if parts is None:
        raise ValueError("the page was not parsed by parse_page")
    return _render_parts(
        parts.lead,
        list(zip(parts.headings, parts.bodies, strict=True)),
        [(reference.number, events) for reference, events in zip(parsed.references, parts.references, strict=True)],
        [marker.number for marker in parsed.markers],
    )


def render_page(
    lead: str,
    sections: Sequence[tuple[str, str]],
    references: Sequence[tuple[int, str]],
) -> RenderedPage:
    """Render a page from the sources of its parts: ``sections`` holds (heading source, body source) pairs.

    Each part is parsed on its own; a page's parts render as the page's one parse does (tested
    over the corpus), so the renderer's rules can be tested on a few parts at a time.
    """
    lead_events = read(lead).events
    headings = [parse_heading(heading) for heading, _ in sections]
    bodies = [read(body).events for _, body in sections]
    numbers = {number for number, _ in references}
    # A heading's markers count with its section, before the section's text (as parse_page counts them).
    pairs = list(zip(headings, bodies, strict=True))
    parts = [lead_events, *((*heading, *body) for heading, body in pairs)]
    return _render_parts(
        lead_events,
        pairs,
        [(number, read(source).events) for number, source in references],
        [marker.number for marker in markers_in(parts, numbers)],
    )


def _render_parts(
    lead: Sequence[Event],
    sections: Sequence[tuple[Sequence[Event], Sequence[Event]]],
    references: Sequence[tuple[int, Sequence[Event]]],
    marker_numbers: Sequence[int],
) -> RenderedPage:
    # One footnote state for the whole page: ids count a number's uses across sections.
    footnotes = FootnoteState.for_page(marker_numbers, [number for number, _ in references])
    lead_html = _html(lead, footnotes)
    headings, bodies = [], []
    for heading, body in sections:
        headings.append(_html(heading, footnotes))
        bodies.append(_html(body, footnotes))
    return RenderedPage(
        lead=lead_html,
        headings=tuple(headings),
        sections=tuple(bodies),
        references={number: _unwrap_paragraph(_html(events, None)) for number, events in references},
        marker_counts=dict(footnotes.counts),
    )
