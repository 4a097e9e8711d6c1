"""Snippets: about 120 characters of a page's text around the first match, matches marked."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wikitext.cjk import WORD_CHARACTER
from wikitext.searchtext import grams
from wikitext.variants import NO_CONVERSION, Variant, convert_text, variant_blind

from .query import Query

SNIPPET_WIDTH = 120  # characters of text around the first match
SNIPPET_LEAD = 30  # of which before it


def _pattern(pieces: Iterable[str]) -> re.Pattern | None:
    """Any of ``pieces`` (normalised), longest first; words only as whole words."""
    alternatives = []
    for piece in sorted(set(pieces), key=len, reverse=True):
        before = r"(?<!" + WORD_CHARACTER.pattern + ")" if WORD_CHARACTER.match(piece[0]) else ""
        after = r"(?!" + WORD_CHARACTER.pattern + ")" if WORD_CHARACTER.match(piece[-1]) else ""
        alternatives.append(before + re.escape(piece) + after)
    return re.compile("|".join(alternatives)) if alternatives else None


def _aligned(display: str) -> str:
    """``display`` normalised with every character where it was, for finding matches in it.

    Character conversion keeps lengths nearly always; a stretch between spaces whose
    normalisation does not (a casefolded ß, a rare phrase rule) is blanked out instead.
    """
    normalised = variant_blind(display)
    if len(normalised) == len(display):
        return normalised
    chunks = []
    for chunk in re.split(r"(\s+)", display):
        converted = variant_blind(chunk)
        chunks.append(converted if len(converted) == len(chunk) else "\0" * len(chunk))
    return "".join(chunks)


def snippet(text: str, parsed: Query, width: int = SNIPPET_WIDTH, variant: Variant = NO_CONVERSION) -> SafeString:
    """About ``width`` characters of ``text`` around the first match, matches in <mark>, the rest escaped.

    The text is shown in ``variant`` (by default its own characters, variant markup resolved)
    and matched variant-blind in its normalised form, aligned character by character;
    with no match (a title-only hit) the snippet is the start of the text. The whole text is
    converted before anything is marked, so that the marks never split what the converter
    reads as one phrase, and the marks are written after it, so that it never sees them.
    """
    display = convert_text(" ".join(text.split("\n")), variant)
    normalised = _aligned(display)
    spans: list[list[int]] = []
    start = 0
    # Each part of the query marked where it stands whole; where it does not, its bigrams.
    found = [needle for needle in parsed.needles if _pattern([needle]).search(normalised)]
    missing = [term for needle in parsed.needles if needle not in found for term in grams(needle)]
    whole = _pattern(found)
    pieces = _pattern([*found, *missing])
    first = whole.search(normalised) if whole else None
    if first is None and pieces is not None:
        first = pieces.search(normalised)
    if first is not None:
        start = max(0, first.start() - SNIPPET_LEAD)
        end = min(len(display), start + width)
        start = max(0, end - width)
        for match in pieces.finditer(normalised, start, end):
            if spans and match.start() <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], match.end())
            else:
                spans.append([match.start(), match.end()])
    end = min(len(display), start + width)
    parts = ["…"] if start > 0 else []
    position = start
    for span_start, span_end in spans:
        parts += [escape(display[position:span_start]), "<mark>", escape(display[span_start:span_end]), "</mark>"]
        position = span_end
    parts.append(escape(display[position:end]))
    if end < len(display):
        parts.append("…")
    return mark_safe("".join(parts))
