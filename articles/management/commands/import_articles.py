from django.core.management.base import BaseCommand, CommandError

from articles.importing import CREATED, UNCHANGED, UPDATED, import_page
from articles.pagefiles import PageFileError, page_paths, read_page


class Command(BaseCommand):
    help = "Import page files (Markdown from zh.wikipedia via pandoc); folders are searched recursively."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="page files or folders of them")

    def handle(self, *args, paths, **options):
        counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0}
        failures = []
        try:
            files = list(page_paths(paths))
        except PageFileError as error:
            raise CommandError(str(error)) from None
        for path in files:
            try:
                parsed, text = read_page(path)
                result = import_page(parsed, text)
            except PageFileError as error:
                failures.append(str(error))
                self.stderr.write(f"failed: {error}")
                continue
            counts[result.status] += 1
            for warning in result.warnings:
                self.stderr.write(f"warning: {path}: {warning}")
            if result.status == UPDATED:
                self.stdout.write(f"updated: {result.article.title} (the file changed; the page was replaced)")
        self.stdout.write(
            f"{counts[CREATED]} created, {counts[UPDATED]} updated, {counts[UNCHANGED]} unchanged, "
            f"{len(failures)} failed"
        )
        if failures:
            raise CommandError(f"{len(failures)} page(s) failed:\n" + "\n".join(failures))
