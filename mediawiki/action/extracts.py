"""``prop=extracts`` (TextExtracts): a page's text as HTML or plain text, its lead alone with ``exintro``.

As TextExtracts does, links keep only their text, and footnote markers, tables, figures and
images are left out; headings come as ``<h2><span id=…>…</span></h2>`` in HTML, and as
``== … ==`` lines (``exsectionformat=wiki``, the default) or plain lines in text. Text is in the
variant asked. The leads come with the pages' rows; the sections are one more query.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

from articles.models import Section
from wikitext.prose import leading_sentences, left_out_of_prose
from wikitext.variants import convert_html, convert_text

from .call import Call
from .pageset import PageRef

EXTRACT_LIMIT = 20  # pages given an extract per call, as TextExtracts allows
MAX_SENTENCES = 10
MAX_CHARS = 1200
_VOID = {"br", "hr", "img", "wbr"}
_BLOCKS = {"p", "li", "dd", "dt", "div", "blockquote", "pre", "tr", "ul", "ol", "dl", "h2", "h3", "h4", "h5", "h6"}


class _Extract(HTMLParser):
    """A stored fragment as an extract shows it: as HTML without links and markers, and as text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.html: list[str] = []
        self.text: list[str] = []
        self.skipping: list[str] = []  # the open elements being left out, innermost last

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.skipping:
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        if left_out_of_prose(tag, (attributes.get("class") or "").split()):
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag == "br":
            self.text.append("\n")
        if tag in _BLOCKS and self.text and not self.text[-1].endswith("\n"):
            self.text.append("\n")
        if tag != "a":
            self.html.append(f"<{tag}>" if tag not in _VOID else f"<{tag} />")

    def handle_endtag(self, tag):
        if self.skipping:
            if self.skipping[-1] == tag:
                self.skipping.pop()
            return
        if tag in _BLOCKS:
            self.text.append("\n")
        if tag != "a" and tag not in _VOID:
            self.html.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.skipping:
            self.html.append(escape(data, quote=False))
            self.text.append(data)


def cleaned(fragment: str) -> tuple[str, str]:
    """(HTML, text) of a stored fragment, as an extract has them."""
    parser = _Extract()
    parser.feed(fragment)
    parser.close()
    text = re.sub(r"\n{2,}", "\n", "".join(parser.text)).strip()
    return "".join(parser.html).strip(), text


def extracts(call: Call, request, pages: list[PageRef], entries: list[dict]) -> dict:
    intro = call.flag("exintro")
    plain = call.flag("explaintext")
    sentences = call.integer("exsentences", 0, 0, MAX_SENTENCES)
    chars = call.integer("exchars", 0, 0, MAX_CHARS)
    limit = call.limit("exlimit", "extracts", default=EXTRACT_LIMIT, maximum=EXTRACT_LIMIT)
    section_format = call.choice("exsectionformat", ("plain", "wiki", "raw"), default="wiki")
    offset = call.integer("excontinue", 0, 0)
    found = [(page, entry) for page, entry in zip(pages, entries, strict=True) if page.article is not None]
    chosen = found[offset : offset + limit]
    sections = {} if intro else _sections([page.article.pk for page, _ in chosen])
    for page, entry in chosen:
        parts = [("", 0, "", page.article.lead_html)]
        parts += sections.get(page.article.pk, [])
        entry["extract"] = _extract(call, parts, plain, section_format, sentences, chars)
    if len(found) > offset + limit:
        return {"excontinue": str(offset + limit)}
    return {}


def _sections(ids: list[int]) -> dict[int, list[tuple[str, int, str, str]]]:
    """{article id: [(anchor, level, heading HTML, HTML)]}: every section of the pages, in one query."""
    grouped: dict[int, list[tuple[str, int, str, str]]] = {}
    if not ids:
        return grouped
    rows = Section.objects.filter(article_id__in=ids).order_by("article_id", "order")
    for article_id, anchor, level, heading, html in rows.values_list(
        "article_id", "anchor", "level", "heading_html", "html"
    ):
        grouped.setdefault(article_id, []).append((anchor, level, heading, html))
    return grouped


def _extract(call: Call, parts, plain: bool, section_format: str, sentences: int, chars: int) -> str:
    html_parts, text_parts = [], []
    for anchor, level, heading, body in parts:
        body_html, body_text = cleaned(body)
        if level:
            heading_text = cleaned(heading)[1]
            tag = f"h{min(max(level, 2), 6)}"
            html_parts.append(f'<{tag}><span id="{escape(anchor)}">{escape(heading_text, quote=False)}</span></{tag}>')
            marks = "=" * min(max(level, 2), 6)
            if section_format == "wiki":
                text_parts.append(f"\n\n{marks} {heading_text} {marks}\n")
            elif section_format == "raw":
                text_parts.append(f"\n\n<{tag}>{escape(heading_text, quote=False)}</{tag}>\n")
            else:
                text_parts.append(f"\n\n{heading_text}\n")
        html_parts.append(body_html)
        text_parts.append(body_text)
    if plain:
        # A heading keeps its line's end even when nothing follows it, as clients split sections on it.
        text = "".join(text_parts).lstrip().rstrip(" ") if not body_text else "".join(text_parts).strip()
        text = convert_text(text, call.variant) if call.variant.converts else text
        return _shortened(text, sentences, chars)
    html = "\n".join(part for part in html_parts if part)
    if sentences or chars:
        text = convert_text(cleaned(html)[1], call.variant) if call.variant.converts else cleaned(html)[1]
        return f"<p>{escape(_shortened(text, sentences, chars), quote=False)}</p>"
    return convert_html(html, call.variant) if call.variant.converts else html


def _shortened(text: str, sentences: int, chars: int) -> str:
    """The first ``sentences`` sentences, or the first ``chars`` characters (at a sentence's end when one is near)."""
    if sentences:
        return leading_sentences(text, sentences)
    if chars and len(text) > chars:
        return text[:chars].rstrip() + "…"
    return text
