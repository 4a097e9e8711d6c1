"""Turn a page's Markdown into the HTML fragments we store.

The output is sanitised and
marks each wikilink with its target title (``data-target``) so that the serving
step can point it at a local page or at zh.wikipedia when the page is shown.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from .citations import marker_id, note_id
from .cjk import IDEOGRAPH_RUN, UNSPACED_CHARACTER
from .dialect import MARKDOWN, make_markdown
from .headings import parse_heading
from .hrefs import FIGURE_TITLE_PREFIX, WIKILINK_TITLE, classify_href, file_title, wikilink_of
from .markers import sub_raw_markers
from .page import ParsedPage
from .parsing import markers_in
from .sanitizing import clean_html
from .titles import category_name, outside_url

if TYPE_CHECKING:
    from markdown_it.utils import EnvType, OptionsDict

_FILE_NAME = re.compile(r"\.(jpe?g|png|gif|svg|tiff?|webp|ogg|ogv|webm|pdf)$", re.IGNORECASE)


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


def _render_footnote_marker(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    number: int = tokens[idx].meta["number"]  # as footnote_marker_rule set it
    return _linked_marker(number, env) or f'<sup class="reference">[{number}]</sup>'


def _linked_marker(number: int, env: EnvType) -> str | None:
    """A marker linked to its reference, with MediaWiki's id; None where the page has no reference ``number``."""
    state: FootnoteState | None = env.get("footnotes")
    if state is None or number not in state.known:
        return None
    occurrence = state.seen.get(number, 0)
    state.seen[number] = occurrence + 1
    ident = marker_id(number, occurrence, state.counts.get(number, 1))
    return f'<sup class="reference" id="{ident}"><a href="#{note_id(number)}">[{number}]</a></sup>'


def _render_link_open(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    title = str(token.attrGet("title") or "")
    href = str(token.attrGet("href") or "")
    if title == WIKILINK_TITLE:
        classified = wikilink_of(token)
        if classified is not None:
            _kind, target = classified
            if category_name(target) is not None:
                href_out = outside_url(target)
                return f'<a href="{html.escape(href_out)}" class="external" rel="nofollow noopener">'
            _note_link_trail(tokens, idx, target, env)
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


def _note_link_trail(tokens: Sequence[Token], idx: int, target: str, env: EnvType) -> None:
    """pandoc pulls the words after ``[[二戰]]`` into the link (``[二戰結束以後被](二戰)``);
    MediaWiki has no link trail for Chinese and links 二戰 alone: so do we."""
    if idx + 2 >= len(tokens) or tokens[idx + 1].type != "text" or tokens[idx + 2].type != "link_close":
        return
    text = tokens[idx + 1].content
    if len(text) > len(target) and text.startswith(target) and IDEOGRAPH_RUN.fullmatch(text[len(target) :]):
        env["link_trail"] = (idx + 1, len(target))


def _render_text(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    if env.get("figure_link"):
        # MediaWiki shows an image here; we show its name as a caption, not as a file name.
        # (The stylesheet puts a picture mark before a.image: a glyph every font has.)
        return html.escape(_FILE_NAME.sub("", tokens[idx].content).replace("_", " "))
    trail: tuple[int, int] | None = env.get("link_trail")  # as _note_link_trail set it
    if trail is not None and trail[0] == idx:
        return html.escape(tokens[idx].content[: trail[1]])
    return html.escape(tokens[idx].content)


def _render_link_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    env["figure_link"] = False
    trail: tuple[int, int] | None = env.pop("link_trail", None)
    if trail is not None and trail[0] == idx - 1:
        return "</a>" + html.escape(tokens[idx - 1].content[trail[1] :])
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


def _render_html_block(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return sub_raw_markers(_mark_raw_wikilinks(tokens[idx].content), lambda number: _linked_marker(number, env))


def _render_html_inline(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return _mark_raw_wikilinks(tokens[idx].content)


def _render_softbreak(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    # pandoc hard-wraps lines; a break between two CJK characters is no space.
    before = tokens[idx - 1].content[-1:] if idx > 0 else ""
    after = tokens[idx + 1].content[:1] if idx + 1 < len(tokens) else ""
    if UNSPACED_CHARACTER.match(before) and UNSPACED_CHARACTER.match(after):
        return ""
    return "\n"


# A MarkdownIt of its own only for its renderer: tokens come from MARKDOWN's one parse.
_md = make_markdown()
_md.add_render_rule("footnote_marker", _render_footnote_marker)
_md.add_render_rule("link_open", _render_link_open)
_md.add_render_rule("softbreak", _render_softbreak)
_md.add_render_rule("text", _render_text)
_md.add_render_rule("link_close", _render_link_close)
_md.add_render_rule("html_block", _render_html_block)
_md.add_render_rule("html_inline", _render_html_inline)


def _html(tokens: Sequence[Token], footnotes: FootnoteState | None) -> str:
    if not tokens:
        return ""
    return clean_html(_md.renderer.render(list(tokens), _md.options, {"footnotes": footnotes})).strip()


def _inline_html(inline: Token | None, footnotes: FootnoteState | None = None) -> str:
    if inline is None or not inline.children:
        return ""
    # MarkdownIt.renderer is typed as the RendererProtocol, which has no renderInline; _md's is a RendererHTML.
    return clean_html(
        cast(RendererHTML, _md.renderer).renderInline(inline.children, _md.options, {"footnotes": footnotes})
    ).strip()


def _unwrap_paragraph(rendered: str) -> str:
    # A reference is a list item's text: a lone paragraph needs no <p>.
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        return rendered[3:-4]
    return rendered


def render_block(source: str, footnotes: FootnoteState | None = None) -> str:
    """One block of Markdown (a lead, a section body) as clean HTML."""
    return _html(MARKDOWN.parse(source), footnotes) if source.strip() else ""


@dataclass(frozen=True)
class RenderedPage:
    lead: str
    headings: tuple[str, ...]
    sections: tuple[str, ...]
    references: dict[int, str]
    marker_counts: dict[int, int]


def render_parsed(parsed: ParsedPage) -> RenderedPage:
    """Render a page from its own parse: no Markdown is parsed again (the import's path)."""
    parts = parsed.tokens
    if parts is None:
        raise ValueError("the page was not parsed by parse_page")
    return _render_parts(
        parts.lead,
        list(zip(parts.headings, parts.bodies, strict=True)),
        [(reference.number, tokens) for reference, tokens in zip(parsed.references, parts.references, strict=True)],
        [marker.number for marker in parsed.markers],
    )


def render_page(
    lead: str,
    sections: Sequence[tuple[str, str]],
    references: Sequence[tuple[int, str]],
) -> RenderedPage:
    """Render a page from the sources of its parts: ``sections`` holds (heading source, body source) pairs.

    Each part is parsed on its own; a page's parts render as the page's one parse does (tested
    over the corpus), so the renderer's rules can be tested on a few parts at a time.
    """
    lead_tokens = MARKDOWN.parse(lead)
    headings = [parse_heading(heading) for heading, _ in sections]
    bodies = [MARKDOWN.parse(body) for _, body in sections]
    numbers = {number for number, _ in references}
    # A heading's markers count with its section, before the section's text (as parse_page counts them).
    pairs = list(zip(headings, bodies, strict=True))
    parts = [lead_tokens, *([*([heading] if heading else []), *body] for heading, body in pairs)]
    return _render_parts(
        lead_tokens,
        pairs,
        [(number, MARKDOWN.parse(source)) for number, source in references],
        [marker.number for marker in markers_in(parts, numbers)],
    )


def _render_parts(
    lead: Sequence[Token],
    sections: Sequence[tuple[Token | None, Sequence[Token]]],
    references: Sequence[tuple[int, Sequence[Token]]],
    marker_numbers: Sequence[int],
) -> RenderedPage:
    # One footnote state for the whole page: ids count a number's uses across sections.
    footnotes = FootnoteState.for_page(marker_numbers, [number for number, _ in references])
    lead_html = _html(lead, footnotes)
    headings, bodies = [], []
    for heading, body in sections:
        headings.append(_inline_html(heading, footnotes))
        bodies.append(_html(body, footnotes))
    return RenderedPage(
        lead=lead_html,
        headings=tuple(headings),
        sections=tuple(bodies),
        references={number: _unwrap_paragraph(_html(tokens, None)) for number, tokens in references},
        marker_counts=dict(footnotes.counts),
    )
