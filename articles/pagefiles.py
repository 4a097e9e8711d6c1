"""Find page files on disk and read them, with an error that names what is wrong."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .parsing import ParsedPage, ParseError, parse_page
from .preparing import PreparedPage, prepare_page, source_digest
from .sanitizing import without_controls
from .wikisyntax import normalize_title

PAGE_SUFFIX = ".md"

# The longest page accepted, in bytes of UTF-8: some 150 times the corpus's longest page
# (26 kB); real text of this length parses in about two seconds. The default of the
# setting SIBERIA_MAX_PAGE_BYTES, which the import and the admin pass down; this module
# reads no settings, for the import's worker processes run it without Django.
MAX_PAGE_BYTES = 4 * 1024 * 1024


class PageFileError(Exception):
    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def page_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The page files named, and those in the folders named (recursively), sorted."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from sorted(p for p in path.rglob(f"*{PAGE_SUFFIX}") if p.is_file() and p.name != "SOURCE.md")
        elif path.is_file():
            yield path
        else:
            raise PageFileError(path, "no such file or folder")


def title_from_path(path: Path) -> str:
    # A file name may hold control characters; a title, shown on every page, may not.
    return normalize_title(without_controls(path.name.removesuffix(PAGE_SUFFIX)))


def check_page_size(size: int, max_bytes: int = MAX_PAGE_BYTES, *, subject: str = "file") -> str | None:
    """Why a page of ``size`` bytes (UTF-8) is refused, or None when it is not over ``max_bytes``.

    ``subject`` names what is measured: ``check_page_size(5242880, 4194304)`` is
    "the file is 5,242,880 bytes, over the limit of 4,194,304 (SIBERIA_MAX_PAGE_BYTES)";
    with ``subject="text"`` it says "the text is …", for a text typed in a form.
    """
    if size <= max_bytes:
        return None
    return f"the {subject} is {size:,} bytes, over the limit of {max_bytes:,} (SIBERIA_MAX_PAGE_BYTES)"


def read_page(path: Path, max_bytes: int = MAX_PAGE_BYTES) -> tuple[ParsedPage, str]:
    """(parsed page, its text) of one file, or PageFileError saying why not."""
    text = read_text(path, max_bytes)
    try:
        return parse_page(text, title_from_path(path)), text
    except ParseError as error:
        raise PageFileError(path, str(error)) from None


def read_text(path: Path, max_bytes: int = MAX_PAGE_BYTES) -> str:
    """The text of a page file, or PageFileError saying why it is not one.

    A file over ``max_bytes`` is refused before it is read.
    """
    size = path.stat().st_size
    _check_size(path, size, max_bytes)
    with path.open("rb") as file:
        data = file.read(size + 1)
        if len(data) > size:  # grown since: read on to one byte past the limit, no further
            data += file.read(max_bytes + 1 - len(data))
    if len(data) > max_bytes:
        _check_size(path, max(path.stat().st_size, len(data)), max_bytes)
    if not data.strip():
        raise PageFileError(path, "the file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PageFileError(path, f"not valid UTF-8 (byte {error.start})") from None
    if "\x00" in text:
        raise PageFileError(path, "the file holds NUL bytes: not a text page")
    return text


def _check_size(path: Path, size: int, max_bytes: int) -> None:
    reason = check_page_size(size, max_bytes)
    if reason is not None:
        raise PageFileError(path, reason)


@dataclass(frozen=True)
class UnchangedFile:
    """A file identical to the one its page was last imported from: nothing to parse or write."""

    title: str


def prepare_file(
    path: Path, stored_digest: str | None = None, max_bytes: int = MAX_PAGE_BYTES
) -> tuple[Path, PreparedPage | UnchangedFile | None, str]:
    """(path, the page ready to write, or None and why not): for a pool of worker processes.

    ``stored_digest`` is that of the page's source as last imported: a file
    that still has it is neither parsed nor rendered again. A file over
    ``max_bytes`` is refused unread.
    """
    try:
        text = read_text(path, max_bytes)
        if stored_digest is not None and source_digest(text) == stored_digest:
            return path, UnchangedFile(title_from_path(path)), ""
        parsed = parse_page(text, title_from_path(path))
    except PageFileError as error:
        return path, None, error.reason
    except ParseError as error:
        return path, None, str(error)
    return path, prepare_page(parsed, text), ""


def prepare_task(
    task: tuple[Path, str | None] | tuple[Path, str | None, int],
) -> tuple[Path, PreparedPage | UnchangedFile | None, str]:
    """``prepare_file`` for ``Pool.imap``, which passes one argument: (path, stored digest[, max bytes])."""
    return prepare_file(*task)
