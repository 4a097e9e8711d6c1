"""``manage.py export_pages DIR``: each article's current revision out as its page file (``articles.exporting``)."""

from contextlib import closing
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.exporting import ATTRIBUTION_FILE, ExportError, UnknownCategory, export_pages, pages_to_export
from articles.management.progress import Progress, add_progress_argument
from articles.renderer import UnknownTitles


class Command(BaseCommand):
    help = (
        "Write each article's current revision into DIR as the page file it came from or an editor left it "
        "(<title>.md, spaces as _), with SOURCE.md naming the licence, zh.wikipedia and the revisions' authors; "
        "import_articles DIR reads it back. Each file appears whole or not at all; files of other names in DIR "
        "are left as they are. The exit status is non-zero when any page could not be written."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR", help="where to write the pages (made if missing)")
        only = parser.add_mutually_exclusive_group()
        only.add_argument("--titles", nargs="+", default=(), help="only these articles (a title in any variant)")
        only.add_argument("--category", help="only the articles of this category")
        add_progress_argument(parser)

    def handle(self, *args, folder, titles, category, progress_every, **options):
        folder = Path(folder)
        try:
            articles = pages_to_export(titles, category)
        except (UnknownTitles, UnknownCategory) as error:
            raise CommandError(str(error)) from None
        total = articles.count()
        progress = Progress(self.stderr, total, progress_every)
        written, failures = 0, []
        exported = export_pages(articles, folder)
        try:
            with closing(exported):  # an export stopped early removes its temporary files at once
                for done, page in enumerate(exported, start=1):
                    if page.error:
                        failures.append(f"{page.title}: {page.error}")
                        progress.line(f"failed: {failures[-1]}")
                    else:
                        written += 1
                    progress.tick(done)
        except ExportError as error:
            progress.finish()
            raise CommandError(f"{error}\n{self._stopped(written, total, folder)}") from None
        except KeyboardInterrupt:
            progress.finish()
            raise CommandError(f"interrupted\n{self._stopped(written, total, folder)}") from None
        progress.finish()

        self.stdout.write(f"{written} exported, {len(failures)} failed: {folder} (attribution in {ATTRIBUTION_FILE})")
        if failures:
            raise CommandError(f"{len(failures)} page(s) could not be written:\n" + "\n".join(failures))

    @staticmethod
    def _stopped(written, total, folder):
        return (
            f"export stopped: {written} of {total} pages written whole to {folder}, none half-written; "
            f"{ATTRIBUTION_FILE} not written"
        )
