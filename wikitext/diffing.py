"""What changed between two texts of a page, character by character, cut into lines for display.

A line diff says nothing useful about Chinese prose: a paragraph is one long line,
so changing one character would show the whole paragraph as replaced. This diffs
characters (diff-match-patch), lets ``diff_cleanupSemantic`` group the result into
words and phrases, and only then cuts it into lines, keeping the changed lines and
``context`` unchanged lines around each. Between the two, edits that add or remove
whole lines are moved to line boundaries where that changes no more characters, so
an added paragraph shows as lines of its own rather than straddling its neighbours.

Line endings are normalised before anything else: CRLF and lone CR become LF, so
a text posted from a browser's textarea (always CRLF) compares identical to the
same text stored with LF, and line numbers count LF-separated lines.

Python strings are sequences of code points, so a character outside the BMP
(𠀀) is one character in the diff and in the totals, never a surrogate pair.

Pure Python with no Django import: the view passes the :class:`TextDiff` to the
``articles/_diff.html`` partial, which only reads these frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

from diff_match_patch import diff_match_patch

SegmentKind = Literal["equal", "insert", "delete"]
LineKind = Literal["equal", "change", "insert", "delete"]

# Past this many seconds diff-match-patch settles for a coarser (still correct) diff
# rather than keep a request waiting on a pathological pair of texts.
DIFF_TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class Segment:
    """A run of characters within one line that is in both texts, only the new one or only the old one.

    ``text`` never holds a newline: line breaks are what separates :class:`DiffLine` objects.
    """

    kind: SegmentKind
    text: str

    @property
    def is_blank(self) -> bool:
        """Only whitespace (spaces, tabs, the ideographic space): invisible unless the page marks it."""
        return self.text.isspace()


@dataclass(frozen=True)
class DiffLine:
    """One displayed line: at most one line of the old text and one of the new, shown merged.

    ``old_number`` and ``new_number`` are 1-based, or None when the line has nothing from
    that side (a line that only exists in the new text has ``old_number`` None).

    ``line_break`` is "insert" when this line ends in the new text but carries on in the
    old one (a paragraph split in two), "delete" for the reverse (two paragraphs joined,
    or the final newline removed), None otherwise. A line that exists on one side only
    has None: its line break went with it.
    """

    old_number: int | None
    new_number: int | None
    segments: tuple[Segment, ...]
    line_break: Literal["insert", "delete"] | None = None

    @property
    def kind(self) -> LineKind:
        if self.old_number is None:
            return "insert"
        if self.new_number is None:
            return "delete"
        if self.line_break or any(segment.kind != "equal" for segment in self.segments):
            return "change"
        return "equal"

    @property
    def changed(self) -> bool:
        return self.kind != "equal"


@dataclass(frozen=True)
class Hunk:
    """Consecutive displayed lines; the lines between two hunks are unchanged and left out.

    ``old_start`` and ``new_start`` are the line numbers, in each text, where the hunk
    begins: the first line's own number, or for a hunk that starts with lines from one
    side only, the number the other side's next line has (1 for a page's creation).
    """

    old_start: int
    new_start: int
    lines: tuple[DiffLine, ...]


@dataclass(frozen=True)
class TextDiff:
    """The whole comparison. ``chars_inserted`` and ``chars_deleted`` count newlines too."""

    hunks: tuple[Hunk, ...]
    chars_inserted: int
    chars_deleted: int

    @property
    def identical(self) -> bool:
        return not self.hunks


def normalise_line_endings(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def diff_texts(old: str, new: str, context: int = 1) -> TextDiff:
    """Compare ``old`` with ``new``, showing ``context`` unchanged lines around each changed one.

    Line endings are normalised to LF first: CRLF against LF alone is no change.
    """
    if context < 0:
        raise ValueError(f"context is a number of lines, 0 or more; got {context}")
    old, new = normalise_line_endings(old), normalise_line_endings(new)
    if old == new:
        return TextDiff(hunks=(), chars_inserted=0, chars_deleted=0)
    differ = _MinimalDiffer()
    stretches = _start_edits_at_line_starts(_keep_line_ends_shared(_stretches(differ, old, new), differ))
    edits = [stretch for stretch in stretches if isinstance(stretch, _Edit)]
    return TextDiff(
        hunks=_hunks(_LineCutter().cut(stretches), context),
        chars_inserted=sum(len(edit.inserted) for edit in edits),
        chars_deleted=sum(len(edit.deleted) for edit in edits),
    )


class _MinimalDiffer(diff_match_patch):  # type: ignore[misc]  # diff-match-patch ships no types: its class is Any
    """diff-match-patch without its "half match" shortcut, and with a time limit.

    When the two texts share a substring at least half as long as the longer one, the
    library splits the problem there without checking it is the right place. Text that
    repeats (a list of near-identical lines, a table, a paragraph pasted twice) then
    matches at the wrong copy, and ten changed characters show as 49,000 replaced. The
    line-mode pass (``checklines``) keeps long pages fast without it.
    """

    def __init__(self) -> None:
        super().__init__()
        self.Diff_Timeout = DIFF_TIMEOUT_SECONDS

    def diff_halfMatch(self, text1: str, text2: str) -> None:
        return None


class _Edit(NamedTuple):
    """A stretch of the diff that differs: what the old text has there and what the new one has."""

    deleted: str
    inserted: str


# The diff as alternating stretches: equal text (a str) and edits; never two of a kind in a row.
_Stretches = list[str | _Edit]


def _stretches(differ: _MinimalDiffer, old: str, new: str) -> _Stretches:
    # checklines: on long texts, first match whole lines, then rediff only the changed
    # lines character by character; a full character diff of a 100 KB page is far slower.
    operations: list[tuple[int, str]] = differ.diff_main(old, new, checklines=True)
    # Without this, "戰俘營" → "战俘营" reads as 戰→战, 俘 kept, 營→营: noise a reader
    # has to reassemble. A lone changed character between long equal runs stays as it is.
    differ.diff_cleanupSemantic(operations)
    stretches: _Stretches = []
    for operation, text in operations:
        if operation == differ.DIFF_DELETE:
            stretches.append(_Edit(deleted=text, inserted=""))
        elif operation == differ.DIFF_INSERT:
            stretches.append(_Edit(deleted="", inserted=text))
        else:
            stretches.append(text)
    # The library already joins neighbours after its clean-ups; doing it here makes the
    # alternation the line cutter relies on hold whatever the library version does.
    return _joined(stretches)


def _joined(stretches: _Stretches) -> _Stretches:
    """Adjacent equal texts joined into one, adjacent edits into one, empty ones dropped."""
    joined: _Stretches = []
    for stretch in stretches:
        if not (stretch.deleted or stretch.inserted if isinstance(stretch, _Edit) else stretch):
            continue
        if joined and isinstance(stretch, _Edit) and isinstance(joined[-1], _Edit):
            joined[-1] = _Edit(joined[-1].deleted + stretch.deleted, joined[-1].inserted + stretch.inserted)
        elif joined and isinstance(stretch, str) and isinstance(joined[-1], str):
            joined[-1] += stretch
        else:
            joined.append(stretch)
    return joined


def _edited_length(stretches: _Stretches) -> int:
    return sum(len(stretch.deleted) + len(stretch.inserted) for stretch in stretches if isinstance(stretch, _Edit))


def _keep_line_ends_shared(stretches: _Stretches, differ: _MinimalDiffer) -> _Stretches:
    """Re-diff an edit that starts mid-line and adds (or removes) lines on one side only, so the line stays whole.

    Semantic clean-up merges a short equal run into the edits around it and then moves the
    common end back out, so "第二段有十個字的句子。" → "第二段。\n\n新的第三段。" comes out as
    句子 replaced by "。\n\n新的第三段" followed by the old "。": the 。 of the shared line
    paired with the new paragraph's. Here the rest of the shared line, up to its newline,
    is diffed against the new line's own end, and the added lines follow as one insertion
    (a deletion, the other way round). Kept only when no more characters change.
    """
    result: _Stretches = []
    index = 0
    while index < len(stretches):
        stretch = stretches[index]
        after = stretches[index + 1] if index + 1 < len(stretches) else None
        after_is_last = index + 2 >= len(stretches)
        if (
            isinstance(stretch, _Edit)
            and stretch.deleted
            and stretch.inserted
            and ("\n" in stretch.deleted) != ("\n" in stretch.inserted)
            and result
            and isinstance(result[-1], str)
            and not result[-1].endswith("\n")
            and isinstance(after, str)
            and ("\n" in after or after_is_last)
        ):
            line_rest = after.split("\n", 1)[0]
            if "\n" in stretch.inserted:
                own_end, added = stretch.inserted.split("\n", 1)
                shared = _stretches(differ, stretch.deleted + line_rest, own_end)
                moved = _Edit("", "\n" + added + line_rest)
            else:
                own_end, added = stretch.deleted.split("\n", 1)
                shared = _stretches(differ, own_end, stretch.inserted + line_rest)
                moved = _Edit("\n" + added + line_rest, "")
            if _edited_length([*shared, moved]) <= _edited_length([stretch]):
                result.extend([*shared, moved, after[len(line_rest) :]])
                index += 2
                continue
        result.append(stretch)
        index += 1
    return _joined(result)


def _start_edits_at_line_starts(stretches: _Stretches) -> _Stretches:
    """Slide a pure insertion or deletion of whole lines so it begins right after a newline.

    "甲" + inserted "\n乙" + "\n丙" and "甲\n" + inserted "乙\n" + "丙" are the same change;
    only the second shows as a line 乙 added between two unchanged lines.
    """
    result = list(stretches)
    for index in range(1, len(result) - 1):
        before, stretch, after = result[index - 1 : index + 2]
        if not (isinstance(stretch, _Edit) and isinstance(before, str) and isinstance(after, str)):
            continue
        if stretch.deleted and stretch.inserted:
            continue
        moving = stretch.deleted or stretch.inserted
        if "\n" not in moving or before.endswith("\n"):
            continue
        through_newline = moving[: moving.index("\n") + 1]
        if after.startswith(through_newline):
            rotated = moving[len(through_newline) :] + through_newline
            result[index - 1] = before + through_newline
            result[index] = _Edit(rotated, "") if stretch.deleted else _Edit("", rotated)
            result[index + 1] = after[len(through_newline) :]
    return _joined(result)


class _LineCutter:
    """Cuts a character diff into displayed lines, each holding at most one old and one new line.

    Where an edit spans several lines, the lines it wholly deletes are shown before the
    lines it wholly inserts (as in a unified diff), and text around the edit stays on
    the line it shares with the other side.
    """

    def __init__(self) -> None:
        self.lines: list[tuple[int, int, DiffLine]] = []  # (old position, new position, line)
        self.old_number = 1
        self.new_number = 1
        self._reset_line()
        # Whether the current old/new line already has characters (in this or an earlier displayed line).
        self.old_mid_line = False
        self.new_mid_line = False

    def _reset_line(self) -> None:
        self.segments: list[Segment] = []
        self.touches_old = False
        self.touches_new = False
        self.line_old_position = self.old_number
        self.line_new_position = self.new_number

    def cut(self, stretches: _Stretches) -> list[tuple[int, int, DiffLine]]:
        for stretch in stretches:
            if isinstance(stretch, _Edit):
                self._edit(stretch.deleted.split("\n"), stretch.inserted.split("\n"))
            else:
                self._equal(stretch)
        if self.segments or self.touches_old or self.touches_new:
            self._end_line(old_breaks=False, new_breaks=False)
        return self.lines

    def _add(self, kind: SegmentKind, text: str) -> None:
        if not text:
            return
        if kind != "insert":
            self.touches_old = self.old_mid_line = True
        if kind != "delete":
            self.touches_new = self.new_mid_line = True
        self.segments.append(Segment(kind, text))

    def _end_line(self, *, old_breaks: bool, new_breaks: bool) -> None:
        touches_old = self.touches_old or old_breaks
        touches_new = self.touches_new or new_breaks
        line_break: Literal["insert", "delete"] | None = None
        if touches_old and touches_new and old_breaks != new_breaks:
            line_break = "delete" if old_breaks else "insert"
        line = DiffLine(
            old_number=self.old_number if touches_old else None,
            new_number=self.new_number if touches_new else None,
            segments=tuple(self.segments),
            line_break=line_break,
        )
        self.lines.append((self.line_old_position, self.line_new_position, line))
        if old_breaks:
            self.old_number += 1
            self.old_mid_line = False
        if new_breaks:
            self.new_number += 1
            self.new_mid_line = False
        self._reset_line()

    def _equal(self, text: str) -> None:
        first, *rest = text.split("\n")
        self._add("equal", first)
        for line in rest:
            self._end_line(old_breaks=True, new_breaks=True)
            self._add("equal", line)

    def _edit(self, deleted: list[str], inserted: list[str]) -> None:
        """One stretch of edits between two equal runs, each side already split at its newlines."""
        if len(deleted) == 1 and len(inserted) == 1:
            self._add("delete", deleted[0])
            self._add("insert", inserted[0])
            return
        whole_old, whole_new = deleted[:-1], inserted[:-1]
        if self.old_mid_line or self.new_mid_line:
            # The edit starts inside a line: its first part finishes that line on each
            # side where it holds a newline; the other side carries on to the next line.
            self._add("delete", deleted[0])
            self._add("insert", inserted[0])
            self._end_line(old_breaks=len(deleted) > 1, new_breaks=len(inserted) > 1)
            whole_old, whole_new = deleted[1:-1], inserted[1:-1]
            if len(deleted) == 1:
                deleted = [""]  # already shown on the line just ended
            if len(inserted) == 1:
                inserted = [""]
        for line in whole_old:
            self._add("delete", line)
            self._end_line(old_breaks=True, new_breaks=False)
        for line in whole_new:
            self._add("insert", line)
            self._end_line(old_breaks=False, new_breaks=True)
        # What follows the edit's last newline begins the line that the next equal text continues.
        self._add("delete", deleted[-1])
        self._add("insert", inserted[-1])


def _hunks(lines: list[tuple[int, int, DiffLine]], context: int) -> tuple[Hunk, ...]:
    changed = [index for index, (_, _, line) in enumerate(lines) if line.changed]
    ranges: list[list[int]] = []
    for index in changed:
        start, stop = max(index - context, 0), min(index + context + 1, len(lines))
        if ranges and start <= ranges[-1][1]:  # touching or overlapping: no gap worth skipping
            ranges[-1][1] = stop
        else:
            ranges.append([start, stop])
    return tuple(
        Hunk(
            old_start=lines[start][0],
            new_start=lines[start][1],
            lines=tuple(line for _, _, line in lines[start:stop]),
        )
        for start, stop in ranges
    )
