"""Text for Chinese search: variant-blind, segmented into CJK bigrams.

Chinese has no spaces between words, so a page's text is indexed as overlapping
character pairs (戰俘 → 战俘) in simplified characters: a query of two characters
or more matches wherever all its pairs stand, whichever script either side used.
"""

from __future__ import annotations

import html
import re

from .cjk import IDEOGRAPH_RUN, WORD_CHARACTER
from .variants import variant_blind

_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(r"</(p|li|h[2-6]|td|th|tr|div|blockquote|pre|dd|dt)>|<br\s*/?>", re.IGNORECASE)
# A run of ideographs becomes bigrams; a run of other letters and digits is a word, kept whole.
_TERM = re.compile(f"(?P<cjk>{IDEOGRAPH_RUN.pattern})|{WORD_CHARACTER.pattern}+")


def plain_text(fragment: str) -> str:
    """The words of a stored (already clean) fragment, blocks on their own lines."""
    text = _BLOCK_END.sub("\n", fragment)
    text = html.unescape(_TAG.sub("", text))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def grams(text: str) -> list[str]:
    """The terms of already normalised text: CJK bigrams (a lone character alone) and words."""
    terms: list[str] = []
    for match in _TERM.finditer(text):
        run = match.group(0)
        if match.lastgroup == "cjk" and len(run) > 1:
            terms.extend(map(str.__add__, run, run[1:]))
        else:
            terms.append(run)
    return terms


def index_terms(text: str) -> str:
    """What the search index stores for a page: its terms, space-separated."""
    return " ".join(grams(variant_blind(text)))
