"""Turn a page's Markdown into the HTML fragments we store.

Pure Python (markdown-it-py and nh3, no Django). The output is sanitised and
marks each wikilink with its target title (``data-target``) so that the serving
step can point it at a local page or at zh.wikipedia when the page is shown.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from .parsing import find_markers
from .sanitizing import clean_html
from .wikisyntax import (
    FIGURE_TITLE_PREFIX,
    WIKILINK_TITLE,
    category_name,
    classify_href,
    file_title,
    make_markdown,
    outside_url,
)

_FILE_NAME = re.compile(r"\.(jpe?g|png|gif|svg|tiff?|webp|ogg|ogv|webm|pdf)$", re.IGNORECASE)
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")


@dataclass
class FootnoteState:
    """What the footnote markers of one page need to get MediaWiki's ids."""

    counts: dict[int, int]  # uses of each number on the whole page
    known: frozenset[int]  # numbers that have a reference
    seen: dict[int, int]

    @classmethod
    def for_page(cls, marker_numbers: Sequence[int], reference_numbers: Sequence[int]) -> FootnoteState:
        counts: dict[int, int] = {}
        for number in marker_numbers:
            counts[number] = counts.get(number, 0) + 1
        return cls(counts=counts, known=frozenset(reference_numbers), seen={})


def marker_id(number: int, occurrence: int, uses: int) -> str:
    return f"cite_ref-{number}" if uses == 1 else f"cite_ref-{number}-{occurrence}"


def _render_footnote_marker(self, tokens: list[Token], idx: int, options, env) -> str:
    number = tokens[idx].meta["number"]
    state: FootnoteState | None = env.get("footnotes")
    if state is None or number not in state.known:
        return f'<sup class="reference">[{number}]</sup>'
    occurrence = state.seen.get(number, 0)
    state.seen[number] = occurrence + 1
    ident = marker_id(number, occurrence, state.counts.get(number, 1))
    return f'<sup class="reference" id="{ident}"><a href="#cite_note-{number}">[{number}]</a></sup>'


def _render_link_open(self: RendererHTML, tokens: list[Token], idx: int, options, env) -> str:
    token = tokens[idx]
    title = str(token.attrGet("title") or "")
    href = str(token.attrGet("href") or "")
    if title == WIKILINK_TITLE:
        classified = classify_href(href)
        if classified is not None:
            _kind, target = classified
            if category_name(target) is not None:
                href_out = outside_url(target)
                return f'<a href="{html.escape(href_out)}" class="external" rel="nofollow noopener">'
            return f'<a href="{html.escape(outside_url(target))}" class="wikilink" data-target="{html.escape(target)}">'
    if title.startswith(FIGURE_TITLE_PREFIX):
        caption = title[len(FIGURE_TITLE_PREFIX) :]
        if not _FILE_NAME.search(caption):
            return f'<a href="{html.escape(href)}" class="image">'
        # The link text is the bare file name; a caption, if any, follows the link as text.
        env["figure_link"] = True
        return f'<a href="{html.escape(href)}" class="image" aria-label="{html.escape(caption)}">'
    named_file = file_title(href)
    if named_file is not None:
        return f'<a href="{html.escape(outside_url(named_file))}" class="image">'
    return f'<a href="{html.escape(href)}" class="external" rel="nofollow noopener">'


def _render_text(self, tokens: list[Token], idx: int, options, env) -> str:
    if env.get("figure_link"):
        # MediaWiki shows an image here; we show its name as a caption, not as a file name.
        return "🖼 " + html.escape(_FILE_NAME.sub("", tokens[idx].content).replace("_", " "))
    return html.escape(tokens[idx].content)


def _render_link_close(self, tokens: list[Token], idx: int, options, env) -> str:
    env["figure_link"] = False
    return "</a>"


# Raw HTML tables keep MediaWiki's wikilinks as <a href=… title="wikilink">.
_RAW_WIKILINK = re.compile(r'<a\s+href="(?P<href>[^"]*)"\s+title="wikilink"\s*>')


def _mark_raw_wikilinks(fragment: str) -> str:
    def replace(match: re.Match[str]) -> str:
        classified = classify_href(html.unescape(match.group("href")))
        if classified is None or category_name(classified[1]) is not None:
            return match.group(0)
        target = classified[1]
        return f'<a href="{html.escape(outside_url(target))}" class="wikilink" data-target="{html.escape(target)}">'

    return _RAW_WIKILINK.sub(replace, fragment)


def _render_html_block(self, tokens: list[Token], idx: int, options, env) -> str:
    return _mark_raw_wikilinks(tokens[idx].content)


def _render_softbreak(self, tokens: list[Token], idx: int, options, env) -> str:
    # pandoc hard-wraps lines; a break between two CJK characters is no space.
    before = tokens[idx - 1].content[-1:] if idx > 0 else ""
    after = tokens[idx + 1].content[:1] if idx + 1 < len(tokens) else ""
    if _CJK.match(before) and _CJK.match(after):
        return ""
    return "\n"


# What dropped templates leave in the text: an empty bold (a title template)
# and brackets around nothing (a pronunciation or language template).
_TEMPLATE_LEFTOVERS = re.compile(r"\*\*\*\*|（[、，；,;\s]*）|\\\]\\\]|\]\]")


def _drop_template_leftovers(state) -> None:
    for block in state.tokens:
        for child in block.children or []:
            if child.type == "text" and _TEMPLATE_LEFTOVERS.search(child.content):
                child.content = _TEMPLATE_LEFTOVERS.sub("", child.content)


_md = make_markdown()
_md.core.ruler.push("drop_template_leftovers", _drop_template_leftovers)
_md.add_render_rule("footnote_marker", _render_footnote_marker)
_md.add_render_rule("link_open", _render_link_open)
_md.add_render_rule("softbreak", _render_softbreak)
_md.add_render_rule("text", _render_text)
_md.add_render_rule("link_close", _render_link_close)
_md.add_render_rule("html_block", _render_html_block)
_md.add_render_rule("html_inline", _render_html_block)


def render_block(source: str, footnotes: FootnoteState | None = None) -> str:
    """One block of Markdown (a lead, a section body) as clean HTML."""
    if not source.strip():
        return ""
    return clean_html(_md.render(source, {"footnotes": footnotes})).strip()


def render_inline(source: str, footnotes: FootnoteState | None = None) -> str:
    """One line of Markdown (a heading, a reference) as clean HTML with no paragraph."""
    if not source.strip():
        return ""
    return clean_html(_md.renderInline(source, {"footnotes": footnotes}))


@dataclass(frozen=True)
class RenderedPage:
    lead: str
    headings: tuple[str, ...]
    sections: tuple[str, ...]
    references: dict[int, str]
    marker_counts: dict[int, int]


def render_page(
    lead: str,
    sections: Sequence[tuple[str, str]],
    references: Sequence[tuple[int, str]],
) -> RenderedPage:
    """Render a whole page at once, so that footnote ids count uses across sections.

    ``sections`` holds (heading source, body source) pairs in order.
    """
    marker_numbers = [m.number for m in find_markers([lead, *(body for _, body in sections)])]
    footnotes = FootnoteState.for_page(marker_numbers, [number for number, _ in references])
    lead_html = render_block(lead, footnotes)
    headings, bodies = [], []
    for heading, body in sections:
        headings.append(render_inline(heading))
        bodies.append(render_block(body, footnotes))
    return RenderedPage(
        lead=lead_html,
        headings=tuple(headings),
        sections=tuple(bodies),
        references={number: render_reference(source) for number, source in references},
        marker_counts=dict(footnotes.counts),
    )


def render_reference(source: str) -> str:
    # A reference is a list item's text: render as a block and unwrap a lone paragraph.
    rendered = render_block(source)
    if rendered.startswith("<p>") and rendered.rstrip().endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered.strip()[3:-4]
    return rendered.strip()
