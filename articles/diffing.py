"""What changed between two revisions' texts, character by character, cut into lines.

Chinese paragraphs are single long lines, so a line diff says only "this
paragraph changed": the diff here is by character (diff-match-patch, with its
line-level speed-up on long texts, then its semantic clean-up, so that changes
read as phrases rather than scattered characters), and then cut into lines so
that a page can show only the changed lines with a little context. Pure Python,
no Django.
"""

from __future__ import annotations

from dataclasses import dataclass

from diff_match_patch import diff_match_patch

EQUAL = "equal"
INSERT = "insert"
DELETE = "delete"
_KINDS = {
    diff_match_patch.DIFF_EQUAL: EQUAL,
    diff_match_patch.DIFF_INSERT: INSERT,
    diff_match_patch.DIFF_DELETE: DELETE,
}
# Shown where a line break itself was inserted or deleted (a paragraph split or joined).
NEWLINE_MARK = "↵"
# Past this, diff-match-patch returns a valid but coarser diff rather than running on.
TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class Segment:
    kind: str  # EQUAL, INSERT or DELETE
    text: str


@dataclass(frozen=True)
class DiffLine:
    old_number: int | None  # 1-based; None for a line only the new text has
    new_number: int | None  # None for a line only the old text had
    segments: tuple[Segment, ...]

    @property
    def changed(self) -> bool:
        return any(segment.kind != EQUAL for segment in self.segments)


@dataclass(frozen=True)
class Hunk:
    """Changed lines with their context; between two hunks, unchanged lines are left out."""

    old_start: int
    new_start: int
    lines: tuple[DiffLine, ...]


@dataclass(frozen=True)
class TextDiff:
    hunks: tuple[Hunk, ...]
    inserted: int  # characters
    deleted: int

    @property
    def identical(self) -> bool:
        return not self.hunks


def lf(text: str) -> str:
    """Line endings do not count as a change: CRLF and CR are read as LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def diff_texts(old: str, new: str, context: int = 1) -> TextDiff:
    """The character diff of ``old`` → ``new``: hunks of changed lines with ``context`` lines around each."""
    matcher = diff_match_patch()
    matcher.Diff_Timeout = TIMEOUT_SECONDS
    chunks = matcher.diff_main(lf(old), lf(new), True)
    matcher.diff_cleanupSemantic(chunks)
    pieces = [(_KINDS[op], text) for op, text in chunks if text]
    inserted = sum(len(text) for kind, text in pieces if kind == INSERT)
    deleted = sum(len(text) for kind, text in pieces if kind == DELETE)
    return TextDiff(hunks=_hunks(_lines(pieces), context), inserted=inserted, deleted=deleted)


def _lines(pieces: list[tuple[str, str]]) -> list[DiffLine]:
    """Cut the chunks into display lines: an unchanged line break ends a line on both sides,
    an inserted one only on the new side, a deleted one only on the old side."""
    lines: list[DiffLine] = []
    segments: list[Segment] = []
    old_line = new_line = 1
    has_old = has_new = False

    def close(advance_old: bool, advance_new: bool) -> None:
        nonlocal segments, old_line, new_line, has_old, has_new
        lines.append(DiffLine(old_line if has_old else None, new_line if has_new else None, tuple(segments)))
        segments, has_old, has_new = [], False, False
        old_line += advance_old
        new_line += advance_new

    for kind, text in pieces:
        parts = text.split("\n")
        for index, part in enumerate(parts):
            breaks = index < len(parts) - 1
            shown = part + (NEWLINE_MARK if breaks and kind != EQUAL else "")
            if shown:
                segments.append(Segment(kind, shown))
            if part or breaks:
                has_old |= kind != INSERT
                has_new |= kind != DELETE
            if breaks:
                close(advance_old=kind != INSERT, advance_new=kind != DELETE)
    if segments:
        close(False, False)
    return lines


def _hunks(lines: list[DiffLine], context: int) -> tuple[Hunk, ...]:
    changed = [i for i, line in enumerate(lines) if line.changed]
    if not changed:
        return ()
    spans: list[list[int]] = []
    for i in changed:
        start, end = max(i - context, 0), min(i + context, len(lines) - 1)
        if spans and start <= spans[-1][1] + 1:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    hunks = []
    for start, end in spans:
        shown = tuple(lines[start : end + 1])
        hunks.append(Hunk(old_start=_first(shown, "old_number"), new_start=_first(shown, "new_number"), lines=shown))
    return tuple(hunks)


def _first(lines: tuple[DiffLine, ...], side: str) -> int:
    numbers = [getattr(line, side) for line in lines if getattr(line, side) is not None]
    return numbers[0] if numbers else 0
