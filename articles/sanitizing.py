"""The one allow-list every HTML fragment passes before it may reach a page."""

from __future__ import annotations

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


def clean_html(html: str) -> str:
    """Drop every tag, attribute and URL scheme not on the allow-list.

    Relative URLs stay (``/wiki/…``, ``#cite_note-1``); scripts, event handlers,
    ``style`` and ``javascript:``/``data:`` URLs never get through.
    """
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
