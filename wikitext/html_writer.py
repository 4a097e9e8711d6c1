"""Events to HTML: the corpus's render rules, in one pass over a part's events.

The HTML is what markdown-it's CommonMark renderer writes (the same tags and line breaks, so
that a page reads the same as before the parser changed), with the rules of this site: a
wikilink carries its target (``data-target``) for the serving step to point it at a local page
or at zh.wikipedia; a footnote marker gets MediaWiki's ids; a line break between two CJK
characters is no space; a file link shows its caption; the words pandoc pulled into a link
stand after it. The output is not yet sanitised: ``wikitext.rendering`` passes it to nh3.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from .cjk import IDEOGRAPH_RUN, UNSPACED_CHARACTER
from .events import (
    BLOCK_TAGS,
    CLOSE,
    CODE,
    HARD,
    HTML,
    INLINE_HTML,
    MARKER,
    OPEN,
    RULE,
    SOFT,
    TEXT,
    Event,
    LinkInfo,
)
from .hrefs import FIGURE_TITLE_PREFIX, classify_href, file_title
from .markers import sub_raw_markers
from .titles import category_name, outside_url

# What HTML escaping changes in text: most holds none of it, and is written as it is.
_ESCAPED = re.compile("[&<>]")
_FILE_NAME = re.compile(r"\.(jpe?g|png|gif|svg|tiff?|webp|ogg|ogv|webm|pdf)$", re.IGNORECASE)
_INLINE_KINDS = frozenset({TEXT, CODE, INLINE_HTML, MARKER, SOFT, HARD})
_BLOCK_OPEN_HTML = {
    "p": "<p>",
    "blockquote": "<blockquote>\n",
    "ul": "<ul>\n",
    "table": "<table>\n",
    "thead": "<thead>\n",
    "tbody": "<tbody>\n",
    "tr": "<tr>\n",
    "th": "<th>",
    "td": "<td>",
    **{f"h{level}": f"<h{level}>" for level in range(1, 7)},
}
_CLOSE_HTML = {
    "p": "</p>\n",
    "blockquote": "</blockquote>\n",
    "ul": "</ul>\n",
    "ol": "</ol>\n",
    "li": "</li>\n",
    "table": "</table>\n",
    "thead": "</thead>\n",
    "tbody": "</tbody>\n",
    "tr": "</tr>\n",
    "th": "</th>\n",
    "td": "</td>\n",
    "em": "</em>",
    "strong": "</strong>",
    "del": "</del>",
    "a": "</a>",
    "pre": "</code></pre>\n",
    **{f"h{level}": f"</h{level}>\n" for level in range(1, 7)},
}
# Raw HTML tables keep MediaWiki's wikilinks as <a href=… title="wikilink">.
_RAW_WIKILINK = re.compile(r'<a\s+href="(?P<href>[^"]*)"\s+title="wikilink"\s*>')

MarkerLink = Callable[[int], "str | None"]


def _escape(text: str) -> str:
    """Text escaped for HTML, with a look (in C) first: replacements for nothing cost more. Quotes
    stay as they are: text needs no escaping of them, and a written ``&#x27;`` would send the
    fragment to the sanitiser's careful path."""
    return html.escape(text, quote=False) if _ESCAPED.search(text) else text


def _attribute(value: str) -> str:
    """An attribute value, double-quoted: ``&``, ``<``, ``>`` and ``"`` escaped (``'`` needs not be)."""
    return html.escape(value, quote=False).replace('"', "&quot;")


def write_html(events: Sequence[Event], linked_marker: MarkerLink) -> str:
    """The HTML of ``events``; ``linked_marker(n)`` gives marker n's linked HTML, or None for a bare one."""
    out: list[str] = []
    append = out.append
    count = len(events)
    figure = False  # inside a file link: its text is a caption
    trail: tuple[int, int] | None = None  # (index of a link's text, where the words after its target begin)
    image_depth = 0
    for index in range(count):
        kind, value, detail, _lines = events[index]
        if image_depth:
            if kind == OPEN and value == "img":
                image_depth += 1
            elif kind == CLOSE and value == "img":
                image_depth -= 1
            continue
        if kind == TEXT:
            if trail is not None and trail[0] == index:
                append(_escape(value[: trail[1]]))
            elif figure:
                # MediaWiki shows an image here; we show its name as a caption, not as a file name.
                append(_escape(_FILE_NAME.sub("", value).replace("_", " ")))
            else:
                append(_escape(value))
        elif kind == SOFT:
            # pandoc hard-wraps lines; a break between two CJK characters is no space.
            before = events[index - 1] if index else None
            after = events[index + 1] if index + 1 < count else None
            if (
                before is not None
                and after is not None
                and before[0] == TEXT
                and after[0] == TEXT
                and UNSPACED_CHARACTER.match(before[1][-1:])
                and UNSPACED_CHARACTER.match(after[1][:1])
            ):
                continue
            append("\n")
        elif kind == OPEN:
            if value == "a":
                append(_link_open(detail, events, index))
                figure = detail.title.startswith(FIGURE_TITLE_PREFIX) and bool(
                    _FILE_NAME.search(detail.title[len(FIGURE_TITLE_PREFIX) :])
                )
                trail = _link_trail(detail, events, index)
                continue
            if value == "img":
                image_depth = 1  # nh3 drops an image, alt text and all: so do we, before it
                continue
            if index and value in BLOCK_TAGS and value != "pre" and _is_inline(events[index - 1]):
                append("\n")  # markdown-it's line break after a tight list item's words
            if value in ("em", "strong", "del"):
                append(f"<{value}>")
            elif value == "li":
                following = events[index + 1] if index + 1 < count else None
                opens_block = following is not None and (
                    (following[0] == OPEN and following[1] in BLOCK_TAGS) or following[0] in (HTML, RULE)
                )
                append("<li>\n" if opens_block else "<li>")
            elif value == "ol":
                append(f'<ol start="{detail}">\n' if detail != 1 else "<ol>\n")
            elif value == "pre":
                append(f'<pre><code class="language-{_attribute(detail)}">' if detail else "<pre><code>")
            else:
                append(_BLOCK_OPEN_HTML[value])
        elif kind == CLOSE:
            if value == "a":
                figure = False
                if trail is not None:
                    append("</a>" + _escape(events[trail[0]][1][trail[1] :]))
                    trail = None
                    continue
            append(_CLOSE_HTML[value])
        elif kind == MARKER:
            append(linked_marker(value) or f'<sup class="reference">[{value}]</sup>')
        elif kind == CODE:
            append(f"<code>{_escape(value)}</code>")
        elif kind == HTML:
            append(sub_raw_markers(mark_raw_wikilinks(value), linked_marker))
        elif kind == INLINE_HTML:
            append(mark_raw_wikilinks(value))
        elif kind == HARD:
            append("<br />\n")
        elif kind == RULE:
            if index and _is_inline(events[index - 1]):
                append("\n")
            append("<hr />\n")
    return "".join(out)


def _is_inline(event: Event) -> bool:
    kind = event[0]
    return kind in _INLINE_KINDS or (kind == CLOSE and event[1] not in BLOCK_TAGS)


def _link_open(link: LinkInfo, events: Sequence[Event], index: int) -> str:
    title, href = link.title, link.href
    if link.wikilink is not None:
        target = link.wikilink[1]
        if category_name(target) is not None:
            return f'<a href="{_attribute(outside_url(target))}" class="external" rel="nofollow noopener">'
        return f'<a href="{_attribute(outside_url(target))}" class="wikilink" data-target="{_attribute(target)}">'
    if title.startswith(FIGURE_TITLE_PREFIX):
        caption = title[len(FIGURE_TITLE_PREFIX) :]
        if not _FILE_NAME.search(caption):
            return f'<a href="{_attribute(href)}" class="image">'
        # The link text is the bare file name; a caption, if any, follows the link as text.
        return f'<a href="{_attribute(href)}" class="image" aria-label="{_attribute(caption)}">'
    named_file = file_title(href)
    if named_file is not None:
        return f'<a href="{_attribute(outside_url(named_file))}" class="image">'
    return f'<a href="{_attribute(href)}" class="external" rel="nofollow noopener">'


def _link_trail(link: LinkInfo, events: Sequence[Event], index: int) -> tuple[int, int] | None:
    """pandoc pulls the words after ``[[二戰]]`` into the link (``[二戰結束以後被](二戰)``);
    MediaWiki has no link trail for Chinese and links 二戰 alone: so do we."""
    if link.wikilink is None or index + 2 >= len(events):
        return None
    text, closing = events[index + 1], events[index + 2]
    if text[0] != TEXT or closing[0] != CLOSE or closing[1] != "a":
        return None
    target, words = link.wikilink[1], text[1]
    if len(words) > len(target) and words.startswith(target) and IDEOGRAPH_RUN.fullmatch(words[len(target) :]):
        return index + 1, len(target)
    return None


def mark_raw_wikilinks(fragment: str) -> str:
    """A raw HTML fragment's wikilinks marked with their target, as the Markdown ones are."""
    if "wikilink" not in fragment:
        return fragment

    def replace(match: re.Match[str]) -> str:
        classified = classify_href(html.unescape(match.group("href")))
        if classified is None or category_name(classified[1]) is not None:
            return match.group(0)
        target = classified[1]
        return f'<a href="{_attribute(outside_url(target))}" class="wikilink" data-target="{_attribute(target)}">'

    return _RAW_WIKILINK.sub(replace, fragment)
