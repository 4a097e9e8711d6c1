"""The characters a page's reading borrows: a guard that sets CJK emphasis right, and brackets that keep
pandoc's escaped footnote markers apart from text. Each is a punctuation mark or symbol to CommonMark
that the page does not hold (a page holding them all reads as plain CommonMark); each string the
reader gives back loses them or has the page's own characters back.
"""

from __future__ import annotations

import html
import re

from .cjk import WIDE_CHARACTER
from .markers import ESCAPED_MARKER
from .pandoc_blocks import fix_blocks

# Characters a page hardly ever holds, each a punctuation mark or symbol to CommonMark: a page
# gets the first three it does not hold as its emphasis guard and its marker's brackets.
_STAND_INS = "\ufffc\u2e2e\u2e4e\u2e4f\ua60f\u2e3b"
# A run of asterisks: beside a CJK character (cjk.WIDE_CHARACTER) it gets the guard.
_STAR_RUN = re.compile(r"\*+")


class StandIns:
    """The page's guard and marker brackets, and how each kind of string gets its own text back."""

    def __init__(self, text: str) -> None:
        # pulldown-cmark decodes character references: a page writing one as &#xFFFC; holds it too.
        held = text + html.unescape(text) if "&#" in text else text
        free = [character for character in _STAND_INS if character not in held]
        self.active = len(free) >= 3
        if not self.active:  # a page holding them all reads as plain CommonMark: nothing is lost
            return
        self.guard, self.open, self.close = free[:3]
        self.marker = re.compile(f"{re.escape(self.open)}(\\d{{1,4}}){re.escape(self.close)}")
        self.literal = str.maketrans({self.guard: "", self.open: "\\[", self.close: "\\]"})
        self.unescaped = str.maketrans({self.guard: "", self.open: "[", self.close: "]"})
        # Most strings hold none of them: a search (in C) spares them the translation.
        self.held_in = re.compile(f"[{self.guard}{self.open}{self.close}]").search

    def protect(self, text: str) -> str:
        if not self.active:
            return text
        if "*" in text:
            text = _STAR_RUN.sub(self._guarded, text)
        if "\\[" in text:
            text = ESCAPED_MARKER.sub(f"\\1{self.open}\\2{self.close}", text)
        return fix_blocks(text, self.guard)

    def _guarded(self, run: re.Match[str]) -> str:
        # Found by its asterisks (the engine skips to each at once), then its neighbours looked at:
        # a character class tried at every position of the page cost several times more.
        source, start, end = run.string, run.start(), run.end()
        before = self.guard if start and WIDE_CHARACTER.match(source, start - 1) else ""
        after = self.guard if WIDE_CHARACTER.match(source, end) else ""
        return f"{before}{run.group()}{after}"

    def literal_text(self, text: str) -> str:
        """Code and raw HTML: the characters as the page wrote them."""
        return text.translate(self.literal) if self.active and self.held_in(text) else text

    def unescaped_text(self, text: str) -> str:
        """A link's destination or title, which CommonMark has unescaped already."""
        return text.translate(self.unescaped) if self.active and self.held_in(text) else text
