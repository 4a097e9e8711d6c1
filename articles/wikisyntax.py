"""What pandoc's MediaWiki export puts in its Markdown, and how to read it.

Pure Python: no Django import, so the parser and the renderer share these rules
and both can be tested without a database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from types import SimpleNamespace
from urllib.parse import quote, unquote

from markdown_it import MarkdownIt
from markdown_it import helpers as _link_helpers
from markdown_it.common.normalize_url import normalizeLink as _default_normalize_link
from markdown_it.common.normalize_url import validateLink as _default_validate_link
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace, unescapeAll
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


# unquote() and quote() go a byte at a time in Python, and every link of a page passes both:
# percent_decoded() and normalize_link() give the same strings a run of escapes at a time.
_ESCAPE_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _decoded_run(run: re.Match[str]) -> str:
    return bytes.fromhex(run.group().replace("%", "")).decode("utf-8", "replace")


def percent_decoded(text: str) -> str:
    """``unquote(text)``: a run of escapes is decoded as UTF-8, a broken sequence as U+FFFD."""
    return _ESCAPE_RUN.sub(_decoded_run, text) if "%" in text else text


def classify_href(href: str) -> tuple[str, str] | None:
    """(kind, title) of a wikilink's destination, or None when it is not one of ours.

    markdown-it hands us the destination percent-encoded and with backslash
    escapes such as ``\\(`` already removed, so only decoding is left.
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


def _validate_link(url: str) -> bool:
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


# markdown-it reads a link's label, destination and title a character at a time, and the label
# twice (once to find its end, by trying every inline rule at each character). Nearly every link
# of a page is pandoc's plain ``[text](dest "wikilink")``: for those a regular expression finds
# the same ends, and anything it is not sure of (escapes, brackets, code, tags) goes the long way.
# Only markdown-it's results matter, so these stand in for its helpers with the same answers.

# A label with nothing in it that an inline rule could carry past a "]": no nested brackets,
# escapes (``\]``, our ``\[1\]``), code spans or tags/autolinks. Emphasis, entities and line
# breaks never hold a "]", so the first "]" closes it.
_PLAIN_LABEL = re.compile(r"[^\[\]\\`<]*\]")
# A destination without escapes, brackets or angle brackets, up to what ends it.
_PLAIN_DESTINATION = re.compile(r"[^\x00-\x20\x7f\\()<]+")


class _LinkPart:
    """What markdown-it's helpers return: ``ok``, ``pos`` past the part, ``str`` its unescaped text."""

    __slots__ = ("can_continue", "marker", "ok", "pos", "str")

    def __init__(self, pos: int, text: str, marker: int = 0):
        self.ok = True
        self.pos = pos
        self.str = text
        self.can_continue = False
        self.marker = marker


def _label_read_as_markdown_it_would(state, start: int, end: int) -> bool:
    """Whether markdown-it would read the plain label between ``start`` and ``end`` to its "]".

    Not when nested too deep: it then gives up on the rest of the paragraph. Nor where it
    has already skipped over part of the label (``state.cache``, filled while it looked
    for the end of an enclosing label, maybe that deep): it would skip it the same way again.
    """
    if state.level >= state.md.options["maxNesting"]:
        return False
    cache = state.cache
    return not cache or not any(position in cache for position in range(start, end))


def _parse_link_label(state, start: int, disableNested: bool = False) -> int:  # noqa: N803 (markdown-it's name)
    plain = _PLAIN_LABEL.match(state.src, start + 1, state.posMax)
    if plain is not None and _label_read_as_markdown_it_would(state, start + 1, plain.end() - 1):
        return plain.end() - 1
    return _link_helpers.parseLinkLabel(state, start, disableNested)


def _parse_link_destination(string: str, pos: int, maximum: int):
    plain = _PLAIN_DESTINATION.match(string, pos, maximum)
    if plain is not None:
        end = plain.end()
        if end == maximum or string[end] not in "\\(<":
            return _LinkPart(end, unescapeAll(plain.group()))
    return _link_helpers.parseLinkDestination(string, pos, maximum)


def _parse_link_title(string: str, start: int, maximum: int, prev_state=None):
    if prev_state is None and start < maximum and string[start] == '"':
        end = string.find('"', start + 1, maximum)
        if end > 0 and string.find("\\", start + 1, end) < 0:
            return _LinkPart(end + 1, unescapeAll(string[start + 1 : end]), marker=0x22)
    return _link_helpers.parseLinkTitle(string, start, maximum, prev_state)


_FAST_LINK_HELPERS = SimpleNamespace(
    parseLinkLabel=_parse_link_label,
    parseLinkDestination=_parse_link_destination,
    parseLinkTitle=_parse_link_title,
)


def category_name(title: str) -> str | None:
    for prefix in CATEGORY_PREFIXES:
        if title.startswith(prefix):
            return normalize_title(title[len(prefix) :]) or None
    return None


# In raw HTML (the tables pandoc leaves as HTML) a footnote comes out as a plain ``[n]``.
# Tags are matched with their quoted attribute values, which may hold ">" and "[1]". A comment,
# tag or quoted value left open runs to the end of the fragment, as in a browser: were it no
# match, every later "<" would scan to the end again, and a fragment of thousands quadratic.
_RAW_MARKER_OR_TAG = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(?P<close>/?)(?P<name>[A-Za-z][\w-]*)(?:[^>\"']|\"[^\"]*(?:\"|\Z)|'[^']*(?:'|\Z))*(?:>|\Z)"
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


# pandoc's links, ``[text](dest "wikilink")``, with words no inline rule would take apart: the
# text holds no line break, escape, code, emphasis, bracket, tag or entity, the destination no
# escape, bracket or angle bracket, the title no escape. Anything else is left to markdown-it's
# link rule, which gives such a link the same tokens, after a longer way.
_PLAIN_LINK = re.compile(r'\[([^\n\\`*_\[\]<&]*)\]\(([^\x00-\x20\x7f\\()<]+)(?:[ \t\n]+"([^"\\]*)")?[ \t\n]*\)')


def _plain_link_rule(state: StateInline, silent: bool) -> bool:
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
    md.helpers = _FAST_LINK_HELPERS  # this instance's own, markdown-it's module stays as it is
    md.core.ruler.push("drop_category_links", _drop_category_links)
    md.core.ruler.push("drop_template_leftovers", _drop_template_leftovers)
    md.core.ruler.push("drop_empty_paragraphs", _drop_empty_paragraphs)
    md.inline.ruler.before("escape", "footnote_marker", _footnote_marker_rule)
    md.inline.ruler.before("link", "plain_link", _plain_link_rule)
    return md


MARKDOWN = make_markdown()
