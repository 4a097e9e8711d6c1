"""A query as the index sees it: normalised and split exactly as ``Article.search_terms`` was.

``wikitext.searchtext`` owns the splitting (simplified CJK bigrams, lower-cased words); a
query also keeps its whitespace-separated parts (``needles``), which a title must contain to
rank first and which snippets mark whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wikitext.cjk import WORD_CHARACTER
from wikitext.searchtext import grams
from wikitext.variants import variant_blind

MAX_QUERY_LENGTH = 200  # characters of a query looked at
MAX_TERMS = 32  # index terms of a query looked at
MAX_NEEDLES = 8  # whitespace-separated parts of a query looked at

NOTHING_TO_SEARCH = "请输入要搜索的文字（汉字至少一个，或字母、数字）。"

_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")  # CJK characters are \w


@dataclass(frozen=True)
class Query:
    """A query as the index sees it."""

    needles: tuple[str, ...]  # normalised, whitespace-separated parts: what a title must contain
    terms: tuple[str, ...]  # index terms: bigrams and words, deduplicated

    @property
    def has_lone_character(self) -> bool:
        # Terms are CJK bigrams or words; a term of one character that is no word character is a lone CJK one.
        return any(len(term) == 1 and not WORD_CHARACTER.match(term) for term in self.terms)


def parse_query(query: str) -> Query:
    normalised = variant_blind(query[:MAX_QUERY_LENGTH])
    parts = (_EDGE_PUNCTUATION.sub("", part) for part in normalised.split())
    needles = tuple(dict.fromkeys(part for part in parts if grams(part)))[:MAX_NEEDLES]
    terms = tuple(dict.fromkeys(term for needle in needles for term in grams(needle)))[:MAX_TERMS]
    return Query(needles, terms)
