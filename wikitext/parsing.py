"""Read one page of the corpus into plain data.

``parse_page(text, title)`` knows Markdown and nothing of Django: it splits the
page into its lead and sections, finds the footnote markers, the reference list
pandoc writes at the end, the related entries, the categories and every
wikilink. Rendering is a separate step (``wikitext.rendering``), from the same tokens.
"""

from __future__ import annotations

import gc
import re
import threading
import unicodedata
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from markdown_it.token import Token

from .dialect import MARKDOWN
from .headings import REFERENCE_HEADINGS, RELATED_HEADINGS, Anchors, heading_text, heading_words
from .hrefs import FIGURE_TITLE_PREFIX, WIKILINK_TITLE, wikilink_of
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
from .titles import CATEGORY_PREFIX_PATTERN, category_name, normalize_title

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

# Lines that MediaWiki templates and tags leave behind and that carry no text.
_LEFTOVER_LINE = re.compile(r"^\s*(\{\{-\}\}|<references\b[^>]*/?>|</references>)\s*$", re.IGNORECASE)
# A category link exactly as pandoc writes it: link text naming the category, a
# destination (where ``\)`` may stand for a bracket) and the "wikilink" title. The name
# holds no "[" (no title can): so each "[Category:" is read only up to the next bracket,
# and a page of thousands of them left open is not read to its end for each.
_CATEGORY_LINK = re.compile(
    r"\[" + CATEGORY_PREFIX_PATTERN + r"(?P<name>[^\[\]]*)\]\((?:[^()\s\\]|\\.)*\s+\"wikilink\"\)[ \t]*"
)

_md = MARKDOWN


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
    tokens = _md.parse("\n".join(lines))
    reference_index, references, reference_tokens = _reference_list(tokens, lines)
    if reference_index is not None:
        # Token.map is optional, but a block token always has one (this one was picked for it).
        lines = lines[: tokens[reference_index].map[0]]  # type: ignore[index]
        tokens = tokens[:reference_index]
    # Categories go from the sources; the parse already dropped their links.
    # The substitution keeps every line, so the tokens' line maps still hold.
    lines = _CATEGORY_LINK.sub("", "\n".join(lines)).split("\n")
    if not "\n".join(lines).strip() and not references:
        raise ParseError("the page has no text")

    lead, sections, parts = _sections(tokens, lines)
    sections = _mark_reference_section(sections, has_references=bool(references))
    parts = PageTokens(lead=parts.lead, headings=parts.headings, bodies=parts.bodies, references=reference_tokens)
    return _assemble(title, lead, sections, references, categories, parts)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def _reference_list(
    tokens: list[Token], lines: list[str]
) -> tuple[int | None, list[ParsedReference], tuple[tuple[Token, ...], ...]]:
    """The numbered list pandoc writes at the end of a page for its <references/>.

    It is the last block of the page (categories and leftovers removed) and the
    page must have footnote markers: escaped ones, or plain ``[n]`` in raw HTML
    that name one of the list's numbers. A page that merely ends with a
    numbered list keeps it as text. Returns the index of its first token, the
    references, and each reference's tokens.
    """
    top = [i for i, t in enumerate(tokens) if t.level == 0 and t.nesting >= 0 and t.map is not None]
    while top and _is_category_paragraph(tokens, top[-1]):
        top.pop()
    if not top or tokens[top[-1]].type != "ordered_list_open":
        return None, [], ()
    escaped_markers = any(_has_marker(t) for t in tokens if t.type == "inline")
    if not escaped_markers and not any(t.type == "html_block" and "[" in t.content for t in tokens):
        return None, [], ()
    index = top[-1]
    references: list[ParsedReference] = []
    item_tokens: list[tuple[Token, ...]] = []
    expected = int(tokens[index].attrGet("start") or 1)
    seen: set[int] = set()
    item_start = None
    for i in range(index, len(tokens)):
        token = tokens[i]
        if token.type == "list_item_open" and token.level == 1:
            item_start = i
        elif token.type == "list_item_close" and token.level == 1 and item_start is not None:
            opening = tokens[item_start]
            number = int(opening.info) if opening.info.isdigit() else expected
            if number in seen:  # a list that restarts its numbering: keep numbers unique
                number = max(seen) + 1
            seen.add(number)
            expected = number + 1
            inner = tuple(tokens[item_start + 1 : i])
            # Token.map is optional, but a list item, a block token, always has one.
            source = _item_source(lines[opening.map[0] : opening.map[1]])  # type: ignore[index]
            references.append(
                ParsedReference(number=number, source=source, urls=tuple(_urls(inner)), links=tuple(_wikilinks(inner)))
            )
            item_tokens.append(inner)
        elif token.type == "ordered_list_close" and token.level == 0:
            break
    if not escaped_markers:
        numbers = {reference.number for reference in references}
        raw = (n for t in tokens[:index] if t.type == "html_block" for n in raw_markers(t.content))
        if not any(number in numbers for number in raw):
            return None, [], ()
    return index, references, tuple(item_tokens)


def _is_category_paragraph(tokens: list[Token], index: int) -> bool:
    if tokens[index].type != "paragraph_open":
        return False
    return not _CATEGORY_LINK.sub("", tokens[index + 1].content).strip()


def _has_marker(inline: Token) -> bool:
    return any(child.type == "footnote_marker" for child in inline.children or [])


def _item_source(item_lines: list[str]) -> str:
    first, *rest = item_lines
    marker = re.match(r"\s*\d+[.)]\s*", first)
    head = first[marker.end() :] if marker else first.strip()
    body = [head, *(line.strip() for line in rest)]
    return "\n".join(body).strip()


def _sections(tokens: list[Token], lines: list[str]) -> tuple[str, list[ParsedSection], PageTokens]:
    headings = [i for i, t in enumerate(tokens) if t.type == "heading_open" and t.level == 0 and t.map is not None]
    if not headings:
        return "\n".join(lines).strip(), [], PageTokens(tuple(tokens), (), (), ())
    # Token.map is optional, but a block token always has one (these headings were picked for it):
    # hence the ignores on indexing a heading's map, here and below.
    lead = "\n".join(lines[: tokens[headings[0]].map[0]]).strip()  # type: ignore[index]
    anchors = Anchors()
    sections, inlines, bodies = [], [], []
    for n, i in enumerate(headings):
        token, inline = tokens[i], tokens[i + 1]
        next_heading = headings[n + 1] if n + 1 < len(headings) else None
        body_end = tokens[next_heading].map[0] if next_heading is not None else len(lines)  # type: ignore[index]
        words = heading_words(inline)
        sections.append(
            ParsedSection(
                level=int(token.tag[1]),
                heading=inline.content.strip(),
                anchor=anchors.add(words),
                source="\n".join(lines[token.map[1] : body_end]).strip("\n").rstrip(),  # type: ignore[index]
                kind=RELATED if words in RELATED_HEADINGS else TEXT,
            )
        )
        inlines.append(inline)
        bodies.append(tuple(tokens[i + 3 : next_heading if next_heading is not None else len(tokens)]))
    return lead, sections, PageTokens(tuple(tokens[: headings[0]]), tuple(inlines), tuple(bodies), ())


def _mark_reference_section(sections: list[ParsedSection], *, has_references: bool) -> list[ParsedSection]:
    """The citation list stands under the last references heading, as <references/> did."""
    if not has_references:
        return sections
    for i in range(len(sections) - 1, -1, -1):
        if heading_text(sections[i].heading) in REFERENCE_HEADINGS:
            chosen = sections[i]
            sections = list(sections)
            sections[i] = ParsedSection(chosen.level, chosen.heading, chosen.anchor, chosen.source, REFERENCES)
            return sections
    return sections


def markers_in(parts: Iterable[Iterable[Token]], references: Collection[int] = ()) -> list[FootnoteMarker]:
    """Every footnote marker in reading order; ``section`` is the index of its part.

    A plain ``[n]`` in raw HTML counts only where the page has reference n: a
    table may hold bracketed numbers of its own.
    """
    seen: dict[int, int] = {}
    markers = []
    for index, part in enumerate(parts):
        for token in part:
            if token.type == "html_block":
                numbers = [number for number in raw_markers(token.content) if number in references]
            else:
                numbers = [child.meta["number"] for child in token.children or [] if child.type == "footnote_marker"]
            for number in numbers:
                occurrence = seen.get(number, 0)
                seen[number] = occurrence + 1
                markers.append(FootnoteMarker(number, index, occurrence))
    return markers


def _walk_links(tokens: Iterable[Token]) -> Iterator[tuple[Token, str]]:
    """Each link_open token with the text that stands inside it."""
    for token in tokens:
        children = token.children or []
        count = len(children)
        for i, child in enumerate(children):
            if child.type != "link_open":
                continue
            # By index, not over a slice: a copy of the rest of the line for each of its
            # links made a paragraph of many links quadratic.
            text = []
            j = i + 1
            while j < count and children[j].type != "link_close":
                if children[j].type in ("text", "code_inline"):
                    text.append(children[j].content)
                j += 1
            yield child, "".join(text)


def _wikilinks(tokens: Iterable[Token]) -> list[Wikilink]:
    links = []
    for link, text in _walk_links(tokens):
        classified = wikilink_of(link)
        if classified is None:
            continue
        kind, target = classified
        if category_name(target) is not None:
            continue
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
    """The page with what its tokens hold: markers, wikilinks and related entries, in reading order."""
    headings = [(heading,) if heading is not None else () for heading in parts.headings]
    link_parts = [parts.lead, *(part for pair in zip(headings, parts.bodies, strict=True) for part in pair)]
    links = [link for part in link_parts for link in _wikilinks(part)]
    links += [link for reference in references for link in reference.links]
    # A heading's markers (``## 規則\[4\]``) count with its section, before the section's text.
    marker_parts = [parts.lead, *((*heading, *body) for heading, body in zip(headings, parts.bodies, strict=True))]
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


def _urls(tokens: Iterable[Token]) -> list[str]:
    urls = []
    for link, _text in _walk_links(tokens):
        title = str(link.attrGet("title") or "")
        href = str(link.attrGet("href") or "")
        if title == WIKILINK_TITLE or title.startswith(FIGURE_TITLE_PREFIX):
            continue
        if href.startswith(("http://", "https://")):
            urls.append(href)
    return urls


def _related_in(tokens: Iterable[Token]) -> list[RelatedEntry]:
    entries = []
    for token in tokens:
        if token.type != "inline":
            continue
        for link in _wikilinks([token])[:1]:
            entries.append(RelatedEntry(title=link.text or link.target, target=link.target, kind=link.kind))
    return entries
