"""Headings: the words a reader sees, MediaWiki's anchors, and which headings name what.

A section's anchor is its heading's words with ``_`` for spaces (``_2``, ``_3`` … when a
heading repeats); the related entries and the citation list stand under the headings named
here, in any variant.
"""

from __future__ import annotations

from collections.abc import Sequence

from .dialect import read_inline
from .events import CODE, HARD, SOFT, TEXT, Event
from .variants import NO_CONVERSION, convert_text

RELATED_HEADINGS = frozenset({"相關條目", "相关条目", "参见", "參見", "參看", "参看", "参見"})
REFERENCE_HEADINGS = frozenset(
    {
        "参考文献",
        "參考文獻",
        "参考资料",
        "參考資料",
        "参考來源",
        "參考來源",
        "参考来源",
        "参考",
        "參考",
        "注释",
        "註釋",
        "注釋",
        "脚注",
        "腳註",
        "备注",
        "備註",
        "引用",
        "来源",
        "來源",
    }
)


def heading_text(inline_source: str) -> str:
    """The words of a heading as a reader sees them, markup and variant rules removed."""
    return heading_words(read_inline(inline_source))


def heading_words(inline: Sequence[Event]) -> str:
    """The words of a heading's inline events, as ``heading_text`` gives them."""
    words = "".join(_plain_text(inline))
    return " ".join(convert_text(words, NO_CONVERSION).split())


class Anchors:
    """MediaWiki's HTML5 anchors: the heading text, spaces as ``_``, ``_2`` … when repeated."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.repeats: dict[str, int] = {}  # where to go on counting, so that many repeats stay cheap

    def add(self, text: str) -> str:
        base = text.replace(" ", "_") or "section"
        anchor, n = base, self.repeats.get(base, 1)
        if n > 1:
            anchor = f"{base}_{n}"
        while anchor in self.taken:
            n += 1
            anchor = f"{base}_{n}"
        self.repeats[base] = n
        self.taken.add(anchor)
        return anchor


def parse_heading(source: str) -> tuple[Event, ...]:
    """The inline events of a heading's source; none for an empty heading."""
    return read_inline(source)


def _plain_text(inline: Sequence[Event]) -> list[str]:
    out = []
    for kind, value, _detail, _lines in inline:
        if kind in (TEXT, CODE):
            out.append(value)
        elif kind in (SOFT, HARD):
            out.append(" ")
    return out
