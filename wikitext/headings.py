"""Headings: the words a reader sees, MediaWiki's anchors, and which headings name what.

A section's anchor is its heading's words with ``_`` for spaces (``_2``, ``_3`` … when a
heading repeats); the related entries and the citation list stand under the headings named
here, in any variant.
"""

from __future__ import annotations

from markdown_it.token import Token

from .dialect import MARKDOWN
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
    tokens = MARKDOWN.parseInline(inline_source)
    return heading_words(tokens[0]) if tokens else ""


def heading_words(inline: Token) -> str:
    """The words of a heading's inline token, as ``heading_text`` gives them."""
    words = "".join(_plain_text(inline.children or []))
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


def parse_heading(source: str) -> Token | None:
    """The inline token of a heading's source, or None for an empty heading."""
    tokens = MARKDOWN.parseInline(source) if source.strip() else []
    return tokens[0] if tokens else None


def _plain_text(children: list[Token]) -> list[str]:
    out = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "footnote_marker":
            continue
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return out
