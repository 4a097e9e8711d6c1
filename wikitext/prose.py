"""The prose of a stored HTML fragment: its words without what is no prose, its opening paragraph, its sentences.

The one owner of what a preview, a description or an extract reads of a fragment. Not prose, and
left out with everything inside it (``left_out_of_prose``):

* footnote markers (``sup.reference``): a preview or a description has no references to point at;
* image links (``a.image``): their text is the image's name, not the page's words
  (``wikitext.rendering`` writes it so for want of the picture); 高加索's lead opens with a
  paragraph of three of them, which must not become its summary;
* notices (``blockquote``: "本文内容由…转换而来"), tables, figures and their captions, preformatted
  code, and styles or scripts, were one ever to get past the sanitiser.

A fragment opens with its first top-level paragraph that has words (``first_paragraph_html``):
what zh.wikipedia's page previews show (its REST ``extract_html``), not a paragraph inside a
hatnote, a table or a list. Links are unwrapped to their words, as a preview is not a place to
follow them from. A lead that has no such paragraph (one that is a list) opens with its first list
item or definition that has words (``opening_text``), so that it still has a sentence to say.

It reads the fragments siberia stored, which its renderer wrote and its sanitiser cleaned
(``wikitext.sanitizing``), so their elements nest; the HTML it gives is cleaned again all the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

from .sanitizing import clean_html
from .searchtext import plain_text

# Elements that are no prose whatever their class: notices, tables, figures, code, styles and scripts.
NOT_PROSE_TAGS = frozenset({"blockquote", "table", "figure", "figcaption", "pre", "style", "script"})
# Elements that are no prose with one of their classes: (tag, class): footnote markers and image links.
NOT_PROSE_CLASSES = frozenset({("sup", "reference"), ("a", "image")})
# The elements that hold a paragraph's worth of prose; only the outermost one open counts.
PROSE_BLOCKS = frozenset({"p", "li", "dd"})
# Elements that are never closed (HTML's void elements).
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)

SENTENCE_END = re.compile(r"[。！？]+[」』”’）)]*|[.!?]+[\"')\]]*(?=\s|$)")
"""Where a sentence ends: at a full stop, exclamation or question mark, with the quotes or brackets
closing on it; a Latin one only before a space or the end (``2.0`` is no end)."""
EMPTY_BRACKETS = re.compile(r"[（(]\s*[)）]")
"""What pandoc left where zh.wikipedia had a template (a name in another language): no words."""


def left_out_of_prose(tag: str, classes: Iterable[str] = ()) -> bool:
    """Whether an element ``tag`` with ``classes`` is no prose: it goes with everything inside it."""
    return tag in NOT_PROSE_TAGS or any((tag, name) in NOT_PROSE_CLASSES for name in classes)


def prose_html(fragment: str) -> str:
    """``fragment`` without what is no prose, its links unwrapped to their words."""
    walker = _ProseWalker(stop_at_paragraph=False)
    walker.walk(fragment)
    return clean_html("".join(walker.parts))


def prose_text(fragment: str) -> str:
    """The words of ``fragment`` without what is no prose, each block on a line of its own.

    A line break in the HTML's text is a space, as a browser shows it: the renderer has already
    joined the lines it had to join without one (``wikitext.rendering``), and no ``<pre>`` is left.
    """
    return plain_text(prose_html(fragment).replace("\n", " "))


def first_paragraph_html(fragment: str) -> str:
    """The first top-level ``<p>`` of ``fragment`` that has words, without what is no prose and with its
    links unwrapped; "" when none has."""
    walker = _ProseWalker(stop_at_paragraph=True)
    walker.walk(fragment)
    if walker.paragraph is None:
        return ""
    return clean_html("<p>" + walker.paragraph.strip() + "</p>")


def paragraph_text(paragraph_html: str) -> str:
    """The words of a paragraph as one line: a line break the renderer kept inside it is a space."""
    return " ".join(plain_text(paragraph_html).splitlines())


def opening_text(fragment: str) -> str:
    """The words ``fragment`` opens with, as one line: its first paragraph's (``first_paragraph_html``),
    else, when it has none, its first list item's or definition's that has words; "" for no prose."""
    walker = _ProseWalker(stop_at_paragraph=True)
    walker.walk(fragment)
    opening = walker.paragraph if walker.paragraph is not None else walker.first_block
    return paragraph_text(opening) if opening is not None else ""


def sentences(text: str) -> list[str]:
    """``text`` cut after each ``SENTENCE_END``, each piece stripped; the last may have no end of its own."""
    pieces: list[str] = []
    start = 0
    for end in SENTENCE_END.finditer(text):
        pieces.append(text[start : end.end()].strip())
        start = end.end()
    pieces.append(text[start:].strip())
    return [piece for piece in pieces if piece]


def leading_sentences(text: str, count: int) -> str:
    """The first ``count`` sentences of ``text`` as they are written (their spacing kept), or all of it."""
    for number, end in enumerate(SENTENCE_END.finditer(text), start=1):
        if number == count:
            return text[: end.end()].strip()
    return text.strip()


def first_sentence(text: str, length: int) -> str:
    """The first sentence of ``text`` without empty brackets, its spaces collapsed, at most ``length``
    characters (a longer one is cut and ends with "…"); "" for no words."""
    found = sentences(" ".join(EMPTY_BRACKETS.sub("", text).split()))
    sentence = found[0] if found else ""
    return sentence if len(sentence) <= length else sentence[: length - 1].rstrip() + "…"


class _ProseWalker(HTMLParser):
    """Writes a fragment again without what is no prose and without its links' tags, and notes the
    inner HTML of its first top-level paragraph with words and of its first prose block with words."""

    def __init__(self, *, stop_at_paragraph: bool) -> None:
        super().__init__(convert_charrefs=False)
        self.stop_at_paragraph = stop_at_paragraph
        self.parts: list[str] = []  # the fragment so far, as it is written again
        self.paragraph: str | None = None  # the first top-level paragraph with words, inside its tags
        self.first_block: str | None = None  # the first outermost prose block with words, inside its tags
        self._open: list[str] = []  # the elements open at this point, outermost first
        self._left_out_at: int | None = None  # the depth of the element being left out, while inside one
        self._block: tuple[str, int, int] | None = None  # (tag, depth, its first part) of the open prose block
        self._finished = False

    def walk(self, fragment: str) -> None:
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._finished:
            return
        depth = len(self._open)
        if tag not in _VOID:
            self._open.append(tag)
        if self._left_out_at is not None:
            return
        if left_out_of_prose(tag, (dict(attrs).get("class") or "").split()):
            if tag not in _VOID:
                self._left_out_at = depth
            return
        if tag != "a":
            self.parts.append(self.get_starttag_text() or "")
        if tag in PROSE_BLOCKS and self._block is None:
            self._block = (tag, depth, len(self.parts))

    def handle_endtag(self, tag: str) -> None:
        if self._finished or tag in _VOID or tag not in self._open:
            return
        depth = len(self._open) - 1 - self._open[::-1].index(tag)
        del self._open[depth:]
        if self._left_out_at is not None:
            if depth > self._left_out_at:  # an element inside the one left out
                return
            left_out_itself = depth == self._left_out_at
            self._left_out_at = None
            if left_out_itself:
                return
            # Else an element around it closed, and it with it (which a sanitised fragment never has).
        if self._block is not None and depth <= self._block[1]:
            self._close_block(*self._block)
        if tag != "a":
            self.parts.append(f"</{tag}>")

    def _close_block(self, tag: str, depth: int, first_part: int) -> None:
        self._block = None
        inner = "".join(self.parts[first_part:])
        if not plain_text(inner):
            return
        if self.first_block is None:
            self.first_block = inner
        if tag == "p" and depth == 0 and self.paragraph is None:
            self.paragraph = inner
            self._finished = self.stop_at_paragraph

    def _text(self, raw: str) -> None:
        if not self._finished and self._left_out_at is None:
            self.parts.append(raw)

    def handle_data(self, data: str) -> None:
        self._text(data)

    def handle_entityref(self, name: str) -> None:
        self._text(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._text(f"&#{name};")
