"""How long a page may be: the one limit the import, the admin and ``loaddata`` apply."""

from __future__ import annotations

# The longest page accepted, in bytes of UTF-8: some 150 times the corpus's longest page
# (26 kB); real text of this length parses in about two seconds. The default of the
# setting SIBERIA_MAX_PAGE_BYTES, which the import and the admin pass down; this module
# reads no settings, for the import's worker processes run without Django.
MAX_PAGE_BYTES = 4 * 1024 * 1024


def check_page_size(size: int, max_bytes: int = MAX_PAGE_BYTES, *, subject: str = "file") -> str | None:
    """Why a page of ``size`` bytes (UTF-8) is refused, or None when it is not over ``max_bytes``.

    ``subject`` names what is measured: ``check_page_size(5242880, 4194304)`` is
    "the file is 5,242,880 bytes, over the limit of 4,194,304 (SIBERIA_MAX_PAGE_BYTES)";
    with ``subject="text"`` it says "the text is …", for a text typed in a form.
    """
    if size <= max_bytes:
        return None
    return f"the {subject} is {size:,} bytes, over the limit of {max_bytes:,} (SIBERIA_MAX_PAGE_BYTES)"
