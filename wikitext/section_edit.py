"""A page's Markdown cut into the sections the page shows, for editing one of them (``?action=edit&section=N``).

Section 0 is the lead (everything before the first heading); section n is the
n-th heading with its body, up to the next heading of any level, as
wikitext.parsing splits the page, so the numbers match the headings readers
see. Each section is an exact slice of the text: joining them gives the text
back byte for byte, and replacing one leaves every other byte as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from .parsing import heading_lines


@dataclass(frozen=True)
class SourceSection:
    number: int
    start: int  # offsets into the page's text
    end: int
    text: str


def split_sections(text: str) -> list[SourceSection]:
    """The lead and each section as slices of ``text`` (LF line endings)."""
    offsets = [0]
    for line in text.split("\n"):
        offsets.append(offsets[-1] + len(line) + 1)
    starts = [0, *(offsets[n] for n in heading_lines(text))]
    ends = [*starts[1:], len(text)]
    return [
        SourceSection(n, start, end, text[start:end]) for n, (start, end) in enumerate(zip(starts, ends, strict=True))
    ]


def section_text(text: str, number: int) -> str:
    return _section(text, number).text


def replace_section(text: str, number: int, new: str) -> str:
    """``text`` with section ``number`` replaced by ``new``; every other byte unchanged.

    A textarea's text without its trailing newlines gets the old section's back,
    so the next heading stays a block of its own."""
    section = _section(text, number)
    if not new.endswith("\n"):
        new += section.text[len(section.text.rstrip("\n")) :]
    return text[: section.start] + new + text[section.end :]


def _section(text: str, number: int) -> SourceSection:
    sections = split_sections(text)
    if not 0 <= number < len(sections):
        raise IndexError(f"the page has no section {number} (it has 0 to {len(sections) - 1})")
    return sections[number]
