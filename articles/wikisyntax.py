"""What pandoc's MediaWiki export puts in its Markdown, and how to read it.

Pure Python: no Django import, so the parser and the renderer share these rules
and both can be tested without a database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from urllib.parse import quote, unquote

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink as _default_normalize_link
from markdown_it.common.normalize_url import validateLink as _default_validate_link
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Scanned

WIKI_URL_PREFIX = "https://zh.wikipedia.org/wiki/"
PAGE_LINK_PREFIX = "../Page/"
PAGE_LINK_SUFFIX = ".md"
WIKILINK_TITLE = "wikilink"
FIGURE_TITLE_PREFIX = "fig:"
CATEGORY_PREFIXES = ("Category:", "category:", "分類:", "分类:")
FILE_PREFIXES = ("File:", "Image:", "文件:", "檔案:", "档案:", "圖像:", "图像:")

# How a link's href to a file page may start: File: or Image: (the colon possibly encoded),
# or percent-encoded (文件:).
_FILE_HREF_STARTS = ("File", "Image", "%")

PAGE = "page"
OUTSIDE = "outside"

# Where a link token keeps its classification, so that parsing and rendering decode each href once.
WIKILINK_META = "wikilink"

_MARKER = re.compile(r"\\\[(\d{1,4})\\\]")
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff]")


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
    decoded = unquote(href) if "%" in href else href
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


def _validate_link(url: str) -> bool:
    # markdown-it refuses the file: scheme, and with it MediaWiki's File: pages,
    # which gallery leftovers name; a real file:// URL stays refused.
    if file_title(url) is not None and not url.lower().startswith("file:/"):
        return True
    return _default_validate_link(url)


# markdown-it's own normalizeLink (mdurl: parse, punycode, format, encode) takes a
# quarter of a page's parse. For a URL whose host is plain ASCII it comes down to
# percent-encoding with mdurl's safe set, which quote() does in one pass; any other
# URL (an international or bracketed host, a stray %) still goes the long way.
_MDURL_SAFE = ";/?:@&=+$,-_.!~*'()#%"
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def normalize_link(url: str) -> str:
    rest = url.split("://", 1)[1] if "://" in url else (url[2:] if url.startswith("//") else None)
    host = rest.split("/", 1)[0] if rest is not None else ""
    if _LONE_PERCENT.search(url) or not host.isascii() or "[" in host:
        return _default_normalize_link(url)
    return quote(url, safe=_MDURL_SAFE)


def category_name(title: str) -> str | None:
    for prefix in CATEGORY_PREFIXES:
        if title.startswith(prefix):
            return normalize_title(title[len(prefix) :]) or None
    return None


# In raw HTML (the tables pandoc leaves as HTML) a footnote comes out as a plain ``[n]``.
# Tags are matched with their quoted attribute values, which may hold ">" and "[1]".
_RAW_MARKER_OR_TAG = re.compile(
    r"<!--.*?-->"
    r"|<(?P<close>/?)(?P<name>[A-Za-z][\w-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>"
    r"|\[(?P<number>\d{1,4})\]",
    re.DOTALL,
)
# Elements whose text is no place for a footnote: a link's words, code, scripts and styles.
_NO_MARKERS_INSIDE = frozenset({"a", "code", "pre", "kbd", "samp", "script", "style", "textarea"})


def sub_raw_markers(fragment: str, replacement: Callable[[int], str | None]) -> str:
    """Each ``[n]`` of a raw HTML fragment in running text replaced by ``replacement(n)``.

    Not inside tags, comments, links or code. A replacement of None keeps the text as it is.
    """
    if "[" not in fragment:
        return fragment
    open_elements = dict.fromkeys(_NO_MARKERS_INSIDE, 0)

    def swap(match: re.Match[str]) -> str:
        number = match.group("number")
        if number is None:
            name = (match.group("name") or "").lower()
            if name in open_elements:
                open_elements[name] = max(0, open_elements[name] + (-1 if match.group("close") else 1))
            return match.group(0)
        replaced = None if any(open_elements.values()) else replacement(int(number))
        return match.group(0) if replaced is None else replaced

    return _RAW_MARKER_OR_TAG.sub(swap, fragment)


def raw_markers(fragment: str) -> list[int]:
    """The numbers of the ``[n]`` markers of a raw HTML fragment, in order."""
    found: list[int] = []
    sub_raw_markers(fragment, found.append)  # append returns None: the fragment is only read
    return found


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


class _CjkFriendlyState(StateInline):
    """CommonMark's emphasis rules, with CJK characters standing as punctuation.

    Chinese has no spaces between words, so ``以**[甲](…)**和`` never opens
    bold under the plain rules, while pandoc and MediaWiki both show it bold.
    """

    def scanDelims(self, start: int, canSplitWord: bool) -> Scanned:  # noqa: N802 (markdown-it's name)
        pos = start
        marker = self.src[start]
        last = self.src[start - 1] if start > 0 else " "
        while pos < self.posMax and self.src[pos] == marker:
            pos += 1
        following = self.src[pos] if pos < self.posMax else " "

        last_punct = isMdAsciiPunct(ord(last)) or isPunctChar(last) or bool(_CJK.match(last))
        next_punct = isMdAsciiPunct(ord(following)) or isPunctChar(following) or bool(_CJK.match(following))
        last_space = isWhiteSpace(ord(last))
        next_space = isWhiteSpace(ord(following))
        left_flanking = not (next_space or (next_punct and not (last_space or last_punct)))
        right_flanking = not (last_space or (last_punct and not (next_space or next_punct)))
        can_open = left_flanking and (canSplitWord or not right_flanking or last_punct)
        can_close = right_flanking and (canSplitWord or not left_flanking or next_punct)
        return Scanned(can_open, can_close, pos - start)


class _CjkFriendlyParserInline(ParserInline):
    def parse(self, src, md, env, tokens):
        state = _CjkFriendlyState(src, md, env, tokens)
        self.tokenize(state)
        for rule in self.ruler2.getRules(""):
            rule(state)
        return state.tokens


# What dropped templates leave in the text: an empty bold (a title template),
# brackets around nothing (a pronunciation or language template), and the
# closing brackets of an image caption.
_TEMPLATE_LEFTOVERS = re.compile(r"\*\*\*\*|（[、，；,;\s]*）|\]\]")


def _drop_template_leftovers(state) -> None:
    for block in state.tokens:
        for child in block.children or []:
            if child.type == "text" and _TEMPLATE_LEFTOVERS.search(child.content):
                child.content = _TEMPLATE_LEFTOVERS.sub("", child.content)


def wikilink_of(token) -> tuple[str, str] | None:
    """(kind, title) of a ``link_open`` token that is a wikilink, else None; classified once per parse."""
    if WIKILINK_META not in token.meta:
        classified = None
        if token.attrGet("title") == WIKILINK_TITLE:
            classified = classify_href(str(token.attrGet("href") or ""))
        token.meta[WIKILINK_META] = classified
    return token.meta[WIKILINK_META]


def _is_category_link(token) -> bool:
    if token.type != "link_open":
        return False
    classified = wikilink_of(token)
    return classified is not None and category_name(classified[1]) is not None


def _drop_category_links(state) -> None:
    """Categories show in the bar at the foot of the page, not where their links stood."""
    for block in state.tokens:
        children = block.children
        # Most blocks name no category at all: a look at their text spares decoding every link.
        if not children or not any(prefix in block.content for prefix in CATEGORY_PREFIXES):
            continue
        if not any(_is_category_link(child) for child in children):
            continue
        kept, skipping = [], False
        for child in children:
            if _is_category_link(child):
                skipping = True
            elif skipping and child.type == "link_close":
                skipping = False
            elif not skipping:
                kept.append(child)
        block.children = kept


def _is_blank(inline) -> bool:
    return all(
        child.type in ("softbreak", "hardbreak") or (child.type == "text" and not child.content.strip())
        for child in inline.children or []
    )


def _drop_empty_paragraphs(state) -> None:
    """A paragraph left with nothing to show (only categories, or a lone U+3000) goes."""
    tokens = state.tokens
    blank = {
        index
        for index in range(1, len(tokens) - 1)
        if tokens[index].type == "inline" and tokens[index - 1].type == "paragraph_open" and _is_blank(tokens[index])
    }
    if blank:
        state.tokens = [token for index, token in enumerate(tokens) if not {index - 1, index, index + 1} & blank]


def make_markdown() -> MarkdownIt:
    """The one Markdown dialect of the corpus: CommonMark, pipe tables, raw HTML."""
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    # Same rules and rulers, only the state that scans emphasis changes.
    md.inline.__class__ = _CjkFriendlyParserInline
    md.validateLink = _validate_link
    md.normalizeLink = normalize_link
    md.core.ruler.push("drop_category_links", _drop_category_links)
    md.core.ruler.push("drop_template_leftovers", _drop_template_leftovers)
    md.core.ruler.push("drop_empty_paragraphs", _drop_empty_paragraphs)
    md.inline.ruler.before("escape", "footnote_marker", _footnote_marker_rule)
    return md


MARKDOWN = make_markdown()
