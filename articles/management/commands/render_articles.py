from django.core.management.base import BaseCommand, CommandError

from articles.management.progress import Progress, add_progress_argument
from articles.models import Article
from wikitext.titles import normalize_title

CHUNK = 100


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
        articles = Article.objects.all() if all or titles else Article.objects.derived_before()
        articles = articles.filter(current_revision__isnull=False)
        if titles:
            wanted = {normalize_title(title) for title in titles}
            articles = articles.filter(title__in=wanted)
            unknown = wanted - set(articles.values_list("title", flat=True))
            if unknown:
                raise CommandError("no article titled " + ", ".join(repr(title) for title in sorted(unknown)))
        # Ids only up front: the articles themselves are read a chunk at a time.
        ids = list(articles.order_by("pk").values_list("pk", flat=True))
        progress = Progress(self.stderr, len(ids), progress_every)
        failures = []
        for start in range(0, len(ids), CHUNK):
            for done, article in enumerate(Article.objects.filter(pk__in=ids[start : start + CHUNK]), start + 1):
                try:
                    article.render()
                except Exception as error:  # one article that cannot be rendered must not stop the others
                    failures.append(f"{article.title}: {type(error).__name__}: {error}")
                    progress.line(f"failed: {failures[-1]}")
                progress.tick(done)
        progress.finish()
        self.stdout.write(f"{len(ids) - len(failures)} rendered, {len(failures)} failed")
        if failures:
            raise CommandError(f"{len(failures)} article(s) failed:\n" + "\n".join(failures))
