"""What a page's Markdown reads into: a flat sequence of events, the one form the parser and the renderer share.

An event is a tuple ``(kind, value, detail, lines)``:

* ``OPEN``/``CLOSE``: ``value`` is the HTML tag (``p``, ``h2``, ``ul``, ``ol``, ``li``,
  ``blockquote``, ``pre``, ``table``, ``thead``, ``tbody``, ``tr``, ``th``, ``td``, ``em``,
  ``strong``, ``del``, ``a``, ``img``). ``detail`` is an ``ol``'s start number, a ``pre``'s
  language, an ``a`` or ``img``'s ``LinkInfo``.
* ``TEXT``, ``CODE`` (a code span), ``HTML`` (a raw HTML block, whole), ``INLINE_HTML`` (one tag):
  ``value`` is the string. A code block's text is a ``TEXT`` inside its ``pre``.
* ``MARKER``: a footnote marker, ``value`` its number.
* ``SOFT``, ``HARD``: line breaks; ``RULE``: a thematic break.

``lines`` is (first line, line after the last) for a block's OPEN event, an ``HTML`` and a
``RULE``; None elsewhere. Plain tuples, not objects: a page is a few hundred of them, made and
read once each, in the import's hot path.
"""

from __future__ import annotations

from typing import Any, NamedTuple

OPEN = 1
CLOSE = 2
TEXT = 3
CODE = 4
HTML = 5
INLINE_HTML = 6
MARKER = 7
SOFT = 8
HARD = 9
RULE = 10
KINDS = (OPEN, CLOSE, TEXT, CODE, HTML, INLINE_HTML, MARKER, SOFT, HARD, RULE)

Event = tuple[int, Any, Any, "tuple[int, int] | None"]

# Tags of blocks: an inline run (a paragraph's words, a cell's, a tight list item's) ends at each.
BLOCK_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "table", "thead", "tbody", "tr"}
    | {"th", "td"}
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


class LinkInfo(NamedTuple):
    """A link's (or an image's) destination as it will be written, its title, and what it links."""

    href: str
    title: str
    wikilink: tuple[str, str] | None  # (kind, target title) for a wikilink, from hrefs.classify_href


def lines_of(event: Event) -> tuple[int, int]:
    """The lines of a block's OPEN event, an ``HTML`` or a ``RULE``: the reader always gives them."""
    lines = event[3]
    if lines is None:
        raise ValueError(f"an event of kind {event[0]} has no lines")
    return lines
