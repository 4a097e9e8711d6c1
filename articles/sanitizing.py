"""The one allow-list every HTML fragment passes before it may reach a page."""

from __future__ import annotations

import re

import nh3

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

# Ids and classes the renderer writes, and the row classes of pandoc's tables. Anything
# else from a page's raw HTML could pose as the page's own parts (id="cite_note-1",
# class="toc"), so it goes.
_OWN_ID = re.compile(r"cite_ref-\d+(-\d+)?")
_OWN_CLASSES = frozenset({"reference", "wikilink", "external", "image", "header", "odd", "even"})


def _own_attributes_only(element: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if element == "sup" and _OWN_ID.fullmatch(value) else None
    if attribute == "class":
        kept = [name for name in value.split() if name in _OWN_CLASSES]
        return " ".join(kept) or None
    return value


# Built once: the allow-list is turned into the sanitiser's own tables here, not on every fragment.
_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    link_rel=None,
    attribute_filter=_own_attributes_only,
    strip_comments=True,
)


def clean_html(html: str) -> str:
    """Drop every tag, attribute and URL scheme not on the allow-list.

    Relative URLs stay (``/wiki/…``, ``#cite_note-1``); scripts, event handlers,
    ``style`` and ``javascript:``/``data:`` URLs never get through.
    """
    return _CLEANER.clean(html)
