"""Footnote markers: pandoc's escaped ``\\[n\\]`` in Markdown, a plain ``[n]`` in raw HTML."""

from __future__ import annotations

import re
from collections.abc import Callable

# pandoc's footnote marker in Markdown: an escaped bracket, one to four digits, an escaped bracket;
# not after a backslash that is itself escaped (``\\\\[1\\]`` is a backslash, then text). Group 1 is
# the escaped backslashes before it, group 2 the number.
ESCAPED_MARKER = re.compile(r"(?<!\\)((?:\\\\)*)\\\[([0-9]{1,4})\\\]")


# In raw HTML (the tables pandoc leaves as HTML) a footnote comes out as a plain ``[n]``.
# Tags are matched with their quoted attribute values, which may hold ">" and "[1]". A comment,
# tag or quoted value left open runs to the end of the fragment, as in a browser: were it no
# match, every later "<" would scan to the end again, and a fragment of thousands quadratic.
_RAW_MARKER_OR_TAG = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(?P<close>/?)(?P<name>[A-Za-z][\w-]*)(?:[^>\"']|\"[^\"]*(?:\"|\Z)|'[^']*(?:'|\Z))*(?:>|\Z)"
    r"|\[(?P<number>[0-9]{1,4})\]",
    re.DOTALL,
)
# Elements whose text is no place for a footnote: a link's words, code, scripts and styles.
_NO_MARKERS_INSIDE = frozenset({"a", "code", "pre", "kbd", "samp", "script", "style", "textarea"})


def sub_raw_markers(fragment: str, replacement: Callable[[int], str | None]) -> str:
    """Each ``[n]`` of a raw HTML fragment in running text replaced by ``replacement(n)``.

    Not inside tags, comments, links or code. A replacement of None keeps the text as it is.
    """
    if "[" not in fragment:
        return fragment
    open_elements = dict.fromkeys(_NO_MARKERS_INSIDE, 0)

    def swap(match: re.Match[str]) -> str:
        number = match.group("number")
        if number is None:
            name = (match.group("name") or "").lower()
            if name in open_elements:
                open_elements[name] = max(0, open_elements[name] + (-1 if match.group("close") else 1))
            return match.group(0)
        replaced = None if any(open_elements.values()) else replacement(int(number))
        return match.group(0) if replaced is None else replaced

    return _RAW_MARKER_OR_TAG.sub(swap, fragment)


def raw_markers(fragment: str) -> list[int]:
    """The numbers of the ``[n]`` markers of a raw HTML fragment, in order."""
    found: list[int] = []
    sub_raw_markers(fragment, found.append)  # append returns None: the fragment is only read
    return found
