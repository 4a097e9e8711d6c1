"""``manage.py render_articles [TITLE…]``: pages derived again from their current revisions (``articles.renderer``)."""

from django.core.management.base import BaseCommand, CommandError

from articles.management.progress import Progress, add_progress_argument
from articles.renderer import UnknownTitles, articles_to_render, render_articles


class Command(BaseCommand):
    help = (
        "Derive stored HTML, sections, references, search terms, related entries and links again from each "
        "article's current revision. By default only the articles an older siberia derived "
        "(run it after upgrading); each article is all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("titles", nargs="*", help="only these articles")
        parser.add_argument("--all", action="store_true", help="every article, not only those derived before")
        add_progress_argument(parser)

    def handle(self, *args, titles, all, progress_every, **options):
        try:
            ids = articles_to_render(titles, every=all)
        except UnknownTitles as error:
            raise CommandError(str(error)) from None
        progress = Progress(self.stderr, len(ids), progress_every)
        failures = []
        for done, rendered in enumerate(render_articles(ids), start=1):
            if rendered.error:
                failures.append(f"{rendered.title}: {rendered.error}")
                progress.line(f"failed: {failures[-1]}")
            progress.tick(done)
        progress.finish()
        self.stdout.write(f"{len(ids) - len(failures)} rendered, {len(failures)} failed")
        if failures:
            raise CommandError(f"{len(failures)} article(s) failed:\n" + "\n".join(failures))
