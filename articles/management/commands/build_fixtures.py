"""``manage.py build_fixtures``: fixtures/siberia.json from the seed page, the same bytes on every run."""

from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.importer.files import PageFileError, read_page
from articles.importer.writer import import_page
from articles.models import Article, Revision
from articles.signals import FIXTURE_AUTHOR

# Only the page's text goes into the fixture, as its first revision: sections, references,
# categories, HTML and links are derived again when it loads, so a fixture cannot smuggle
# markup onto a page.
FIELDS = {
    Article: ["title"],
    Revision: ["article", "number", "text", "author", "summary"],
}
SUMMARY = "载入 fixtures/siberia.json"


class _RollBack(Exception):
    pass


class Command(BaseCommand):
    help = "Build fixtures/siberia.json from the seed page, the same bytes on every run."

    def add_arguments(self, parser):
        parser.add_argument("--page", default=str(settings.SEED_PAGE), help="the page file to build from")
        parser.add_argument("--output", default=str(settings.SEED_FIXTURE), help="where to write the fixture")

    def handle(self, *args, page, output, **options):
        try:
            parsed, text = read_page(Path(page))
        except PageFileError as error:
            raise CommandError(str(error)) from None
        try:
            with transaction.atomic():
                Article.objects.filter(title=parsed.title).delete()
                article = import_page(parsed, text).article
                data = self._serialize(article)
                raise _RollBack
        except _RollBack:
            pass
        Path(output).write_text(data, encoding="utf-8")
        self.stdout.write(f"wrote {output}: {parsed.title}")

    def _serialize(self, article):
        revision = article.current_revision
        revision.summary, revision.author = SUMMARY, FIXTURE_AUTHOR  # serialised, not saved
        parts = [(Article, [article]), (Revision, [revision])]
        objects = []
        for model, rows in parts:
            text = serializers.serialize(
                "json",
                rows,
                fields=FIELDS[model],
                use_natural_foreign_keys=True,
                use_natural_primary_keys=True,
                indent=2,
                ensure_ascii=False,
            )
            objects.append(text.strip()[1:-1].strip("\n"))
        return "[\n" + ",\n".join(part for part in objects if part) + "\n]\n"
