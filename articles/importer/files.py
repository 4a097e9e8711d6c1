"""Find page files on disk, read them and prepare each for the writer, with errors that name the file.

No Django here: the import's worker processes run ``prepare_task`` with only this module
and the ``wikitext`` core loaded.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from wikitext.derivation import PreparedPage, prepare_page, source_digest
from wikitext.limits import MAX_PAGE_BYTES, check_page_size
from wikitext.page import ParsedPage, ParseError
from wikitext.parsing import parse_page
from wikitext.sanitizing import without_controls
from wikitext.titles import normalize_title

PAGE_SUFFIX = ".md"
# The corpus's attribution file (CC BY-SA): it lies among the pages and is none.
ATTRIBUTION_FILE = "SOURCE.md"


class PageFileError(Exception):
    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def page_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The page files named, and those in the folders named (recursively), sorted."""
    return map(Path, page_files(paths))


def page_files(paths: Iterable[str | Path]) -> Iterator[str]:
    """``page_paths`` as strings, in the same order, found without a ``Path`` for every file.

    An import of a million files holds every name from start to end: a string costs a third of
    what a ``Path`` does, and a folder is walked entry by entry, in the order sorted paths have
    (name by name, a folder's files among its subfolders), rather than listed into ``Path``
    objects and sorted.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _files_under(os.fspath(path))
        elif path.is_file():
            yield os.fspath(path)
        else:
            raise PageFileError(path, "no such file or folder")


def _files_under(folder: str) -> Iterator[str]:
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        if entry.is_dir():
            yield from _files_under(entry.path)
        elif entry.name.endswith(PAGE_SUFFIX) and entry.name != ATTRIBUTION_FILE and entry.is_file():
            yield entry.path


def title_from_path(path: Path) -> str:
    # A file name may hold control characters; a title, shown on every page, may not.
    return normalize_title(without_controls(path.name.removesuffix(PAGE_SUFFIX)))


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
