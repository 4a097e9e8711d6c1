import multiprocessing
import os
from collections import deque
from dataclasses import replace

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import reset_queries

from articles.importing import CREATED, FAILED, KEPT, KEPT_REASON, UNCHANGED, UPDATED, import_pages, stored_pages
from articles.management.progress import Progress, add_progress_argument
from articles.models import Article
from articles.pagefiles import PageFileError, UnchangedFile, page_paths, prepare_task, title_from_path

# Below this many files a pool of processes costs more to start than it saves.
POOL_THRESHOLD = 500
# Files whose stored digests are looked up at once; two windows are in flight.
WINDOW = 128


class Command(BaseCommand):
    help = (
        "Import page files (the Markdown pandoc writes from zh.wikipedia); folders are searched recursively. "
        "Each changed file becomes a new revision of its page, all or nothing; a page an editor changed since "
        "its last import is kept as the editor left it unless --overwrite. The exit status is non-zero when "
        "any page failed (or, with --strict, was kept)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="page files, or folders of them")
        parser.add_argument("--dry-run", action="store_true", help="parse and report, write nothing")
        parser.add_argument(
            "--workers",
            type=int,
            default=0,
            help=f"processes that parse and render (default: one per core from {POOL_THRESHOLD} files on)",
        )
        parser.add_argument("--batch-size", type=int, default=100, help="pages written per transaction")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="make a changed file the current revision even of a page edited since its last import "
            "(the edit stays in the history)",
        )
        parser.add_argument(
            "--strict", action="store_true", help="exit non-zero when a page edited since its last import was kept"
        )
        add_progress_argument(parser)

    def handle(self, *args, paths, dry_run, workers, batch_size, overwrite, strict, progress_every, **options):
        try:
            files = list(page_paths(paths))
        except PageFileError as error:
            raise CommandError(str(error)) from None
        if workers <= 0:
            workers = (os.cpu_count() or 1) if len(files) >= POOL_THRESHOLD else 1
        self.counts = dict.fromkeys((CREATED, UPDATED, UNCHANGED, KEPT, FAILED), 0)
        self.failures = []
        self.kept = []
        self.paths_by_title = {}
        self.progress = Progress(self.stderr, len(files), progress_every)

        with _prepared(files, workers) as prepared:
            pages = self._accepted(prepared, dry_run, overwrite)
            if dry_run:
                for _ in pages:
                    pass
            else:
                for result in import_pages(pages, batch_size=max(batch_size, 1), overwrite=overwrite):
                    self._report(result)
                    # With DEBUG on Django keeps every query; a long import must not hold them all.
                    reset_queries()
        self.progress.finish()

        verb = "would be " if dry_run else ""
        counts = self.counts
        self.stdout.write(
            f"{counts[CREATED]} {verb}created, {counts[UPDATED]} {verb}updated, "
            f"{counts[UNCHANGED]} unchanged, {counts[KEPT]} kept as edited, {counts[FAILED]} failed"
            + (" (dry run: nothing written)" if dry_run else "")
        )
        if not dry_run:
            self._note_older_pages()
        if self.failures:
            raise CommandError(f"{len(self.failures)} page(s) failed:\n" + "\n".join(self.failures))
        if strict and self.kept:
            raise CommandError(f"{len(self.kept)} page(s) {KEPT_REASON}:\n" + "\n".join(self.kept))

    def _note_older_pages(self):
        # Unchanged files are not derived again: pages an older siberia derived keep its HTML until rendered.
        older = Article.objects.derived_before().count()
        if older:
            self.stdout.write(
                f"{older} page(s) hold HTML an older siberia derived: python manage.py render_articles renews them"
            )

    def _accepted(self, prepared, dry_run, overwrite):
        """The prepared pages worth writing; files that failed, or repeat a title, are reported."""
        for done, (path, page, reason, stored) in enumerate(prepared, start=1):
            self.progress.tick(done)
            if page is None:
                self._fail(f"{path}: {reason}")
                continue
            title = page.title if isinstance(page, UnchangedFile) else page.parsed.title
            if title in self.paths_by_title:
                self._fail(f"{path}: the title {title!r} is also that of {self.paths_by_title[title]}; not merged")
                continue
            self.paths_by_title[title] = path
            if isinstance(page, UnchangedFile):
                self.counts[UNCHANGED] += 1
                continue
            if dry_run:
                self._warn(path, page.warnings)
                # An unchanged file came as UnchangedFile.
                status = CREATED if stored is None else KEPT if stored.edited and not overwrite else UPDATED
                self.counts[status] += 1
                if status == UPDATED:
                    self.stdout.write(f"would update: {title} (the file changed since its last import)")
                elif status == KEPT:
                    self.stdout.write(f"would keep: {path}: {title}: {KEPT_REASON}")
                continue
            yield replace(page, path=str(path))

    def _report(self, result):
        path = self.paths_by_title[result.title]
        if result.status == FAILED:
            self._warn(path, result.warnings)
            self._fail(f"{path}: {result.error}")
            return
        self.counts[result.status] += 1
        if result.status == KEPT:
            self.kept.append(f"{path}: {result.title}")
            self.stdout.write(f"kept: {path}: {result.title}: {result.error}")
        self._warn(path, result.warnings)
        if result.status == UPDATED:
            revision = result.article.current_revision
            self.stdout.write(
                f"updated: {result.title} (the file changed since its last import: revision {revision.number}; "
                "the earlier ones stay in the history)"
            )

    def _warn(self, path, warnings):
        for warning in warnings:
            self.progress.line(f"warning: {path}: {warning}")

    def _fail(self, message):
        self.counts[FAILED] += 1
        self.failures.append(message)
        self.progress.line(f"failed: {message}")


class _prepared:
    """Pages parsed and rendered in file order, in worker processes or here for a few files.

    A file identical to the one its page was last imported from is only read and
    hashed: the stored digests are looked up a window of files at a time.
    """

    def __init__(self, files, workers):
        self.files, self.workers, self.pool = files, workers, None

    def __enter__(self):
        if self.workers > 1:
            # spawn, not fork: the workers import only the pure parsing modules, never a database connection.
            self.pool = multiprocessing.get_context("spawn").Pool(self.workers)
        return self._results()

    def _tasks(self, window):
        """(worker tasks: path and the digest of its page's last imported file, each path's StoredPage)."""
        stored = stored_pages([title_from_path(path) for path in window])
        known = [stored.get(title_from_path(path)) for path in window]
        limit = settings.SIBERIA_MAX_PAGE_BYTES
        tasks = [(path, page.digest if page else None, limit) for path, page in zip(window, known, strict=True)]
        return tasks, known

    def _results(self):
        """(path, prepared page or UnchangedFile or None, why not, the title's StoredPage or None) in file order."""
        windows = (self.files[start : start + WINDOW] for start in range(0, len(self.files), WINDOW))
        if self.pool is None:
            for window in windows:
                tasks, known = self._tasks(window)
                yield from self._with_stored(known, map(prepare_task, tasks))
            return
        # Two windows in flight: the workers go on with the next while the writer takes this one,
        # and at most 2 × WINDOW prepared pages wait in memory.
        pending = deque()
        for window in windows:
            tasks, known = self._tasks(window)
            pending.append((known, self.pool.imap(prepare_task, tasks, chunksize=8)))
            if len(pending) == 2:
                yield from self._with_stored(*pending.popleft())
        while pending:
            yield from self._with_stored(*pending.popleft())

    @staticmethod
    def _with_stored(known, results):
        for stored, result in zip(known, results, strict=True):
            yield (*result, stored)

    def __exit__(self, *exc):
        if self.pool is None:
            return
        if exc[0] is None:
            self.pool.close()
        else:
            self.pool.terminate()
        self.pool.join()
