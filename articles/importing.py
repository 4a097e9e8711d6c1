"""Write one parsed page into the database: atomic, and upserted by title."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from references.models import Reference

from .models import Article, Category, Link, RelatedEntry, Section
from .parsing import ParsedPage

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"


@dataclass(frozen=True)
class ImportResult:
    article: Article
    status: str
    warnings: tuple[str, ...] = ()


def source_digest(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def page_warnings(parsed: ParsedPage) -> tuple[str, ...]:
    return tuple(f"footnote marker [{number}] has no reference {number}" for number in parsed.missing_references)


def planned_status(parsed: ParsedPage, source: str) -> str:
    """What import_page would do with this page, without doing it."""
    digest = Article.objects.filter(title=parsed.title).values_list("source_sha256", flat=True).first()
    if digest is None:
        return CREATED
    return UNCHANGED if digest == source_digest(source) else UPDATED


@transaction.atomic
def import_page(parsed: ParsedPage, source: str) -> ImportResult:
    """Create or replace the article ``parsed.title`` from its page file.

    A file identical to the one last imported changes nothing, so an editor's
    changes made since in admin stay; a changed file replaces the page in place.
    """
    digest = source_digest(source)
    warnings = page_warnings(parsed)
    article = Article.objects.filter(title=parsed.title).first()
    if article is not None and article.source_sha256 == digest:
        return ImportResult(article, UNCHANGED, warnings)

    status = UPDATED if article is not None else CREATED
    if article is None:
        article = Article(title=parsed.title)
    else:
        article.sections.all().delete()
        article.references.all().delete()
        article.related_entries.all().delete()
        article.outgoing_links.all().delete()
        article.updated_at = timezone.now()
    article.version += 1
    article.source = source
    article.source_sha256 = digest
    article.lead = parsed.lead
    sections = [
        Section(
            order=order,
            level=section.level,
            heading=section.heading,
            anchor=section.anchor,
            kind=section.kind,
            source=section.source,
        )
        for order, section in enumerate(parsed.sections, start=1)
    ]
    references = [Reference(number=reference.number, source=reference.source) for reference in parsed.references]
    related, links = article.derive(sections, references, parsed)
    article.save()
    for row in (*sections, *references, *related):
        row.article = article
    for link in links:
        link.source = article
    Section.objects.bulk_create(sections)
    Reference.objects.bulk_create(references)
    RelatedEntry.objects.bulk_create(related)
    Link.objects.bulk_create(links)
    article.categories.set(_categories(parsed.categories))
    return ImportResult(article, status, warnings)


def _categories(names) -> list[Category]:
    names = list(names)
    existing = {c.name: c for c in Category.objects.filter(name__in=names)}
    missing = [Category(name=name) for name in names if name not in existing]
    if missing:
        Category.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {c.name: c for c in Category.objects.filter(name__in=names)}
    return [existing[name] for name in names]
