from django.core.management.base import BaseCommand, CommandError
from django.db import reset_queries

from articles.importing import CREATED, UNCHANGED, UPDATED, import_page, page_warnings, planned_status
from articles.pagefiles import PageFileError, page_paths, read_page

FAILED = "failed"


class Command(BaseCommand):
    help = (
        "Import page files (the Markdown pandoc writes from zh.wikipedia); folders are searched recursively. "
        "Each page is its own transaction; the exit status is non-zero when any page failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="page files, or folders of them")
        parser.add_argument("--dry-run", action="store_true", help="parse and report, write nothing")
        parser.add_argument(
            "--progress-every", type=int, default=1000, help="pages between progress lines when not on a terminal"
        )

    def handle(self, *args, paths, dry_run, progress_every, **options):
        try:
            files = list(page_paths(paths))
        except PageFileError as error:
            raise CommandError(str(error)) from None
        counts = dict.fromkeys((CREATED, UPDATED, UNCHANGED, FAILED), 0)
        failures = []
        titles = {}
        progress = _Progress(self.stderr, len(files), progress_every)
        for done, path in enumerate(files, start=1):
            try:
                status = self._one(path, titles, dry_run)
            except PageFileError as error:
                status = FAILED
                failures.append(str(error))
                progress.line(f"failed: {error}")
            counts[status] += 1
            progress.tick(done)
            # With DEBUG on Django keeps every query; a long import must not hold them all.
            reset_queries()
        progress.finish()

        verb = "would be " if dry_run else ""
        self.stdout.write(
            f"{counts[CREATED]} {verb}created, {counts[UPDATED]} {verb}updated, "
            f"{counts[UNCHANGED]} unchanged, {counts[FAILED]} failed"
            + (" (dry run: nothing written)" if dry_run else "")
        )
        if failures:
            raise CommandError(f"{len(failures)} page(s) failed:\n" + "\n".join(failures))

    def _one(self, path, titles, dry_run):
        parsed, text = read_page(path)
        if parsed.title in titles:
            raise PageFileError(path, f"the title {parsed.title!r} is also that of {titles[parsed.title]}; not merged")
        titles[parsed.title] = path
        if dry_run:
            warnings, status = page_warnings(parsed), planned_status(parsed, text)
        else:
            result = import_page(parsed, text)
            warnings, status = result.warnings, result.status
        for warning in warnings:
            self.stderr.write(f"warning: {path}: {warning}")
        if status == UPDATED:
            self.stdout.write(
                f"updated: {parsed.title} (the file changed since its last import; the page was replaced)"
            )
        return status


class _Progress:
    """A bar on a terminal; a count every so many pages otherwise (logs, CI)."""

    def __init__(self, stream, total, every):
        self.stream, self.total, self.every = stream, total, max(every, 1)
        self.tty = stream.isatty()

    def tick(self, done):
        if self.tty:
            filled = int(30 * done / max(self.total, 1))
            self.stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{self.total}", ending="")
            self.stream.flush()
        elif done % self.every == 0 and done < self.total:
            self.stream.write(f"{done}/{self.total} pages")

    def line(self, text):
        if self.tty:
            self.stream.write("\r\033[K", ending="")
        self.stream.write(text)

    def finish(self):
        if self.tty:
            self.stream.write("")
