"""What pandoc's MediaWiki export puts in its Markdown, and how to read it.

Pure Python: no Django import, so the parser and the renderer share these rules
and both can be tested without a database.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, unquote

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

WIKI_URL_PREFIX = "https://zh.wikipedia.org/wiki/"
PAGE_LINK_PREFIX = "../Page/"
PAGE_LINK_SUFFIX = ".md"
WIKILINK_TITLE = "wikilink"
FIGURE_TITLE_PREFIX = "fig:"
CATEGORY_PREFIXES = ("Category:", "category:", "分類:", "分类:")

PAGE = "page"
OUTSIDE = "outside"

_MARKER = re.compile(r"\\\[(\d{1,4})\\\]")


def normalize_title(title: str) -> str:
    """MediaWiki's form of a title: NFC, spaces not underscores, first letter upper."""
    title = unicodedata.normalize("NFC", title).replace("_", " ").strip()
    title = " ".join(title.split())
    if title[:1].islower() and title[:1].isascii():
        title = title[0].upper() + title[1:]
    return title


def title_to_path(title: str) -> str:
    """The URL path segment of a title, as zh.wikipedia writes it."""
    return title.replace(" ", "_")


def outside_url(title: str) -> str:
    return WIKI_URL_PREFIX + quote(title_to_path(title), safe=":/()',!*@$;")


def split_fragment(target: str) -> tuple[str, str]:
    title, _, fragment = target.partition("#")
    return title, fragment


def classify_href(href: str) -> tuple[str, str] | None:
    """(kind, title) of a wikilink's destination, or None when it is not one of ours.

    markdown-it hands us the destination percent-encoded and with backslash
    escapes such as ``\\(`` already removed, so only decoding is left.
    """
    decoded = unquote(href)
    if decoded.startswith(PAGE_LINK_PREFIX) and decoded.endswith(PAGE_LINK_SUFFIX):
        raw = decoded[len(PAGE_LINK_PREFIX) : -len(PAGE_LINK_SUFFIX)]
        kind = PAGE
    elif decoded.startswith(WIKI_URL_PREFIX):
        raw = decoded[len(WIKI_URL_PREFIX) :]
        kind = OUTSIDE
    else:
        return None
    title, _ = split_fragment(raw)
    title = normalize_title(title)
    if not title:
        return None
    return kind, title


def category_name(title: str) -> str | None:
    for prefix in CATEGORY_PREFIXES:
        if title.startswith(prefix):
            return normalize_title(title[len(prefix) :]) or None
    return None


def _footnote_marker_rule(state: StateInline, silent: bool) -> bool:
    # Runs before markdown-it's own escape rule, which would otherwise turn
    # the escaped ``\[1\]`` into the plain text "[1]" and lose the marker.
    if not state.src.startswith("\\[", state.pos):
        return False
    match = _MARKER.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("footnote_marker", "", 0)
        token.meta = {"number": int(match.group(1))}
        token.content = match.group(0)
    state.pos = match.end()
    return True


def make_markdown() -> MarkdownIt:
    """The one Markdown dialect of the corpus: CommonMark, pipe tables, raw HTML."""
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.inline.ruler.before("escape", "footnote_marker", _footnote_marker_rule)
    return md
