"""Every id and label of a citation, as MediaWiki's Cite writes them (its ``AnchorFormatter``): one owner.

A footnote marker ``[n]`` is ``<sup id="cite_ref-n">`` (``cite_ref-n-k`` when the page uses
reference n more than once, k counting from 0) linking to ``#cite_note-n``, the reference's list
item; the item links back to each marker, labelled a, b, c … when there are several. The front
end reads these ids from the HTML (``href`` and ``id``), never from a copy of this rule.
"""

from __future__ import annotations

import re
import string

MARKER_ID = re.compile(r"cite_ref-[0-9]+(-[0-9]+)?")  # ASCII digits: \d takes ١ and １ too
"""What a marker's id looks like: the only ``id`` the sanitiser lets a fragment keep."""


def marker_id(number: int, occurrence: int, uses: int) -> str:
    """The id of the ``occurrence``-th marker (from 0) of reference ``number``, used ``uses`` times."""
    return f"cite_ref-{number}" if uses == 1 else f"cite_ref-{number}-{occurrence}"


def note_id(number: int) -> str:
    """The id of reference ``number``'s entry in the citation list."""
    return f"cite_note-{number}"


def backlink_label(k: int) -> str:
    """a … z, aa … zz, aaa …: MediaWiki's label of a reference's ``k``-th use (from 0)."""
    label = ""
    k += 1
    while k:
        k, rest = divmod(k - 1, 26)
        label = string.ascii_lowercase[rest] + label
    return label


def backlinks(number: int, uses: int) -> list[tuple[str, str]]:
    """(label, href) of each marker citing reference ``number``: one unlabelled ↑, or a, b, c …"""
    if uses == 1:
        return [("", f"#{marker_id(number, 0, 1)}")]
    return [(backlink_label(k), f"#{marker_id(number, k, uses)}") for k in range(uses)]
