"""Write parsed pages into the database: upserted by title, each page all or nothing.

Pages are written in batches (a handful of bulk queries for a hundred pages);
a batch the database refuses is written again page by page, each in its own
transaction, so one bad page costs only itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import DatabaseError, transaction
from django.utils import timezone

from references.models import URL_MAX_LENGTH, Reference

from .bulk import insert_rows
from .models import DERIVED_FIELDS, Article, Category, Link, RelatedEntry, Section
from .parsing import ParsedPage
from .preparing import PreparedPage, prepare_page
from .variants import title_key

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
FAILED = "failed"

BATCH_SIZE = 100
_ARTICLE_FIELDS = ["source", "source_sha256", "lead", *DERIVED_FIELDS, "version"]


@dataclass(frozen=True)
class ImportResult:
    title: str
    status: str
    warnings: tuple[str, ...] = ()
    article: Article | None = None
    error: str = ""


def stored_digests(titles: Iterable[str]) -> dict[str, str]:
    """{title: digest of the source last imported} for the titles that have a page."""
    return dict(Article.objects.filter(title__in=list(titles)).values_list("title", "source_sha256"))


def import_page(parsed: ParsedPage, source: str) -> ImportResult:
    """Create or replace the article ``parsed.title`` from its page file.

    A file identical to the one last imported changes nothing, so an editor's
    changes made since in admin stay; a changed file replaces the page in place.
    """
    (result,) = write_batch([prepare_page(parsed, source)])
    return result


def import_pages(pages: Iterable[PreparedPage], batch_size: int = BATCH_SIZE) -> Iterator[ImportResult]:
    """Import a stream of pages in batches; memory holds one batch at a time."""
    batch: list[PreparedPage] = []
    for page in pages:
        batch.append(page)
        if len(batch) >= batch_size:
            yield from _write_or_fall_back(batch)
            batch = []
    if batch:
        yield from _write_or_fall_back(batch)


def _write_or_fall_back(batch: list[PreparedPage]) -> list[ImportResult]:
    try:
        return write_batch(batch)
    except DatabaseError:
        pass  # some page of the batch was refused: find it by writing them one at a time
    results = []
    for page in batch:
        try:
            results.extend(write_batch([page]))
        except DatabaseError as error:
            results.append(
                ImportResult(page.parsed.title, FAILED, page.warnings, error=f"the database refused it: {error}")
            )
    return results


@transaction.atomic
def write_batch(batch: list[PreparedPage]) -> list[ImportResult]:
    """Write a batch of pages with distinct titles in one transaction and a few bulk queries."""
    existing = {a.title: a for a in Article.objects.filter(title__in=[page.parsed.title for page in batch])}
    results, created, updated, written = {}, [], [], []
    now = timezone.now()
    for page in batch:
        parsed = page.parsed
        article = existing.get(parsed.title)
        if article is not None and article.source_sha256 == page.digest:
            results[parsed.title] = ImportResult(parsed.title, UNCHANGED, page.warnings, article)
            continue
        if article is None:
            article = Article(title=parsed.title, title_key=page.title_key, created_at=now)
            created.append(article)
            status = CREATED
        else:
            updated.append(article)
            status = UPDATED
        article.source, article.source_sha256, article.lead = page.source, page.digest, parsed.lead
        article.apply(page.derived)
        article.version += 1
        article.updated_at = now
        written.append((article, page))
        results[parsed.title] = ImportResult(parsed.title, status, page.warnings, article)

    if updated:
        for model, key in ((Section, "article"), (Reference, "article"), (RelatedEntry, "article"), (Link, "source")):
            model.objects.filter(**{f"{key}__in": updated}).delete()
        Article.categories.through.objects.filter(article__in=updated).delete()
        Article.objects.bulk_update(updated, [*_ARTICLE_FIELDS, "updated_at"])
    Article.objects.bulk_create(created)

    rows = {Section: [], Reference: [], RelatedEntry: [], Link: []}
    for article, page in written:
        rows[Section] += _section_rows(article.pk, page)
        rows[Reference] += _reference_rows(article.pk, page)
        rows[RelatedEntry] += RelatedEntry.rows(article.pk, page.derived)
        rows[Link] += Link.rows(article.pk, page.derived)
    for model, fields in _ROW_FIELDS.items():
        insert_rows(model, fields, rows[model])
    _set_categories({article.pk: page.parsed.categories for article, page in written})
    return [results[page.parsed.title] for page in batch]


_ROW_FIELDS = {
    Section: ("article", "order", "level", "heading", "anchor", "kind", "source", "heading_html", "html"),
    Reference: ("article", "number", "source", "html", "url", "uses"),
    RelatedEntry: RelatedEntry.ROW_FIELDS,
    Link: Link.ROW_FIELDS,
}


def _section_rows(article_id: int, page: PreparedPage) -> list[tuple]:
    derived = page.derived
    return [
        (article_id, order, section.level, section.heading, section.anchor, section.kind, section.source, heading, html)
        for order, (section, heading, html) in enumerate(
            zip(page.parsed.sections, derived.heading_html, derived.section_html, strict=True), start=1
        )
    ]


def _reference_rows(article_id: int, page: PreparedPage) -> list[tuple]:
    return [
        (article_id, reference.number, reference.source, done.html, done.url[:URL_MAX_LENGTH], done.uses)
        for reference, done in zip(page.parsed.references, page.derived.references, strict=True)
    ]


def _set_categories(names_by_article: dict[int, tuple[str, ...]]) -> None:
    names = {name for names in names_by_article.values() for name in names}
    if not names:
        return
    Category.objects.bulk_create(
        [Category(name=name, name_key=title_key(name)) for name in names], ignore_conflicts=True
    )
    ids = dict(Category.objects.filter(name__in=names).values_list("name", "id"))
    insert_rows(
        Article.categories.through,
        ("article", "category"),
        [
            (article_id, ids[name])
            for article_id, page_names in names_by_article.items()
            for name in dict.fromkeys(page_names)
        ],
    )
