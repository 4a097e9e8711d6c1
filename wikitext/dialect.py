"""The one Markdown dialect of the corpus, read once per page: CommonMark with pipe tables and raw HTML.

pulldown-cmark (through ``pyromark``) reads the page; what it gives is turned here, in one pass,
into this package's own events (``wikitext.events``), with the corpus's own rules applied:

* emphasis opens and closes beside CJK characters (``以**[甲](…)**和``), as pandoc and MediaWiki
  show it bold, though CommonMark's flanking rules would not: a punctuation mark of no use to the
  page is set between a ``*`` run and a CJK character before reading, and taken out again;
* pandoc's escaped footnote markers ``\\[n\\]`` are markers, not text;
* a link whose destination no page may hold (``javascript:``, ``file:``) stays its own text;
* category links go (the category bar shows them), with what removed templates leave in the
  text (``****``, ``（）``, ``]]``), and paragraphs left with nothing to show.

Choosing the parser was a measurement: ``bench/parsers.py`` reads the corpus with each.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyromark

from .events import (
    BLOCK_TAGS,
    CLOSE,
    CODE,
    HARD,
    HTML,
    INLINE_HTML,
    MARKER,
    OPEN,
    RULE,
    SOFT,
    TEXT,
    Event,
    LinkInfo,
    lines_of,
)
from .hrefs import WIKILINK_TITLE, classify_href, normalize_link, validate_link
from .stand_ins import StandIns
from .templates import LEFTOVERS, character_templates, drop_templates
from .titles import category_name

_OPTIONS = pyromark.Options.ENABLE_TABLES

_HEADING_TAGS = {"H1": "h1", "H2": "h2", "H3": "h3", "H4": "h4", "H5": "h5", "H6": "h6"}
_PLAIN_STARTS = {"Paragraph": "p", "Item": "li", "Emphasis": "em", "Strong": "strong", "Strikethrough": "del"}
# Events that carry nothing of their own, made once and shared (tuples are never changed).
_INLINE_TAGS = {"Emphasis": "em", "Strong": "strong", "Strikethrough": "del"}
_INLINE_OPENS: dict[str, Event] = {name: (OPEN, tag, None, None) for name, tag in _INLINE_TAGS.items()}
_INLINE_CLOSES: dict[str, Event] = {name: (CLOSE, tag, None, None) for name, tag in _INLINE_TAGS.items()}
_SOFT_EVENT: Event = (SOFT, "", None, None)
_HARD_EVENT: Event = (HARD, "", None, None)


@dataclass(frozen=True)
class Reading:
    """A text read: its events, and the lines of its top-level blocks.

    ``blocks`` holds, for each top-level block in order, (index of its OPEN event, index after
    its CLOSE event, first line, line after its last). Lines count from 0 in the text as given.
    """

    events: tuple[Event, ...]
    blocks: tuple[tuple[int, int, int, int], ...]


def read(text: str) -> Reading:
    """Read ``text`` (a page, a section, a reference) into events."""
    stand_ins = StandIns(text)
    return _read(stand_ins, stand_ins.protect(text))


def read_inline(source: str) -> tuple[Event, ...]:
    """The inline events of one line of inline Markdown (a heading's words): never a block of its own."""
    stand_ins = StandIns(source)
    if not source.strip():
        return ()
    if not stand_ins.active:  # a heading holding every stand-in: its words as they are
        return ((TEXT, source.strip(), None, None),)
    # Led by the guard, which every text loses, no line can open a list, a quote or an HTML block.
    events = _read(stand_ins, stand_ins.guard + stand_ins.protect(source.strip())).events
    if not events or events[0][:2] != (OPEN, "p"):
        return ()
    return events[1:-1]


def _read(stand_ins: StandIns, protected: str) -> Reading:
    data = protected.encode("utf-8")
    line_ends = [match.end() for match in re.finditer(b"\n", data)]
    events = _Converter(stand_ins, data, line_ends).convert(pyromark.events_with_range(protected, options=_OPTIONS))
    if "{{" in protected:
        events = drop_templates(events)
    return Reading(tuple(events), tuple(_top_blocks(events)))


def _top_blocks(events: list[Event]) -> list[tuple[int, int, int, int]]:
    blocks, depth, start = [], 0, 0
    for index, event in enumerate(events):
        kind = event[0]
        if kind == OPEN and event[1] in BLOCK_TAGS:
            if depth == 0:
                start = index
            depth += 1
        elif kind == CLOSE and event[1] in BLOCK_TAGS:
            depth -= 1
            if depth == 0:
                blocks.append((start, index + 1, *lines_of(events[start])))
        elif depth == 0 and kind in (HTML, RULE):
            blocks.append((index, index + 1, *lines_of(event)))
    return blocks


class _Converter:
    """pyromark's events to ours, in one pass, with the dialect's rules."""

    def __init__(self, stand_ins: StandIns, data: bytes, line_ends: list[int]) -> None:
        self.stand_ins = stand_ins
        self.data = data
        self.line_ends = line_ends
        self.out: list[Event] = []
        self.text: list[str] = []
        self.skip_link = 0  # > 0 while inside a link that goes (a category) or stays text (a bad URL)
        self.paragraph_start = -1
        self.in_code_block = False
        self.table_body = False
        self.head_start = 0
        self.literal_run = False  # inside an autolink, whose words are no Markdown
        self.html_block: list[str] = []
        self.html_lines = (0, 0)

    def lines(self, span: dict[str, int]) -> tuple[int, int]:
        start, end = span["start"], span["end"]
        return bisect_right(self.line_ends, start), bisect_right(self.line_ends, max(start, end - 1)) + 1

    def convert(self, stream: Iterable[tuple[Any, Any]]) -> list[Event]:
        # The hot loop of an import: the commonest events (text, emphasis, a link's end) are
        # handled here, without a call; the rest by the methods below.
        out, text, flush = self.out, self.text, self._flush
        for event, span in stream:
            if self.skip_link:
                self._skipping(event)
                continue
            if event.__class__ is str:
                if text:
                    flush()
                if event == "SoftBreak":
                    out.append(_SOFT_EVENT)
                elif event == "HardBreak":
                    out.append(_HARD_EVENT)
                elif event == "Rule":
                    out.append((RULE, "hr", None, self.lines(span)))
                continue
            ((key, value),) = event.items()
            if key == "Text":
                text.append(self.stand_ins.literal_text(value) if self.in_code_block else value)
            elif key == "Start":
                if text:
                    flush()
                opened = _INLINE_OPENS.get(value) if value.__class__ is str else None
                if opened is None:
                    self._start(value, span)
                else:
                    out.append(opened)
            elif key == "End":
                closed = _INLINE_CLOSES.get(value) if value.__class__ is str else None
                if closed is None:
                    self._end(value)
                else:
                    if text:
                        flush()
                    out.append(closed)
            elif key == "Code":
                if text:
                    flush()
                out.append((CODE, self.stand_ins.literal_text(value), None, None))
            elif key == "Html":
                self.html_block.append(value)
            elif key == "InlineHtml":
                if text:
                    flush()
                out.append((INLINE_HTML, character_templates(self.stand_ins.literal_text(value)), None, None))
            else:  # what the options leave off (footnotes, task lists, math) never comes: kept as text
                text.append(str(value))
        flush()
        return out

    def _flush(self) -> None:
        if not self.text:
            return
        text = "".join(self.text)
        self.text.clear()
        out = self.out
        if self.in_code_block:
            out.append((TEXT, text, None, None))
            return
        stand_ins = self.stand_ins
        if self.literal_run:
            out.append((TEXT, stand_ins.literal_text(text), None, None))
            return
        if stand_ins.active:
            text = text.replace(stand_ins.guard, "")
            if stand_ins.open in text:
                pieces = stand_ins.marker.split(text)
                for index, piece in enumerate(pieces):
                    if index % 2:
                        out.append((MARKER, int(piece), None, None))
                    else:
                        self._text(stand_ins.literal_text(piece))
                return
        self._text(text)

    def _text(self, text: str) -> None:
        if "{{" in text:
            text = character_templates(text)
        if "*" in text or "）" in text or "]]" in text:
            text = LEFTOVERS.sub("", text)
        if text:
            self.out.append((TEXT, text, None, None))

    def _start(self, value: Any, span: dict[str, int]) -> None:
        self._flush()
        out = self.out
        if value.__class__ is str:
            tag = _PLAIN_STARTS.get(value)
            if value == "Paragraph":
                self.paragraph_start = len(out)
                out.append((OPEN, "p", None, self.lines(span)))
            elif value == "Item":
                out.append((OPEN, "li", None, self.lines(span)))
            elif tag is not None:
                out.append((OPEN, tag, None, None))
            elif value == "TableHead":
                self.head_start = len(out)
                out.append((OPEN, "thead", None, None))
                out.append((OPEN, "tr", None, None))
            elif value == "TableRow":
                if not self.table_body:
                    self.table_body = True
                    out.append((OPEN, "tbody", None, None))
                out.append((OPEN, "tr", None, None))
            elif value == "TableCell":
                out.append((OPEN, "td" if self.table_body else "th", None, None))
            elif value == "HtmlBlock":
                self.html_block = []
                self.html_lines = self.lines(span)
            return
        ((key, detail),) = value.items()
        if key == "Heading":
            out.append((OPEN, _HEADING_TAGS[detail["level"]], None, self.lines(span)))
        elif key == "List":
            if detail is None:
                out.append((OPEN, "ul", None, self.lines(span)))
            else:
                out.append((OPEN, "ol", detail, self.lines(span)))
        elif key == "Link" or key == "Image":
            self._link(key, detail, span)
        elif key == "CodeBlock":
            language = detail.get("Fenced", "") if detail.__class__ is dict else ""
            self.in_code_block = True
            out.append((OPEN, "pre", self.stand_ins.literal_text(language).split(" ")[0], self.lines(span)))
        elif key == "BlockQuote":
            out.append((OPEN, "blockquote", None, self.lines(span)))
        elif key == "Table":
            self.table_body = False
            out.append((OPEN, "table", None, self.lines(span)))

    def _link(self, key: str, detail: dict[str, str], span: dict[str, int]) -> None:
        if detail["link_type"] in ("Autolink", "Email"):
            # No escapes inside <…>: its address and words are the page's own characters.
            self.literal_run = True
            destination = self.stand_ins.literal_text(detail["dest_url"])
        else:
            destination = self.stand_ins.unescaped_text(detail["dest_url"])
        title = self.stand_ins.unescaped_text(detail["title"])
        if title == WIKILINK_TITLE:
            # Nearly every link: its address is made from its target, so it needs no normalising.
            wikilink = classify_href(destination)
            if wikilink is not None:
                if key == "Link" and category_name(wikilink[1]) is not None:
                    self.skip_link = 1  # a category: the bar at the foot of the page shows it
                else:
                    self.out.append((OPEN, "a" if key == "Link" else "img", LinkInfo("", title, wikilink), None))
                return
        if detail["link_type"] == "Email":
            destination = "mailto:" + destination
        href = normalize_link(destination)
        if not validate_link(href):
            # CommonMark's reference renderer would link it; markdown-it and we show its text.
            raw = self.data[span["start"] : span["end"]].decode("utf-8", "replace")
            self.text.append(
                self.stand_ins.literal_text(raw).replace(self.stand_ins.guard, "") if self.stand_ins.active else raw
            )
            self.skip_link = 1
            return
        self.out.append((OPEN, "a" if key == "Link" else "img", LinkInfo(href, title, None), None))

    def _skipping(self, event: Any) -> None:
        if event.__class__ is str:
            return
        ((key, value),) = event.items()
        if key == "Start" and value.__class__ is dict and ("Link" in value or "Image" in value):
            self.skip_link += 1
        elif key == "End" and value in ("Link", "Image"):
            self.skip_link -= 1

    def _end(self, value: Any) -> None:
        out = self.out
        if value.__class__ is str:
            if value == "Paragraph":
                self._flush()
                self._close_paragraph()
                return
            if value == "CodeBlock" and self.text and not self.text[-1].endswith("\n"):
                self.text.append("\n")  # a code block's last line ends as the others do, at the page's end too
            self._flush()
            if value == "Item":
                out.append((CLOSE, "li", None, None))
            elif value in _PLAIN_STARTS:
                out.append((CLOSE, _PLAIN_STARTS[value], None, None))
            elif value == "Link":
                self.literal_run = False
                out.append((CLOSE, "a", None, None))
            elif value == "Image":
                out.append((CLOSE, "img", None, None))
            elif value == "TableHead":
                if all(event[0] in (OPEN, CLOSE) for event in out[self.head_start :]):
                    del out[self.head_start :]  # a header row of empty cells: pandoc writes none
                else:
                    out.append((CLOSE, "tr", None, None))
                    out.append((CLOSE, "thead", None, None))
            elif value == "TableRow":
                out.append((CLOSE, "tr", None, None))
            elif value == "TableCell":
                out.append((CLOSE, "td" if self.table_body else "th", None, None))
            elif value == "Table":
                if self.table_body:
                    out.append((CLOSE, "tbody", None, None))
                out.append((CLOSE, "table", None, None))
            elif value == "CodeBlock":
                self.in_code_block = False
                out.append((CLOSE, "pre", None, None))
            elif value == "HtmlBlock":
                html = character_templates(self.stand_ins.literal_text("".join(self.html_block)))
                out.append((HTML, html, None, self.html_lines))
            return
        self._flush()
        ((key, detail),) = value.items()
        if key == "Heading":
            out.append((CLOSE, _HEADING_TAGS[detail], None, None))
        elif key == "List":
            out.append((CLOSE, "ol" if detail else "ul", None, None))
        elif key == "BlockQuote":
            out.append((CLOSE, "blockquote", None, None))

    def _close_paragraph(self) -> None:
        """A paragraph left with nothing to show (only categories, or a lone U+3000) goes."""
        out, start = self.out, self.paragraph_start
        if start >= 0 and all(
            event[0] == SOFT or event[0] == HARD or (event[0] == TEXT and not event[1].strip())
            for event in out[start + 1 :]
        ):
            del out[start:]
        else:
            out.append((CLOSE, "p", None, None))
        self.paragraph_start = -1
