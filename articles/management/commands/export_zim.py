"""``manage.py export_zim OUT.zim``: the articles as the site serves them in one variant, as a ZIM file for Kiwix."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.exporting import UnknownCategory, pages_to_export
from articles.management.progress import Progress, add_progress_argument
from articles.renderer import UnknownTitles
from articles.zim_export import UnknownVariant, ZimError, export_zim, variant_named


class Command(BaseCommand):
    help = (
        "Write the articles (current revisions), their category pages, a main page, the site's CSS and "
        "footnote previews into OUT.zim, with a title and a full-text index for Kiwix; pages as the site "
        "serves them in --variant (default zh, unconverted). The file appears whole or not at all."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", metavar="OUT.zim", help="the ZIM file to write")
        parser.add_argument("--variant", default="zh", help="the variant the pages are in (zh, zh-cn, zh-tw …)")
        only = parser.add_mutually_exclusive_group()
        only.add_argument("--titles", nargs="+", default=(), help="only these articles (a title in any variant)")
        only.add_argument("--category", help="only the articles of this category")
        add_progress_argument(parser)

    def handle(self, *args, out, variant, titles, category, progress_every, **options):
        out = Path(out)
        try:
            chosen = variant_named(variant)
            articles = pages_to_export(titles, category)
        except (UnknownVariant, UnknownTitles, UnknownCategory) as error:
            raise CommandError(str(error)) from None
        total = articles.count()
        progress = Progress(self.stderr, total, progress_every)
        done = 0
        try:
            for _exported in export_zim(articles, out, chosen):
                done += 1
                if done <= total:
                    progress.tick(done)
        except ZimError as error:
            progress.finish()
            raise CommandError(f"{error}; no file written") from None
        except KeyboardInterrupt:
            progress.finish()
            raise CommandError(f"{out}: interrupted after {done} pages; no file written") from None
        progress.finish()
        self.stdout.write(f"{total} articles and {done - total} category pages exported in {chosen.code}: {out}")
