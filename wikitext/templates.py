"""What MediaWiki's templates left in the text when the export dropped them: what a reader gets instead.

The export kept a template it could not convert as its source, ``{{ 长江上游水系 }}`` (a navigation
box), ``{{ cite web | url = … }}``, ``{{\\#invoke:…}}``; MediaWiki would have shown the template's
output, never its braces. So a closed ``{{…}}`` goes, whatever it holds (links, line breaks, even
a few blocks: ``{{#invoke:`` opened in a list item and closed two paragraphs on), and the few
templates that stand for one character (``{{·}}``, ``{{!}}``) become it. An unclosed ``{{``, or a
span longer than ``MAX_SPAN`` characters, stays as it is: text is never dropped on a guess.

Also here, each one pattern: what removed templates left inside the words (``LEFTOVERS``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .events import CLOSE, OPEN, SOFT, TEXT, Event

# What dropped templates leave in the words: a bold or italic left empty (a title or language
# template: ``**`` and ``****``), brackets around nothing (a pronunciation or language template),
# the closing brackets of an image caption.
LEFTOVERS = re.compile(r"\*{2,}|（[、，；,;\s]*）|\]\]")
# Templates that stand for one character, or none ({{-}}, a clear, wherever it stands).
CHARACTER_TEMPLATES = {"{{·}}": "·", "{{!}}": "|", "{{=}}": "=", "{{-}}": ""}
_CHARACTER_TEMPLATE = re.compile("|".join(re.escape(template) for template in CHARACTER_TEMPLATES))
_BRACES = re.compile(r"\{\{|\}\}")
MAX_SPAN = 2000


def character_templates(text: str) -> str:
    """``text`` with each one-character template replaced by its character (raw HTML too)."""
    return (
        _CHARACTER_TEMPLATE.sub(lambda template: CHARACTER_TEMPLATES[template.group()], text) if "{{" in text else text
    )


def drop_templates(events: list[Event]) -> list[Event]:
    """``events`` without the closed templates their words hold (see the module's docstring)."""
    index = 0
    while index < len(events):
        event = events[index]
        if event[0] == TEXT and "{{" in event[1]:
            span = _closing(events, index, event[1].index("{{"))
            if span is not None:
                events = _without(events, index, event[1].index("{{"), *span)
                continue  # the same event again: what stands after the template may open another
        index += 1
    return events


def _closing(events: Sequence[Event], start: int, offset: int) -> tuple[int, int] | None:
    """(event, offset past its ``}}``) of the template opened at ``events[start][1][offset]``, or None."""
    depth, length = 0, 0
    for index in range(start, len(events)):
        kind, value = events[index][0], events[index][1]
        if kind != TEXT:
            length += 1
            continue
        begin = offset if index == start else 0
        for braces in _BRACES.finditer(value, begin):
            if length + braces.start() - begin > MAX_SPAN:
                return None
            depth += 1 if braces.group() == "{{" else -1
            if depth == 0:
                return index, braces.end()
        length += len(value) - begin
        if length > MAX_SPAN:
            return None
    return None


def _without(events: list[Event], start: int, offset: int, end: int, end_offset: int) -> list[Event]:
    """The events with the template cut out: the blocks it ran across closed and opened as around it."""
    head = events[start][1][:offset]
    tail = events[end][1][end_offset:]
    kept: list[Event] = []
    if head:
        kept.append((TEXT, head, None, None))
    if start != end:
        # Of the events between, keep what closes the blocks around the template's start and
        # opens those around its end: the structure stays whole, the template's own blocks go.
        stack: list[Event] = []
        closes: list[Event] = []
        for event in events[start + 1 : end]:
            if event[0] == OPEN:
                stack.append(event)
            elif event[0] == CLOSE:
                if stack:
                    stack.pop()
                else:
                    closes.append(event)
        kept += closes + stack
    if tail:
        kept.append((TEXT, tail, None, None))
    result = events[:start] + kept + events[end + 1 :]
    return _without_empty_paragraphs(result, start, start + len(kept) + 1)


def _without_empty_paragraphs(events: list[Event], start: int, end: int) -> list[Event]:
    """About the cut: a line break left at a block's edge goes, and a paragraph left with nothing
    to show, as the reader drops them elsewhere."""
    index = max(1, start - 1)
    while index < min(len(events), end + 1):
        if events[index][0] == SOFT and (
            events[index - 1][0] == OPEN or index + 1 == len(events) or events[index + 1][0] == CLOSE
        ):
            del events[index]
            continue
        index += 1
    index = max(0, start - 2)
    while index < min(len(events), end + 2):
        if events[index][:2] == (OPEN, "p"):
            close = index + 1
            while close < len(events) and (
                events[close][0] == SOFT or (events[close][0] == TEXT and not events[close][1].strip())
            ):
                close += 1
            if close < len(events) and events[close][:2] == (CLOSE, "p"):
                del events[index : close + 1]
                continue
        index += 1
    return events
