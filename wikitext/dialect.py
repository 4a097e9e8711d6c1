"""The one Markdown dialect of the corpus: CommonMark with pipe tables and raw HTML, as pandoc writes it.

``MARKDOWN`` is the one MarkdownIt every parse goes through: emphasis that works between
Chinese characters, footnote markers, pandoc's plain links read fast, and what a removed
template or category leaves behind dropped. The renderer makes its own instance of the same
dialect (``make_markdown``) for its render rules.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Scanned

from .cjk import WIDE_CHARACTER
from .hrefs import normalize_link, validate_link, wikilink_of
from .linkscan import FAST_LINK_HELPERS, plain_link_rule
from .markers import footnote_marker_rule
from .titles import CATEGORY_PREFIXES, category_name

if TYPE_CHECKING:
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token
    from markdown_it.utils import EnvType


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

        last_punct = isMdAsciiPunct(ord(last)) or isPunctChar(last) or bool(WIDE_CHARACTER.match(last))
        next_punct = isMdAsciiPunct(ord(following)) or isPunctChar(following) or bool(WIDE_CHARACTER.match(following))
        last_space = isWhiteSpace(ord(last))
        next_space = isWhiteSpace(ord(following))
        left_flanking = not (next_space or (next_punct and not (last_space or last_punct)))
        right_flanking = not (last_space or (last_punct and not (next_space or next_punct)))
        can_open = left_flanking and (canSplitWord or not right_flanking or last_punct)
        can_close = right_flanking and (canSplitWord or not left_flanking or next_punct)
        return Scanned(can_open, can_close, pos - start)


class _CjkFriendlyParserInline(ParserInline):
    def parse(self, src: str, md: MarkdownIt, env: EnvType, tokens: list[Token]) -> list[Token]:
        state = _CjkFriendlyState(src, md, env, tokens)
        self.tokenize(state)
        for rule in self.ruler2.getRules(""):
            rule(state)
        return state.tokens


# What dropped templates leave in the text: an empty bold (a title template),
# brackets around nothing (a pronunciation or language template), and the
# closing brackets of an image caption.
_TEMPLATE_LEFTOVERS = re.compile(r"\*\*\*\*|（[、，；,;\s]*）|\]\]")


def _drop_template_leftovers(state: StateCore) -> None:
    for block in state.tokens:
        for child in block.children or []:
            if child.type == "text" and _TEMPLATE_LEFTOVERS.search(child.content):
                child.content = _TEMPLATE_LEFTOVERS.sub("", child.content)


def _is_category_link(token: Token) -> bool:
    if token.type != "link_open":
        return False
    classified = wikilink_of(token)
    return classified is not None and category_name(classified[1]) is not None


def _drop_category_links(state: StateCore) -> None:
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


def _is_blank(inline: Token) -> bool:
    return all(
        child.type in ("softbreak", "hardbreak") or (child.type == "text" and not child.content.strip())
        for child in inline.children or []
    )


def _drop_empty_paragraphs(state: StateCore) -> None:
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
    # MarkdownIt declares these as methods and a module: this instance's own functions stand in for them.
    md.validateLink = validate_link  # type: ignore[method-assign]
    md.normalizeLink = normalize_link  # type: ignore[method-assign]
    # This instance's own helpers: markdown-it's module stays as it is.
    md.helpers = FAST_LINK_HELPERS  # type: ignore[assignment]
    md.core.ruler.push("drop_category_links", _drop_category_links)
    md.core.ruler.push("drop_template_leftovers", _drop_template_leftovers)
    md.core.ruler.push("drop_empty_paragraphs", _drop_empty_paragraphs)
    md.inline.ruler.before("escape", "footnote_marker", footnote_marker_rule)
    md.inline.ruler.before("link", "plain_link", plain_link_rule)
    return md


MARKDOWN = make_markdown()
