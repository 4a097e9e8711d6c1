"""``manage.py import_articles PATH…``: page files in (``articles.importer``), one line per file worth reading."""

from contextlib import closing

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.importer.files import PageFileError, page_files
from articles.importer.pipeline import POOL_THRESHOLD, default_workers, import_files
from articles.importer.writer import CREATED, FAILED, KEPT, KEPT_REASON, UNCHANGED, UPDATED
from articles.management.progress import Progress, add_progress_argument
from articles.models import Article


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
            # Strings, not Paths: held for every file of the import, they cost a third of the memory.
            files = list(page_files(paths))
        except PageFileError as error:
            raise CommandError(str(error)) from None
        counts = dict.fromkeys((CREATED, UPDATED, UNCHANGED, KEPT, FAILED), 0)
        failures, kept = [], []
        progress = Progress(self.stderr, len(files), progress_every)
        outcomes = import_files(
            files,
            workers=workers if workers > 0 else default_workers(len(files)),
            batch_size=batch_size,
            overwrite=overwrite,
            dry_run=dry_run,
            max_bytes=settings.SIBERIA_MAX_PAGE_BYTES,
        )
        with closing(outcomes):  # the worker pool goes as soon as the import ends, however it ends
            for done, outcome in enumerate(outcomes, start=1):
                counts[outcome.status] += 1
                if outcome.status == KEPT:
                    kept.append(f"{outcome.path}: {outcome.title}")
                    self.stdout.write(f"{'would keep' if dry_run else 'kept'}: {kept[-1]}: {outcome.reason}")
                for warning in outcome.warnings:
                    progress.line(f"warning: {outcome.path}: {warning}")
                if outcome.status == FAILED:
                    failures.append(f"{outcome.path}: {outcome.reason}")
                    progress.line(f"failed: {failures[-1]}")
                elif outcome.status == UPDATED:
                    self.stdout.write(self._updated(outcome, dry_run))
                progress.tick(done)
        progress.finish()

        verb = "would be " if dry_run else ""
        self.stdout.write(
            f"{counts[CREATED]} {verb}created, {counts[UPDATED]} {verb}updated, "
            f"{counts[UNCHANGED]} unchanged, {counts[KEPT]} kept as edited, {counts[FAILED]} failed"
            + (" (dry run: nothing written)" if dry_run else "")
        )
        # Unchanged files are not derived again: pages an older siberia derived keep its HTML until rendered.
        older = 0 if dry_run else Article.objects.derived_before().count()
        if older:
            self.stdout.write(
                f"{older} page(s) hold HTML an older siberia derived: python manage.py render_articles renews them"
            )
        if failures:
            raise CommandError(f"{len(failures)} page(s) failed:\n" + "\n".join(failures))
        if strict and kept and not dry_run:
            raise CommandError(f"{len(kept)} page(s) {KEPT_REASON}:\n" + "\n".join(kept))

    @staticmethod
    def _updated(outcome, dry_run):
        if dry_run:
            return f"would update: {outcome.title} (the file changed since its last import)"
        return (
            f"updated: {outcome.title} (the file changed since its last import: revision {outcome.revision}; "
            "the earlier ones stay in the history)"
        )
