"""Where pandoc's links point: a page of the corpus, zh.wikipedia, a file, or elsewhere.

Every link of a page is classified here once, as it is read (``dialect`` keeps the answer in
the link's event), so the parser and the renderer classify each destination alike, and cheaply.
Destinations are written as markdown-it writes them (its URL normalisation and its refusal of
``javascript:``-like schemes, from the markdown-it-py package): pages stored before the parser
changed keep their links' bytes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote

from markdown_it.common.normalize_url import normalizeLink as _default_normalize_link
from markdown_it.common.normalize_url import validateLink as _default_validate_link

from .titles import FILE_PREFIXES, WIKI_URL_PREFIX, normalize_title

PAGE_LINK_PREFIX = "../Page/"
PAGE_LINK_SUFFIX = ".md"
WIKILINK_TITLE = "wikilink"
FIGURE_TITLE_PREFIX = "fig:"

# How a link's href to a file page may start: File: or Image: (the colon possibly encoded),
# or percent-encoded (文件:).
_FILE_HREF_STARTS = ("File", "Image", "%")

PAGE = "page"
OUTSIDE = "outside"


def split_fragment(target: str) -> tuple[str, str]:
    title, _, fragment = target.partition("#")
    return title, fragment


# unquote() and quote() go a byte at a time in Python, and every link of a page passes both:
# percent_decoded() and normalize_link() give the same strings a run of escapes at a time.
_ESCAPE_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _decoded_run(run: re.Match[str]) -> str:
    return bytes.fromhex(run.group().replace("%", "")).decode("utf-8", "replace")


def percent_decoded(text: str) -> str:
    """``unquote(text)``: a run of escapes is decoded as UTF-8, a broken sequence as U+FFFD."""
    return _ESCAPE_RUN.sub(_decoded_run, text) if "%" in text else text


@lru_cache(maxsize=65536)
def classify_href(href: str) -> tuple[str, str] | None:
    """(kind, title) of a wikilink's destination, or None when it is not one of ours.

    The reader hands us the destination percent-encoded (``normalize_link``) and with backslash
    escapes such as ``\\(`` already removed, so only decoding is left. The answers are kept (a few
    MB at most): the same targets come back on page after page of an import.
    """
    decoded = percent_decoded(href)
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


def file_title(href: str) -> str | None:
    """The file page a gallery leftover names (``File:X.jpg|caption``), or None."""
    # Every link passes here: most start with a scheme or ../Page/, and need no decoding to be told apart.
    if not href.startswith(_FILE_HREF_STARTS):
        return None
    decoded = unquote(href)
    if not decoded.startswith(FILE_PREFIXES):
        return None
    return normalize_title(decoded.split("|", 1)[0]) or None


def validate_link(url: str) -> bool:
    # markdown-it refuses the file: scheme, and with it MediaWiki's File: pages,
    # which gallery leftovers name; a real file:// URL stays refused.
    if file_title(url) is not None and not url.lower().startswith("file:/"):
        return True
    return _default_validate_link(url)


# markdown-it's own normalizeLink (mdurl: parse, punycode, format, encode) takes a
# quarter of a page's parse. For a URL whose host is plain ASCII it comes down to
# percent-encoding with mdurl's safe set, as quote(url, safe=_MDURL_SAFE) does; any other
# URL (an international or bracketed host, a stray %) still goes the long way.
_MDURL_SAFE = ";/?:@&=+$,-_.!~*'()#%"
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# What quote() escapes: all but ASCII letters, digits, "_.-~" and the safe set.
_MDURL_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9_.\-~" + re.escape(_MDURL_SAFE) + "]+")


def _encoded_run(run: re.Match[str]) -> str:
    return "%" + run.group().encode("utf-8").hex("%").upper()


def normalize_link(url: str) -> str:
    rest = url.split("://", 1)[1] if "://" in url else (url[2:] if url.startswith("//") else None)
    host = rest.split("/", 1)[0] if rest is not None else ""
    if _LONE_PERCENT.search(url) or not host.isascii() or "[" in host:
        return _default_normalize_link(url)
    return _MDURL_UNSAFE_RUN.sub(_encoded_run, url)
