"""Read one page of the corpus into plain data.

``parse_page(text, title)`` knows Markdown and nothing of Django: it splits the
page into its lead and sections, finds the footnote markers, the reference list
pandoc writes at the end, the related entries, the categories and every
wikilink. Rendering is a separate step (``wikitext.rendering``), from the same
reading (``wikitext.dialect.read``): a page is read once.
"""

from __future__ import annotations

import gc
import re
import threading
import unicodedata
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from .dialect import read
from .events import BLOCK_TAGS, CLOSE, CODE, HEADING_TAGS, HTML, MARKER, OPEN, RULE, Event, LinkInfo, lines_of
from .events import TEXT as TEXT_EVENT  # page.TEXT is a kind of section
from .headings import REFERENCE_HEADINGS, RELATED_HEADINGS, Anchors, heading_words
from .hrefs import FIGURE_TITLE_PREFIX, WIKILINK_TITLE
from .markers import raw_markers
from .page import (
    REFERENCES,
    RELATED,
    TEXT,
    FootnoteMarker,
    PageTokens,
    ParsedPage,
    ParsedReference,
    ParsedSection,
    ParseError,
    RelatedEntry,
    Wikilink,
)
from .titles import CATEGORY_PREFIX_PATTERN, normalize_title

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

# Lines that MediaWiki templates and tags leave behind and that carry no text.
# (A clear may carry the row marks of the wikitable it ended: ``{{-}}  |-  |-``.)
_LEFTOVER_LINE = re.compile(r"^\s*(\{\{-\}\}(\s*\|-)*|<references\b[^>]*/?>|</references>)\s*$", re.IGNORECASE)
# A category link exactly as pandoc writes it: link text naming the category, a
# destination (where ``\)`` may stand for a bracket) and the "wikilink" title. The name
# holds no "[" (no title can): so each "[Category:" is read only up to the next bracket,
# and a page of thousands of them left open is not read to its end for each.
_CATEGORY_LINK = re.compile(
    r"\[" + CATEGORY_PREFIX_PATTERN + r"(?P<name>[^\[\]]*)\]\((?:[^()\s\\]|\\.)*\s+\"wikilink\"\)[ \t]*"
)

# An ordered list item's own number, as its first line writes it.
_ITEM_NUMBER = re.compile(r"\s*(\d{1,9})[.)]")
# An ATX heading's marks: the opening run, and a closing run after a space.
_ATX_OPENING = re.compile(r" {0,3}#{1,6}(?:[ \t]+|$)")
_ATX_CLOSING = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")


class _CollectorPause:
    """Python's cycle collector held off while pages are parsed (``with _COLLECTOR_PAUSED:``).

    A parse makes a few hundred thousand tokens for a large page and no reference cycles:
    reference counting frees them all, but the collector, run every few hundred new objects,
    walks the growing heap again and again: a tenth to a quarter of a large page's parse.
    Parses may run in several threads at once: the collector is enabled again when the last
    one ends, if it was enabled when the first began.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._was_enabled = False

    def __enter__(self) -> None:
        with self._lock:
            if self._running == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._running += 1

    def __exit__(self, *exception: object) -> None:
        with self._lock:
            self._running -= 1
            if self._running == 0 and self._was_enabled:
                gc.enable()


_COLLECTOR_PAUSED = _CollectorPause()


def parse_page(text: str, title: str) -> ParsedPage:
    with _COLLECTOR_PAUSED:
        return _parse_page(text, title)


def _parse_page(text: str, title: str) -> ParsedPage:
    title = normalize_title(title)
    if not title:
        raise ParseError("the page has no title")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise ParseError("the file is empty")

    categories = _unique(normalize_title(m.group("name")) for m in _CATEGORY_LINK.finditer(text))
    lines = [line for line in text.split("\n") if not _LEFTOVER_LINE.match(line)]
    reading = read("\n".join(lines))
    events, blocks = reading.events, reading.blocks
    reference_block, references, reference_events = _reference_list(events, blocks, lines)
    if reference_block is not None:
        events = events[: blocks[reference_block][0]]
        lines = lines[: blocks[reference_block][2]]
        blocks = blocks[:reference_block]
    # Categories go from the sources; the reading already dropped their links.
    # The substitution keeps every line, so the blocks' line numbers still hold.
    lines = _CATEGORY_LINK.sub("", "\n".join(lines)).split("\n")
    # A line left with a leftover alone (``{{-}} [Category:…]``) is blank in the stored sources,
    # as it would be were they parsed again: an editor's sources and a file's give the same rows.
    lines = ["" if _LEFTOVER_LINE.match(line) else line for line in lines]
    if not "\n".join(lines).strip() and not references:
        raise ParseError("the page has no text")

    lead, sections, parts = _sections(events, blocks, lines)
    sections = _mark_reference_section(sections, parts.headings, has_references=bool(references))
    parts = PageTokens(lead=parts.lead, headings=parts.headings, bodies=parts.bodies, references=reference_events)
    return _assemble(title, lead, sections, references, categories, parts)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def _reference_list(
    events: Sequence[Event], blocks: Sequence[tuple[int, int, int, int]], lines: list[str]
) -> tuple[int | None, list[ParsedReference], tuple[tuple[Event, ...], ...]]:
    """The numbered list pandoc writes at the end of a page for its <references/>.

    It is the last block of the page (categories and leftovers removed) and the
    page must have footnote markers: escaped ones, or plain ``[n]`` in raw HTML
    that name one of the list's numbers. A page that merely ends with a
    numbered list keeps it as text. Returns the index of its block, the
    references, and each reference's events.
    """
    if not blocks or events[blocks[-1][0]][:2] != (OPEN, "ol"):
        return None, [], ()
    escaped_markers = any(event[0] == MARKER for event in events)
    if not escaped_markers and not any(event[0] == HTML and "[" in event[1] for event in events):
        return None, [], ()
    start, end, _first, _last = blocks[-1]
    references: list[ParsedReference] = []
    item_events: list[tuple[Event, ...]] = []
    expected = int(events[start][2] or 1)
    seen: set[int] = set()
    depth, item_start = 0, start
    for index in range(start + 1, end - 1):
        kind, tag = events[index][0], events[index][1]
        if kind == OPEN and tag in BLOCK_TAGS:
            if depth == 0:
                item_start = index
            depth += 1
        elif kind == CLOSE and tag in BLOCK_TAGS:
            depth -= 1
            if depth:
                continue
            first, last = lines_of(events[item_start])
            own_number = _ITEM_NUMBER.match(lines[first])
            number = int(own_number.group(1)) if own_number else expected
            if number in seen:  # a list that restarts its numbering: keep numbers unique
                number = max(seen) + 1
            seen.add(number)
            expected = number + 1
            inner = tuple(events[item_start + 1 : index])
            references.append(
                ParsedReference(
                    number=number,
                    source=_item_source(lines[first:last]),
                    urls=tuple(_urls(inner)),
                    links=tuple(_wikilinks(inner)),
                )
            )
            item_events.append(inner)
    if not escaped_markers:
        numbers = {reference.number for reference in references}
        raw = (n for event in events[:start] if event[0] == HTML for n in raw_markers(event[1]))
        if not any(number in numbers for number in raw):
            return None, [], ()
    return len(blocks) - 1, references, tuple(item_events)


def _item_source(item_lines: list[str]) -> str:
    first, *rest = item_lines
    marker = re.match(r"\s*\d+[.)]\s*", first)
    head = first[marker.end() :] if marker else first.strip()
    body = [head, *(line.strip() for line in rest)]
    return "\n".join(body).strip()


def _sections(
    events: Sequence[Event], blocks: Sequence[tuple[int, int, int, int]], lines: list[str]
) -> tuple[str, list[ParsedSection], PageTokens]:
    headings = [block for block in blocks if events[block[0]][1] in HEADING_TAGS and events[block[0]][0] == OPEN]
    if not headings:
        return "\n".join(lines).strip(), [], PageTokens(tuple(events), (), (), ())
    lead = "\n".join(lines[: headings[0][2]]).strip()
    anchors = Anchors()
    sections, inlines, bodies = [], [], []
    for n, (start, end, first, last) in enumerate(headings):
        following = headings[n + 1] if n + 1 < len(headings) else None
        body_end = following[2] if following is not None else len(lines)
        inline = tuple(events[start + 1 : end - 1])
        words = heading_words(inline)
        sections.append(
            ParsedSection(
                level=int(events[start][1][1]),
                heading=_heading_source(lines[first:last]),
                anchor=anchors.add(words),
                source="\n".join(lines[last:body_end]).strip("\n").rstrip(),
                kind=RELATED if words in RELATED_HEADINGS else TEXT,
            )
        )
        inlines.append(inline)
        bodies.append(tuple(events[end : following[0] if following is not None else len(events)]))
    return lead, sections, PageTokens(tuple(events[: headings[0][0]]), tuple(inlines), tuple(bodies), ())


def _heading_source(heading_lines: list[str]) -> str:
    """A heading's inline Markdown: an ATX heading without its marks, a setext one without its underline."""
    first = heading_lines[0]
    opening = _ATX_OPENING.match(first)
    if opening is not None:
        return _ATX_CLOSING.sub("", first[opening.end() :].rstrip()).strip()
    return "\n".join(line.strip() for line in heading_lines[:-1]).strip()


def _mark_reference_section(
    sections: list[ParsedSection], headings: Sequence[Sequence[Event]], *, has_references: bool
) -> list[ParsedSection]:
    """The citation list stands under the last references heading, as <references/> did.

    The headings' words come from the page's one reading (``headings``: each section's inline events)."""
    if not has_references:
        return sections
    for i in range(len(sections) - 1, -1, -1):
        if heading_words(headings[i]) in REFERENCE_HEADINGS:
            chosen = sections[i]
            sections = list(sections)
            sections[i] = ParsedSection(chosen.level, chosen.heading, chosen.anchor, chosen.source, REFERENCES)
            return sections
    return sections


def markers_in(parts: Iterable[Iterable[Event]], references: Collection[int] = ()) -> list[FootnoteMarker]:
    """Every footnote marker in reading order; ``section`` is the index of its part.

    A plain ``[n]`` in raw HTML counts only where the page has reference n: a
    table may hold bracketed numbers of its own.
    """
    seen: dict[int, int] = {}
    markers = []
    for index, part in enumerate(parts):
        for kind, value, _detail, _lines in part:
            if kind == MARKER:
                numbers = [value]
            elif kind == HTML:
                numbers = [number for number in raw_markers(value) if number in references]
            else:
                continue
            for number in numbers:
                occurrence = seen.get(number, 0)
                seen[number] = occurrence + 1
                markers.append(FootnoteMarker(number, index, occurrence))
    return markers


def _walk_links(events: Sequence[Event]) -> Iterator[tuple[LinkInfo, str]]:
    """Each link with the text that stands inside it."""
    count = len(events)
    for index in range(count):
        kind, tag, link, _lines = events[index]
        if kind != OPEN or tag != "a":
            continue
        text = []
        following = index + 1
        while following < count and events[following][:2] != (CLOSE, "a"):
            if events[following][0] in (TEXT_EVENT, CODE):
                text.append(events[following][1])
            following += 1
        yield link, "".join(text)


def _wikilinks(events: Sequence[Event]) -> list[Wikilink]:
    links = []
    for link, text in _walk_links(events):
        if link.wikilink is None:
            continue
        kind, target = link.wikilink  # the reading left out category links: the bar shows them
        links.append(Wikilink(text=text, target=target, kind=kind))
    return links


def _assemble(
    title: str,
    lead: str,
    sections: Sequence[ParsedSection],
    references: Sequence[ParsedReference],
    categories: Sequence[str],
    parts: PageTokens,
) -> ParsedPage:
    """The page with what its events hold: markers, wikilinks and related entries, in reading order."""
    link_parts = [parts.lead, *(part for pair in zip(parts.headings, parts.bodies, strict=True) for part in pair)]
    links = [link for part in link_parts for link in _wikilinks(part)]
    links += [link for reference in references for link in reference.links]
    # A heading's markers (``## 規則\[4\]``) count with its section, before the section's text.
    marker_parts = [
        parts.lead,
        *((*heading, *body) for heading, body in zip(parts.headings, parts.bodies, strict=True)),
    ]
    return ParsedPage(
        title=title,
        lead=lead,
        sections=tuple(sections),
        markers=tuple(markers_in(marker_parts, {reference.number for reference in references})),
        references=tuple(references),
        related=tuple(
            entry
            for section, body in zip(sections, parts.bodies, strict=True)
            if section.kind == RELATED
            for entry in _related_in(body)
        ),
        categories=tuple(categories),
        links=tuple(links),
        tokens=parts,
    )


def _urls(events: Sequence[Event]) -> list[str]:
    urls = []
    for link, _text in _walk_links(events):
        if link.title == WIKILINK_TITLE or link.title.startswith(FIGURE_TITLE_PREFIX):
            continue
        if link.href.startswith(("http://", "https://")):
            urls.append(link.href)
    return urls


def _inline_runs(events: Sequence[Event]) -> Iterator[Sequence[Event]]:
    """The words of each block (a paragraph, a heading, a cell, a tight list item's words), in order."""
    start = 0
    for index, (kind, tag, _detail, _lines) in enumerate(events):
        if (kind in (OPEN, CLOSE)) and tag in BLOCK_TAGS or kind in (HTML, RULE):
            if index > start:
                yield events[start:index]
            start = index + 1
    if len(events) > start:
        yield events[start:]


def _related_in(events: Sequence[Event]) -> list[RelatedEntry]:
    entries = []
    for run in _inline_runs(events):
        for link in _wikilinks(run)[:1]:
            entries.append(RelatedEntry(title=link.text or link.target, target=link.target, kind=link.kind))
    return entries


def heading_lines(text: str) -> list[int]:
    """The line (of ``text.split("\\n")``, LF text) where each section's heading starts, as parse_page splits them.

    The same reading as parse_page: leftover lines set aside, the reference list
    and what follows it not a section. Section n of the page (1-based) starts at
    the n-1'th of these; the section editor (section_edit) cuts the raw text there.
    """
    raw = unicodedata.normalize("NFC", text).split("\n")
    kept = [n for n, line in enumerate(raw) if not _LEFTOVER_LINE.match(line)]
    lines = [raw[n] for n in kept]
    with _COLLECTOR_PAUSED:
        reading = read("\n".join(lines))
    events, blocks = reading.events, reading.blocks
    reference_block, _references, _events = _reference_list(events, blocks, lines)
    if reference_block is not None:
        blocks = blocks[:reference_block]
    return [kept[block[2]] for block in blocks if events[block[0]][1] in HEADING_TAGS and events[block[0]][0] == OPEN]
