"""Find page files on disk and read them, with an error that names what is wrong."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .parsing import ParsedPage, ParseError, parse_page
from .preparing import PreparedPage, prepare_page, source_digest
from .wikisyntax import normalize_title

PAGE_SUFFIX = ".md"


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
    return normalize_title(path.name.removesuffix(PAGE_SUFFIX))


def read_page(path: Path) -> tuple[ParsedPage, str]:
    """(parsed page, its text) of one file, or PageFileError saying why not."""
    text = read_text(path)
    try:
        return parse_page(text, title_from_path(path)), text
    except ParseError as error:
        raise PageFileError(path, str(error)) from None


def read_text(path: Path) -> str:
    """The text of a page file, or PageFileError saying why it is not one."""
    data = path.read_bytes()
    if not data.strip():
        raise PageFileError(path, "the file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PageFileError(path, f"not valid UTF-8 (byte {error.start})") from None
    if "\x00" in text:
        raise PageFileError(path, "the file holds NUL bytes: not a text page")
    return text


@dataclass(frozen=True)
class UnchangedFile:
    """A file identical to the one its page was last imported from: nothing to parse or write."""

    title: str


def prepare_file(path: Path, stored_digest: str | None = None) -> tuple[Path, PreparedPage | UnchangedFile | None, str]:
    """(path, the page ready to write, or None and why not): for a pool of worker processes.

    ``stored_digest`` is that of the page's source as last imported: a file
    that still has it is neither parsed nor rendered again.
    """
    try:
        text = read_text(path)
        if stored_digest is not None and source_digest(text) == stored_digest:
            return path, UnchangedFile(title_from_path(path)), ""
        parsed = parse_page(text, title_from_path(path))
    except PageFileError as error:
        return path, None, error.reason
    except ParseError as error:
        return path, None, str(error)
    return path, prepare_page(parsed, text), ""


def prepare_task(task: tuple[Path, str | None]) -> tuple[Path, PreparedPage | UnchangedFile | None, str]:
    """``prepare_file`` for ``Pool.imap``, which passes one argument."""
    return prepare_file(*task)
