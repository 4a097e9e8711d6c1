"""Where pandoc's Markdown reads blocks otherwise than CommonMark: set right line by line, before reading.

The pages were written by pandoc for pandoc's reader; pulldown-cmark reads CommonMark, which
differs on two constructs the export writes (each found by ``tests/articles/test_corpus_structure.py``):

* a list marker alone on its line right under a list item's words (``  -``, an empty item MediaWiki
  had): CommonMark lets an empty item not interrupt a paragraph, and reads a lone ``-`` under a
  line as that line's setext underline (an ``<h2>`` inside the list); pandoc reads an empty item.
  Given a character that every text loses (the reader's guard), the item is no longer empty to
  CommonMark and stays an item, empty to the reader. Only where the next line cannot run on into
  it (a blank line, another item): a line of text would join the item, which it did not.
* a pipe table whose delimiter row has fewer cells than its header row: GFM reads no table at
  all (the pipes show), pandoc a table. The delimiter row gets the header's number of cells, so
  that every cell's words stay (pandoc drops the header cells past the delimiter's).

Every change keeps the number of lines, so the blocks' line numbers are the page's own. A page
with a fenced code block is left as it is: a lone ``-`` there is code.
"""

from __future__ import annotations

import re

_LONE_MARKER = re.compile(r"^[ \t]*[-*+][ \t]*$", re.MULTILINE)
_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
# (Each optional pipe takes its spaces with it: ``\|?[ \t]*`` beside ``[ \t]*`` would try every split
# of a long run of spaces.)
_DELIMITER_ROW = re.compile(r"^ {0,3}(?:\|[ \t]*)?:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*(?:\|[ \t]*)?$")
_FENCES = ("```", "~~~")
# A line that may be a delimiter row: looked for once before the page's lines are gone through.
_SHORT_ROW_CANDIDATE = re.compile(r"^ {0,3}(?:\|[ \t]*)?:?-+:?[ \t]*\|", re.MULTILINE)


def fix_blocks(text: str, guard: str) -> str:
    """``text`` with pandoc's block readings made CommonMark's; ``guard`` is the reader's vanishing character."""
    if any(fence in text for fence in _FENCES):
        return text
    if _LONE_MARKER.search(text):
        text = _fill_lone_markers(text, guard)
    if "|" in text and _SHORT_ROW_CANDIDATE.search(text):
        text = _pad_delimiter_rows(text)
    return text


def _fill_lone_markers(text: str, guard: str) -> str:
    lines = text.split("\n")
    filled = list(lines)
    for index in range(1, len(lines)):
        line = lines[index]
        if not _LONE_MARKER.match(line):
            continue
        before = lines[index - 1]
        after = lines[index + 1] if index + 1 < len(lines) else ""
        # Under a list item's words only: under a paragraph's a lone "-" is a setext underline to
        # pandoc too, and in code it is code.
        if _ITEM.match(before) and not _LONE_MARKER.match(before) and (not after.strip() or _ITEM.match(after)):
            filled[index] = f"{line.rstrip()} {guard}"
    return "\n".join(filled)


def _cells(row: str) -> int:
    inner = row.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    return len(re.split(r"(?<!\\)\|", inner))


def _pad_delimiter_rows(text: str) -> str:
    lines = text.split("\n")
    changed = False
    for index in range(1, len(lines)):
        line, header = lines[index], lines[index - 1]
        if "|" not in header or "|" not in line or "-" not in line or not _DELIMITER_ROW.match(line):
            continue
        # A table starts a block: its header row stands first, or after a blank line, and is no code.
        if (index > 1 and lines[index - 2].strip()) or header.startswith("    "):
            continue
        missing = _cells(header) - _cells(line)
        if missing > 0:
            lines[index] = line.rstrip().rstrip("|") + "|" + " --- |" * missing
            changed = True
    return "\n".join(lines) if changed else text
