"""Write parsed pages into the database: each file a revision of its page, each page all or nothing.

Pages are written in batches (a handful of bulk queries for a hundred pages);
a batch the database refuses is written again page by page, each in its own
transaction, so one bad page costs only itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from django.db import DatabaseError, transaction
from django.utils import timezone

from articles.bulk import reserve_ids
from articles.models import Article, Revision
from wikitext.derivation import PreparedPage, prepare_page
from wikitext.page import ParsedPage
from wikitext.sanitizing import without_controls

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
KEPT = "kept"
FAILED = "failed"

KEPT_REASON = "edited since its last import: kept; --overwrite replaces it, the edit stays in history"
IMPORT_AUTHOR = "import"
SUMMARY_LENGTH = Revision._meta.get_field("summary").max_length

BATCH_SIZE = 100
_ARTICLE_FIELDS = ["source_sha256", *Article.DERIVED_FIELDS, "version", "updated_at", "current_revision"]


@dataclass(frozen=True)
class ImportResult:
    title: str
    status: str
    warnings: tuple[str, ...] = ()
    article: Article | None = None
    error: str = ""


def import_page(parsed: ParsedPage, source: str, *, path: str = "", overwrite: bool = False) -> ImportResult:
    """Create the article ``parsed.title`` from its page file, or give it the file as a new revision.

    A file identical to the one last imported changes nothing; a changed file
    becomes the current revision, unless an editor changed the page since its
    last import (KEPT; ``overwrite`` makes the file current all the same, the
    edit staying in the history).
    """
    (result,) = write_batch([replace(prepare_page(parsed, source), path=path)], overwrite=overwrite)
    return result


def import_pages(
    pages: Iterable[PreparedPage], batch_size: int = BATCH_SIZE, *, overwrite: bool = False
) -> Iterator[ImportResult]:
    """Import a stream of pages in batches; memory holds one batch at a time."""
    batch: list[PreparedPage] = []
    for page in pages:
        batch.append(page)
        if len(batch) >= batch_size:
            yield from write_pages(batch, overwrite)
            batch = []
    if batch:
        yield from write_pages(batch, overwrite)


def write_pages(batch: list[PreparedPage], overwrite: bool = False) -> list[ImportResult]:
    """Write a batch in one transaction; if the database refuses it, each page in its own, so one costs only itself."""
    try:
        return write_batch(batch, overwrite=overwrite)
    except DatabaseError:
        pass  # some page of the batch was refused: find it by writing them one at a time
    results = []
    for page in batch:
        try:
            results.extend(write_batch([page], overwrite=overwrite))
        except DatabaseError as error:
            results.append(
                ImportResult(page.parsed.title, FAILED, page.warnings, error=f"the database refused it: {error}")
            )
    return results


@transaction.atomic
def write_batch(batch: list[PreparedPage], *, overwrite: bool = False) -> list[ImportResult]:
    """Write a batch of pages with distinct titles in one transaction and a few bulk queries.

    Each page written gets a new revision holding its file; the revision and
    the rows derived from it commit together, or not at all.
    """
    existing = {a.title: a for a in Article.objects.locked(title__in=[page.parsed.title for page in batch])}
    results, created, updated, marked, written = {}, [], [], [], []
    now = timezone.now()
    for page in batch:
        parsed = page.parsed
        article = existing.get(parsed.title)
        current = article.current_revision if article is not None else None
        if article is not None and article.source_sha256 == page.digest:
            results[parsed.title] = ImportResult(parsed.title, UNCHANGED, page.warnings, article)
            continue
        if current is not None and current.sha256 == page.digest:
            # The page shows this very text already (an editor made the same change): only remember the file.
            article.source_sha256 = page.digest
            marked.append(article)
            results[parsed.title] = ImportResult(parsed.title, UNCHANGED, page.warnings, article)
            continue
        if article is not None and article.edited_since_import and not overwrite:
            results[parsed.title] = ImportResult(parsed.title, KEPT, page.warnings, article, error=KEPT_REASON)
            continue
        if article is None:
            article = Article(title=parsed.title, title_key=page.title_key, created_at=now)
            created.append(article)
            status = CREATED
        else:
            updated.append(article)
            status = UPDATED
        article.source_sha256 = page.digest
        article.apply(page)
        article.version += 1
        article.updated_at = now
        written.append((article, page))
        results[parsed.title] = ImportResult(parsed.title, status, page.warnings, article)

    # Each article is written already naming its new revision (written next; the key is checked at
    # commit), so that no new article is written twice.
    revisions = []
    for (article, page), revision_id in zip(written, reserve_ids(Revision, len(written)), strict=True):
        revision = _new_revision(article, page, now)
        revision.pk = revision_id
        article.current_revision = revision
        revisions.append(revision)
    Article.objects.bulk_create(created)
    Revision.objects.bulk_create(revisions)
    if updated:
        Article.objects.bulk_update(updated, _ARTICLE_FIELDS)
    if marked:
        Article.objects.bulk_update(marked, ["source_sha256"])
    if created:
        # Links to the new titles turn local: the pages holding them show something new.
        Article.objects.touch_linking_to(article.title_key for article in created)
    Article.objects.store_derived(written, replacing=updated)
    return [results[page.parsed.title] for page in batch]


def _new_revision(article: Article, page: PreparedPage, now) -> Revision:
    # bulk_create calls no save(): what Revision.save() computes is computed here.
    parent = article.current_revision
    size = Revision.size_of(page.source)
    return Revision(
        article=article,
        number=parent.number + 1 if parent else 1,
        parent=parent,
        text=page.source,
        sha256=page.digest,
        size=size,
        size_change=size - (parent.size if parent else 0),
        timestamp=now,
        author=IMPORT_AUTHOR,
        summary=without_controls(f"导入 {page.path}" if page.path else "导入")[:SUMMARY_LENGTH],
        kind=Revision.IMPORT,
        source_path=without_controls(page.path),
    )
