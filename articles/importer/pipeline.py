"""A whole import: files prepared by worker processes, written in batches, one outcome for every file.

``import_files(files, …)`` yields an ``Outcome`` per file as soon as it is decided (a page to
write, once its batch is written): the management command only reports them. Preparing
(reading, parsing, rendering) is the costly part and runs in a pool of processes from
``POOL_THRESHOLD`` files on; a file identical to the one its page was last imported from is
only read and hashed, the stored digests being looked up a window of files at a time.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from django.db import reset_queries

from articles.models import Article
from wikitext.derivation import PreparedPage
from wikitext.limits import MAX_PAGE_BYTES

from .files import UnchangedFile, prepare_task, title_from_path
from .memory import release_freed_memory
from .writer import BATCH_SIZE, CREATED, FAILED, KEPT, KEPT_REASON, UNCHANGED, UPDATED, write_pages

# Below this many files a pool of processes costs more to start than it saves.
POOL_THRESHOLD = 500
# Files whose stored digests are looked up at once; two windows are in flight.
WINDOW = 128


@dataclass(frozen=True)
class Outcome:
    """What became of one file: its status (CREATED … FAILED) and what the person running it should read."""

    path: Path
    title: str
    status: str
    warnings: tuple[str, ...] = ()
    reason: str = ""  # why it failed, or why it was kept
    revision: int | None = None  # the number of the revision it made, if any


@dataclass(frozen=True)
class StoredPage:
    digest: str  # of the file last imported
    edited: bool  # an editor changed the page since (or it was never imported)


def stored_pages(titles: Iterable[str]) -> dict[str, StoredPage]:
    """What the import needs to know of the titles that have a page, in one query."""
    rows = Article.objects.filter(title__in=list(titles)).values_list(
        "title", "source_sha256", "current_revision__sha256"
    )
    return {title: StoredPage(digest, current is not None and current != digest) for title, digest, current in rows}


def default_workers(file_count: int) -> int:
    """One process per core for a large import, none besides this one for a small one."""
    return (os.cpu_count() or 1) if file_count >= POOL_THRESHOLD else 1


def import_files(
    files: Sequence[str | Path],
    *,
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
    overwrite: bool = False,
    dry_run: bool = False,
    max_bytes: int = MAX_PAGE_BYTES,
) -> Iterator[Outcome]:
    """Import ``files``: each new or changed one a revision of its page (see ``writer``); one Outcome each.

    ``dry_run`` parses and decides as an import would, and writes nothing. ``files`` may be
    strings: a long import holds one for each file (a ``Path`` costs three times a string's
    memory), and a ``Path`` is made only for the files being prepared.
    """
    # Each title seen, with the file it came from as ``files`` gave it (a reference, no copy):
    # the one thing an import keeps for every file, so that memory grows as little as it can.
    file_by_title: dict[str, str | Path] = {}
    batch: list[PreparedPage] = []
    with _Prepared(files, workers, max_bytes) as prepared:
        for given, page, reason, stored in prepared:
            path = Path(given)
            if page is None:
                yield Outcome(path, title_from_path(path), FAILED, reason=reason)
                continue
            title = page.title if isinstance(page, UnchangedFile) else page.parsed.title
            if title in file_by_title:
                reason = f"the title {title!r} is also that of {file_by_title[title]}; not merged"
                yield Outcome(path, title, FAILED, reason=reason)
                continue
            file_by_title[title] = given
            if isinstance(page, UnchangedFile):
                yield Outcome(path, title, UNCHANGED)
            elif dry_run:
                # An unchanged file came as UnchangedFile.
                status = CREATED if stored is None else KEPT if stored.edited and not overwrite else UPDATED
                yield Outcome(path, title, status, page.warnings, KEPT_REASON if status == KEPT else "")
            else:
                batch.append(replace(page, path=str(path)))
                if len(batch) >= max(batch_size, 1):
                    yield from _written(batch, overwrite)
                    batch = []
        if batch:
            yield from _written(batch, overwrite)


def _written(batch: list[PreparedPage], overwrite: bool) -> Iterator[Outcome]:
    path_by_title = {page.parsed.title: Path(page.path) for page in batch}
    for result in write_pages(batch, overwrite):
        revision = result.article.current_revision if result.status == UPDATED and result.article else None
        yield Outcome(
            path_by_title[result.title],
            result.title,
            result.status,
            result.warnings,
            result.error,
            revision.number if revision else None,
        )
    # With DEBUG on Django keeps every query; a long import must not hold them all.
    reset_queries()
    release_freed_memory()


class _Prepared:
    """Pages parsed and rendered in file order, in worker processes or here for a few files."""

    def __init__(self, files: Sequence[str | Path], workers: int, max_bytes: int):
        self.files, self.workers, self.max_bytes, self.pool = files, workers, max_bytes, None

    def __enter__(self):
        if self.workers > 1:
            # spawn, not fork: the workers import only the pure modules (files, wikitext), never a database connection.
            self.pool = multiprocessing.get_context("spawn").Pool(self.workers)
        return self._results()

    def _tasks(self, window):
        """(worker tasks: path and the digest of its page's last imported file, each file's StoredPage)."""
        paths = [Path(given) for given in window]
        stored = stored_pages([title_from_path(path) for path in paths])
        known = [stored.get(title_from_path(path)) for path in paths]
        tasks = [(path, page.digest if page else None, self.max_bytes) for path, page in zip(paths, known, strict=True)]
        return tasks, known

    def _results(self):
        """(the file as given, prepared page or UnchangedFile or None, why not, its StoredPage or None) in order."""
        windows = (self.files[start : start + WINDOW] for start in range(0, len(self.files), WINDOW))
        if self.pool is None:
            for window in windows:
                tasks, known = self._tasks(window)
                yield from self._with_stored(window, known, map(prepare_task, tasks))
            return
        # Two windows in flight: the workers go on with the next while the writer takes this one,
        # and at most 2 × WINDOW prepared pages wait in memory.
        pending = deque()
        for window in windows:
            tasks, known = self._tasks(window)
            pending.append((window, known, self.pool.imap(prepare_task, tasks, chunksize=8)))
            if len(pending) == 2:
                yield from self._with_stored(*pending.popleft())
        while pending:
            yield from self._with_stored(*pending.popleft())

    @staticmethod
    def _with_stored(window, known, results):
        # The path a worker sends back is a copy of the one it was given: dropped, for the caller's own.
        for given, stored, (_, page, reason) in zip(window, known, results, strict=True):
            yield given, page, reason, stored

    def __exit__(self, *exc):
        if self.pool is None:
            return
        if exc[0] is None:
            self.pool.close()
        else:
            self.pool.terminate()
        self.pool.join()
