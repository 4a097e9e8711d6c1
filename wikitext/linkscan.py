"""pandoc's plain links read by regular expressions, with the answers markdown-it's helpers give.

markdown-it reads a link's label, destination and title a character at a time, and the label
twice (once to find its end, by trying every inline rule at each character). Nearly every link
of a page is pandoc's plain ``[text](dest "wikilink")``: for those a regular expression finds
the same ends, and anything it is not sure of (escapes, brackets, code, tags) goes the long way.
Only markdown-it's results matter, so these stand in for its helpers with the same answers.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import TYPE_CHECKING

from markdown_it import helpers as _link_helpers
from markdown_it.common.utils import unescapeAll
from markdown_it.rules_inline import StateInline

if TYPE_CHECKING:
    # What markdown-it's own helpers return, for the parts these helpers leave to them.
    from markdown_it.helpers.parse_link_destination import _Result
    from markdown_it.helpers.parse_link_title import _State

# A label with nothing in it that an inline rule could carry past a "]": no nested brackets,
# escapes (``\]``, our ``\[1\]``), code spans or tags/autolinks. Emphasis, entities and line
# breaks never hold a "]", so the first "]" closes it.
_PLAIN_LABEL = re.compile(r"[^\[\]\\`<]*\]")
# A destination without escapes, brackets or angle brackets, up to what ends it.
_PLAIN_DESTINATION = re.compile(r"[^\x00-\x20\x7f\\()<]+")


class _LinkPart:
    """What markdown-it's helpers return: ``ok``, ``pos`` past the part, ``str`` its unescaped text."""

    __slots__ = ("can_continue", "marker", "ok", "pos", "str")

    def __init__(self, pos: int, text: str, marker: int = 0) -> None:
        self.ok = True
        self.pos = pos
        self.str = text
        self.can_continue = False
        self.marker = marker


def _label_read_as_markdown_it_would(state: StateInline, start: int, end: int) -> bool:
    """Whether markdown-it would read the plain label between ``start`` and ``end`` to its "]".

    Not when nested too deep: it then gives up on the rest of the paragraph. Nor where it
    has already skipped over part of the label (``state.cache``, filled while it looked
    for the end of an enclosing label, maybe that deep): it would skip it the same way again.
    """
    if state.level >= state.md.options["maxNesting"]:
        return False
    cache = state.cache
    return not cache or not any(position in cache for position in range(start, end))


def _parse_link_label(state: StateInline, start: int, disableNested: bool = False) -> int:  # noqa: N803 (markdown-it's name)
    plain = _PLAIN_LABEL.match(state.src, start + 1, state.posMax)
    if plain is not None and _label_read_as_markdown_it_would(state, start + 1, plain.end() - 1):
        return plain.end() - 1
    return _link_helpers.parseLinkLabel(state, start, disableNested)


def _parse_link_destination(string: str, pos: int, maximum: int) -> _LinkPart | _Result:
    plain = _PLAIN_DESTINATION.match(string, pos, maximum)
    if plain is not None:
        end = plain.end()
        if end == maximum or string[end] not in "\\(<":
            return _LinkPart(end, unescapeAll(plain.group()))
    return _link_helpers.parseLinkDestination(string, pos, maximum)


# markdown-it passes back a previous answer only while it can continue, which a _LinkPart never can.
def _parse_link_title(string: str, start: int, maximum: int, prev_state: _State | None = None) -> _LinkPart | _State:
    if prev_state is None and start < maximum and string[start] == '"':
        end = string.find('"', start + 1, maximum)
        if end > 0 and string.find("\\", start + 1, end) < 0:
            return _LinkPart(end + 1, unescapeAll(string[start + 1 : end]), marker=0x22)
    return _link_helpers.parseLinkTitle(string, start, maximum, prev_state)


FAST_LINK_HELPERS = SimpleNamespace(
    parseLinkLabel=_parse_link_label,
    parseLinkDestination=_parse_link_destination,
    parseLinkTitle=_parse_link_title,
)


# pandoc's links, ``[text](dest "wikilink")``, with words no inline rule would take apart: the
# text holds no line break, escape, code, emphasis, bracket, tag or entity, the destination no
# escape, bracket or angle bracket, the title no escape. Anything else is left to markdown-it's
# link rule, which gives such a link the same tokens, after a longer way.
_PLAIN_LINK = re.compile(r'\[([^\n\\`*_\[\]<&]*)\]\(([^\x00-\x20\x7f\\()<]+)(?:[ \t\n]+"([^"\\]*)")?[ \t\n]*\)')


def plain_link_rule(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "[":
        return False
    link = _PLAIN_LINK.match(state.src, state.pos, state.posMax)
    if link is None or not _label_read_as_markdown_it_would(state, link.start(1), link.end(1)):
        return False
    href = state.md.normalizeLink(unescapeAll(link.group(2)))
    if not state.md.validateLink(href):
        return False
    if not silent:
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": href}
        title = unescapeAll(link.group(3) or "")
        if title:
            token.attrSet("title", title)
        # The text is one run of plain characters: the one text token markdown-it makes of it.
        state.pending += link.group(1)
        state.push("link_close", "a", -1)
    state.pos = link.end()
    return True
