"""Pages out as the files they came from: each article's current revision, byte for byte, with SOURCE.md.

Each page becomes ``<title>.md`` named as the corpus names its files, by the same rule the import
reads back (``wikitext.titles.title_to_path`` one way, ``articles.importer.files.title_from_path``
the other): importing the folder into an empty database gives the same articles. A title that
no file name on this system can carry back is reported, not written under another name.

Every file is written under a temporary name in its folder and renamed once complete, so a full
disk, an error or an interrupted export leaves no half-written file under a page's name and,
unless the process is killed outright, no temporary file either. The articles are read a chunk at
a time (a constant number of queries a chunk), and SOURCE.md is written as they go: memory does not
grow with the number of pages.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC
from itertools import islice
from pathlib import Path

from django.db.models import QuerySet

from articles.importer.files import ATTRIBUTION_FILE, PAGE_SUFFIX, title_from_path
from articles.models import Article, Category, Revision
from articles.renderer import UnknownTitles
from wikitext.titles import normalize_title, outside_url, title_to_path

CHUNK = 100  # articles read at a time: a page is up to SIBERIA_MAX_PAGE_BYTES, so a chunk stays bounded
# Temporary names end otherwise than PAGE_SUFFIX: one left by a killed export is never imported as a page.
TEMPORARY_PREFIX = ".export-"
TEMPORARY_SUFFIX = ".tmp"
NAME_MAX = 255  # bytes in a file name on Linux's file systems, when the folder's own limit cannot be asked

ATTRIBUTION_HEADER = """# Source of these pages

- Exported from siberia: each `<title>.md` is the current revision of its page, its text byte for byte, \
named after its title with spaces as `_`; `python manage.py import_articles <this folder>` reads them back.
- Licence: Wikipedia text, CC BY-SA 3.0/4.0 (https://creativecommons.org/licenses/by-sa/4.0/), by the \
Wikipedia contributors of each page: its history is at its zh.wikipedia address below. Changes made here \
are under the same licence, by the authors of its revisions listed below. Keep this attribution with any copy.

| file | zh.wikipedia | revision | saved (UTC) | revisions' authors here |
| --- | --- | --- | --- | --- |
"""


class ExportError(Exception):
    """A file or the folder could not be written: the export stops, naming it and why."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnknownCategory(LookupError):
    def __init__(self, name: str):
        super().__init__(f"no category named {name!r}")


class UnnamableTitle(ValueError):
    """No file name carries this title back through the import."""


@dataclass(frozen=True)
class Exported:
    title: str
    path: Path | None  # None when the page could not be written
    error: str = ""  # why it could not, if it could not


def pages_to_export(titles: Sequence[str] = (), category: str | None = None) -> QuerySet[Article]:
    """The articles with a current revision: every one, or those titled (in any variant), or those of a category."""
    articles = Article.objects.filter(current_revision__isnull=False)
    if titles:
        wanted = {normalize_title(title) for title in titles}
        found = Article.objects.by_titles(wanted)
        if unknown := wanted - set(found):
            raise UnknownTitles(unknown)
        articles = articles.filter(pk__in=[article.pk for article in found.values()])
    if category is not None:
        found_category = Category.objects.by_name(normalize_title(category))
        if found_category is None:
            raise UnknownCategory(category)
        articles = articles.filter(categories=found_category)
    return articles


def file_name(title: str, name_max: int = NAME_MAX) -> str:
    """The name of the file a page is exported to, or UnnamableTitle saying why no name carries it back."""
    name = title_to_path(title) + PAGE_SUFFIX
    if "/" in name:
        raise UnnamableTitle("a file name cannot hold '/'")
    size = len(name.encode("utf-8"))
    if size > name_max:
        raise UnnamableTitle(f"its file name would be {size:,} bytes, over this file system's {name_max}")
    if name == ATTRIBUTION_FILE:
        raise UnnamableTitle(f"its file would be {ATTRIBUTION_FILE}, which the import passes over as the attribution")
    if (read_back := title_from_path(Path(name))) != title:
        raise UnnamableTitle(f"its file {name!r} would import as {read_back!r}")
    return name


def export_pages(articles: QuerySet[Article], folder: Path, *, chunk_size: int = CHUNK) -> Iterator[Exported]:
    """Write each article's current revision into ``folder`` (made if missing), then SOURCE.md; one Exported each.

    Files of other names in the folder are left as they are; a page's file from an earlier export
    is replaced whole. A title no file name carries is an Exported with its error, and the others
    go on; a file that cannot be written (the folder, the disk) is ExportError, and the export stops.
    SOURCE.md is renamed into place only once every page is written.
    """
    name_max, mode = _prepare(folder), _ordinary_file_mode()
    rows = (
        articles.select_related("current_revision")
        .only("title", "current_revision__text", "current_revision__number", "current_revision__timestamp")
        .order_by("title")
        .iterator(chunk_size=chunk_size)
    )
    with _writing(folder / ATTRIBUTION_FILE, mode) as attribution:
        attribution.write(ATTRIBUTION_HEADER.encode("utf-8"))
        while chunk := list(islice(rows, chunk_size)):
            authors = _authors_of([article.pk for article in chunk])
            for article in chunk:
                try:
                    name = file_name(article.title, name_max)
                except UnnamableTitle as error:
                    yield Exported(article.title, None, str(error))
                    continue
                revision = article.current_revision
                with _writing(folder / name, mode) as page:
                    page.write(revision.text.encode("utf-8"))
                attribution.write(_attribution_row(name, article.title, revision, authors[article.pk]).encode("utf-8"))
                yield Exported(article.title, folder / name)
    _sync_folder(folder)


def _prepare(folder: Path) -> int:
    """Make the folder if missing; the longest file name it takes (ExportError when it is no folder)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ExportError(folder, "not a folder") from None
    except OSError as error:
        raise ExportError(folder, f"cannot make the folder: {error.strerror}") from None
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return NAME_MAX


def _authors_of(ids: list[int]) -> dict[int, list[str]]:
    """{article id: the authors of its revisions, each once, in the order they first saved}: one query."""
    authors: dict[int, dict[str, None]] = {pk: {} for pk in ids}
    pairs = Revision.objects.filter(article_id__in=ids).order_by("article_id", "number")
    for article_id, author in pairs.values_list("article_id", "author"):
        authors[article_id][author] = None
    return {pk: list(names) for pk, names in authors.items()}


def _attribution_row(name: str, title: str, revision: Revision, authors: list[str]) -> str:
    saved = revision.timestamp.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    cells = [name, outside_url(title), str(revision.number), saved, ", ".join(authors)]
    return "| " + " | ".join(_table_cell(cell) for cell in cells) + " |\n"


def _table_cell(text: str) -> str:
    # A pipe would end the cell early, and a backslash before one would undo its escape.
    return text.replace("\\", "\\\\").replace("|", "\\|")


class _writing:
    """A file written under a temporary name beside its own, renamed to it only when complete.

    On any error or interruption (KeyboardInterrupt, a generator closed early) the temporary
    file goes and the file's own name is untouched. OSError becomes ExportError naming the file.
    """

    def __init__(self, path: Path, mode: int):
        self.path, self.mode = path, mode
        try:
            descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMPORARY_PREFIX, suffix=TEMPORARY_SUFFIX)
        except OSError as error:
            raise ExportError(path.parent, f"cannot write in the folder: {error.strerror}") from None
        self.descriptor: int | None = descriptor
        self.temporary = Path(temporary)

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self.descriptor, view) :]
        except OSError as error:
            raise ExportError(self.path, f"could not be written: {error.strerror}") from None

    def __enter__(self) -> _writing:
        return self

    def __exit__(self, error_type, error, traceback) -> None:
        try:
            if error_type is None:
                self._finish()
        finally:
            if self.descriptor is not None:
                os.close(self.descriptor)
            with suppress(FileNotFoundError):
                self.temporary.unlink()

    def _finish(self) -> None:
        try:
            os.fchmod(self.descriptor, self.mode)
            os.fsync(self.descriptor)  # on disk before its name: a crash leaves the old file or the new, never a hole
            os.close(self.descriptor)
            self.descriptor = None
            os.replace(self.temporary, self.path)
        except IsADirectoryError:
            raise ExportError(self.path, "a folder has this file's name") from None
        except OSError as error:
            raise ExportError(self.path, f"could not be written: {error.strerror}") from None


def _ordinary_file_mode() -> int:
    """The mode a new file gets under the umask: mkstemp makes its files private (0600), a page is an ordinary file."""
    umask = os.umask(0o022)  # the umask can only be read by setting it: put it straight back
    os.umask(umask)
    return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Put the folder's new names on disk: the renames are the folder's to keep."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    except OSError as error:
        raise ExportError(folder, f"could not be written: {error.strerror}") from None
