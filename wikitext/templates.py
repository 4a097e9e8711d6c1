"""What MediaWiki's templates left in the text when the export dropped them: what a reader gets instead.

The export kept a template it could not convert as its source, ``{{ 长江上游水系 }}`` (a navigation
box), ``{{ cite web | url = … }}``, ``{{\\#invoke:…}}``; MediaWiki would have shown the template's
output, never its braces. So a closed ``{{…}}`` goes, whatever it holds (links, line breaks, even
a few blocks: ``{{#invoke:`` opened in a list item and closed two paragraphs on), and the few
templates that stand for one character (``{{·}}``, ``{{!}}``) become it. An unclosed ``{{``, or a
span longer than ``MAX_SPAN`` characters (or ``MAX_EVENTS`` events), stays as it is: text is never dropped on a guess.

Also here, each one pattern: what removed templates left inside the words (``LEFTOVERS``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .events import CLOSE, OPEN, SOFT, TEXT, Event

# What dropped templates leave in the words: a bold or italic left empty (a title or language
# template: ``**`` and ``****``), brackets around nothing (a pronunciation or language template),
# the closing brackets of an image caption.
# (Asterisks with a space on both sides are an operator, ``2 ** 3``: they stay.)
LEFTOVERS = re.compile(r"(?<!\s)\*{2,}|\*{2,}(?!\s)|（[、，；,;\s]*）|\]\]")
# Templates that stand for one character, or none ({{-}}, a clear, wherever it stands).
CHARACTER_TEMPLATES = {"{{·}}": "·", "{{!}}": "|", "{{=}}": "=", "{{-}}": ""}
_CHARACTER_TEMPLATE = re.compile("|".join(re.escape(template) for template in CHARACTER_TEMPLATES))
# Braces of a template: not after a TeX command, a letter, a digit or a brace (``\\frac{{a}}{b}``,
# ``x^{{2}}`` are formulas the export left as text, not templates).
_BRACES = re.compile(r"(?<![A-Za-z0-9}^_\\])\{\{|\}\}")
_OPENING = re.compile(r"(?<![A-Za-z0-9}^_\\])\{\{")
MAX_SPAN = 2000
MAX_EVENTS = 100  # a template that runs on across more (links, breaks, blocks) stays: no template does


def character_templates(text: str) -> str:
    """``text`` with each one-character template replaced by its character (raw HTML too)."""
    return (
        _CHARACTER_TEMPLATE.sub(lambda template: CHARACTER_TEMPLATES[template.group()], text) if "{{" in text else text
    )


def drop_templates(events: Sequence[Event]) -> list[Event]:
    """``events`` without the closed templates their words hold (see the module's docstring).

    One pass, so that a page of a great many templates (a hostile one) costs no more than its length:
    templates within one text go by a count of braces, and one that runs on into later events is
    followed for at most ``MAX_SPAN`` characters.
    """
    out: list[Event] = []
    index, carried = 0, None
    count = len(events)
    # For each event, the first text at or after it that closes a template: where none is near,
    # an open one is not followed at all (a page of unclosed ones costs no scans).
    # A code block's text is code: no template is looked for in it, nor followed into it.
    in_code, depth = [False] * count, 0
    for position, event in enumerate(events):
        if event[0] == OPEN and event[1] == "pre":
            depth += 1
        elif event[0] == CLOSE and event[1] == "pre":
            depth -= 1
        in_code[position] = depth > 0
    closer = [count] * (count + 1)
    for position in range(count - 1, -1, -1):
        event = events[position]
        closes = event[0] == TEXT and not in_code[position] and "}}" in event[1]
        closer[position] = position if closes else closer[position + 1]
    while index < count:
        event = carried if carried is not None else events[index]
        carried = None
        if event[0] != TEXT or "{{" not in event[1] or in_code[index]:
            out.append(event)
            index += 1
            continue
        text = _without_closed(event[1])
        opening = _OPENING.search(text)  # every one left is one this text does not close
        opened = opening.start() if opening else -1
        near = opened >= 0 and closer[index + 1] <= index + MAX_EVENTS
        span = _closing(events, index, text, opened) if near else None
        if span is None:
            if text:
                out.append((TEXT, text, None, None))
            index += 1
            continue
        end, end_offset = span
        if opened:
            out.append((TEXT, text[:opened], None, None))
        out += _structure_between(events[index + 1 : end])
        tail = events[end][1][end_offset:]
        index = end
        if tail:
            carried = (TEXT, tail, None, None)
        else:
            index += 1
    return _tidied(out)


def _without_closed(text: str) -> str:
    """``text`` without the templates it opens and closes itself (nested ones within them), each of
    at most ``MAX_SPAN`` characters."""
    opens: list[int] = []
    cuts: list[tuple[int, int]] = []
    for braces in _BRACES.finditer(text):
        if braces.group() == "{{":
            opens.append(braces.start())
        elif opens:
            start = opens.pop()
            if not opens and braces.end() - start <= MAX_SPAN:
                cuts.append((start, braces.end()))
    if not cuts:
        return text
    kept, position = [], 0
    for start, end in cuts:
        kept.append(text[position:start])
        position = end
    kept.append(text[position:])
    return "".join(kept)


def _closing(events: Sequence[Event], start: int, text: str, offset: int) -> tuple[int, int] | None:
    """(event, offset past its ``}}``) of the template opened at ``text[offset]`` (the text of
    ``events[start]``, closed ones gone), in a later event; None past ``MAX_SPAN`` characters or
    ``MAX_EVENTS`` events."""
    depth = len(_OPENING.findall(text, offset))  # this text closes none of them
    length = len(text) - offset
    for index in range(start + 1, min(len(events), start + 1 + MAX_EVENTS)):
        kind, value = events[index][0], events[index][1]
        if length > MAX_SPAN or (kind == OPEN and value == "pre"):
            return None  # too long, or running into code: no template
        if kind != TEXT:
            length += 1
            continue
        for braces in _BRACES.finditer(value):
            if length + braces.start() > MAX_SPAN:
                return None
            depth += 1 if braces.group() == "{{" else -1
            if depth == 0:
                return index, braces.end()
        length += len(value)
    return None


def _structure_between(between: Sequence[Event]) -> list[Event]:
    """Of the events a template ran across, what closes the blocks around its start and opens those
    around its end: the structure stays whole, the template's own blocks and words go."""
    stack: list[Event] = []
    closes: list[Event] = []
    for event in between:
        if event[0] == OPEN:
            stack.append(event)
        elif event[0] == CLOSE:
            if stack:
                stack.pop()
            else:
                closes.append(event)
    return closes + stack


def _tidied(events: list[Event]) -> list[Event]:
    """A line break left at a paragraph's edge goes, and a paragraph left with nothing to show, as
    the reader drops them elsewhere (pulldown-cmark never writes either)."""
    out: list[Event] = []
    paragraph = -1  # where the paragraph being copied opened in ``out``, while it shows nothing yet
    for event in events:
        kind = event[0]
        if kind == SOFT and out and out[-1][:2] == (OPEN, "p"):
            continue
        if kind == CLOSE and event[1] == "p" and out and out[-1][0] == SOFT:
            out.pop()
        if kind == OPEN and event[1] == "p":
            paragraph = len(out)
        elif kind == CLOSE and event[1] == "p" and paragraph >= 0:
            del out[paragraph:]
            paragraph = -1
            continue
        elif paragraph >= 0 and not (kind == SOFT or (kind == TEXT and not event[1].strip())):
            paragraph = -1
        out.append(event)
    return out
