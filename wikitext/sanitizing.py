"""The one allow-list every HTML fragment passes before it may reach a page."""

from __future__ import annotations

import re

import nh3

from .citations import MARKER_ID

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "bdi", "blockquote", "br", "caption", "cite", "code", "col",
        "colgroup", "dd", "del", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
        "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p",
        "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong", "sub",
        "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
        "var", "wbr",
    }
)  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "class", "data-target", "rel", "aria-label"},
    "sup": {"class", "id"},
    "span": {"class", "lang"},
    "ol": {"start", "class"},
    "li": {"value"},
    "table": {"class"},
    "tr": {"class"},
    "td": {"colspan", "rowspan", "class"},
    "th": {"colspan", "rowspan", "scope", "class"},
    "col": {"span"},
    "colgroup": {"span"},
    "abbr": {"title"},
    "time": {"datetime"},
    "figure": {"class"},
    "div": {"class"},
    "code": {"class"},
}

URL_SCHEMES = frozenset({"http", "https", "mailto"})

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
r"""C0 and C1 control characters and DEL: everything below U+0020 but tab, line feed and
carriage return, and U+007F..U+009F. No page has a use for them, a browser shows none of them,
and some software skips them inside a URL (``java\x01script:``): none reaches a page.
"""


def without_controls(text: str) -> str:
    """``text`` without CONTROL_CHARACTERS: for plain text that reaches a page unescaped of them
    (titles, edit summaries, authors, paths), as ``clean_html`` is for HTML."""
    return CONTROL_CHARACTERS.sub("", text)


# Attributes whose value is a URL, to be checked again once its controls are gone.
_URL_ATTRIBUTES = frozenset({"href", "src"})
# What a browser ignores around and inside a URL before it reads the scheme (WHATWG URL):
# C0 controls and spaces around it, tabs and line breaks anywhere.
_URL_SURROUNDINGS = "".join(map(chr, range(0x21)))
_URL_INSIDE_IGNORED = str.maketrans("", "", "\t\n\r")
_URL_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")

# Ids and classes the renderer writes, and the row classes of pandoc's tables. Anything
# else from a page's raw HTML could pose as the page's own parts (id="cite_note-1",
# class="toc"), so it goes.
# A class list splits on ASCII whitespace only (as browsers and nh3 split it): "reference\u00a0toc" is
# one class, no class of ours.
_CLASS_SEPARATORS = re.compile(r"[ \t\n\f\r]+")
_OWN_CLASSES = frozenset({"reference", "wikilink", "external", "image", "header", "odd", "even"})


def _own_attributes_only(element: str, attribute: str, value: str) -> str | None:
    # nh3 hands over the value with its character references decoded (``&#1;`` is here U+0001).
    # It has checked a URL's scheme already, but on the value with its controls: the value
    # without them is checked here again, as it will be written.
    if CONTROL_CHARACTERS.search(value):
        value = CONTROL_CHARACTERS.sub("", value)
        if attribute in _URL_ATTRIBUTES and not _allowed_url(value):
            return None
    if attribute == "id":
        return value if element == "sup" and MARKER_ID.fullmatch(value) else None
    if attribute == "class":
        kept = [name for name in _CLASS_SEPARATORS.split(value) if name in _OWN_CLASSES]
        return " ".join(kept) or None
    return value


def _allowed_url(url: str) -> bool:
    """A relative URL, or one of an allowed scheme, as a browser would read its scheme."""
    scheme = _URL_SCHEME.match(url.strip(_URL_SURROUNDINGS).translate(_URL_INSIDE_IGNORED))
    return scheme is None or scheme.group(1).lower() in URL_SCHEMES


# Built once: the allow-list is turned into the sanitiser's own tables here, not on every fragment.
_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    link_rel=None,
    attribute_filter=_own_attributes_only,
    strip_comments=True,
)


# The same allow-list, for a fragment with no control character and no numeric character reference
# (nearly all): none of its attribute values can then hold a control, so the per-attribute check
# in Python is not needed; classes are kept by nh3's own list, and a marker's id by a pass over
# the output. Every fragment the tests hold comes out of both cleaners alike.
_CLASSED_TAGS = frozenset(tag for tag, attributes in ALLOWED_ATTRIBUTES.items() if "class" in attributes)
_PLAIN_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={tag: set(attrs) - {"class"} for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    allowed_classes={tag: set(_OWN_CLASSES) for tag in _CLASSED_TAGS},
    url_schemes=set(URL_SCHEMES),
    link_rel=None,
    strip_comments=True,
)
# An id as nh3 writes it: only a <sup> may hold one, and a "<" in text or a quote in a value is escaped.
_SUP_ID = re.compile(r'(<sup\b[^>]*?) id="([^"]*)"')
# A class nh3 left empty (none of it allowed): the full cleaner drops the attribute.
_EMPTY_CLASS = re.compile(r'(<[a-z][a-z0-9]*\b[^>]*?) class=""')


def _own_id(match: re.Match[str]) -> str:
    return match.group(0) if MARKER_ID.fullmatch(match.group(2)) else match.group(1)


def clean_html(html: str) -> str:
    """Drop every tag, attribute and URL scheme not on the allow-list.

    Relative URLs stay (``/wiki/…``, ``#cite_note-1``); scripts, event handlers,
    ``style`` and ``javascript:``/``data:`` URLs never get through. No control
    character comes out (``CONTROL_CHARACTERS``), whether the fragment held it
    as such or as a character reference (``&#1;``): the parser decodes those, and
    the serialiser writes every character it keeps as itself, so that removing
    them from the output removes them all. (The HTML standard reads ``&#x80;``
    to ``&#x9f;`` as Windows-1252 (``&#x9f;`` is Ÿ); only the five it leaves as
    controls, such as ``&#x81;``, decode to one.)
    """
    if "&#" in html or CONTROL_CHARACTERS.search(html):
        return CONTROL_CHARACTERS.sub("", _CLEANER.clean(html))
    cleaned = _PLAIN_CLEANER.clean(html)
    if ' class=""' in cleaned:
        cleaned = _EMPTY_CLASS.sub(r"\1", cleaned)
    return _SUP_ID.sub(_own_id, cleaned) if ' id="' in cleaned else cleaned
