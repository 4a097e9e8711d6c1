"""Writing the rows many pages derive, in a few bulk queries: the import and ``Article.render`` share it."""

from __future__ import annotations

from collections.abc import Sequence

from references.models import URL_MAX_LENGTH, Reference
from wikitext.derivation import PreparedPage
from wikitext.titles import title_key

from ..bulk import insert_rows
from .category import Category
from .rows import Link, RelatedEntry, Section


def store_derived(written: Sequence[tuple[int, PreparedPage]], replacing: Sequence[int] = ()) -> None:
    """Write what each page (by its article's id) derives: the child rows and categories.

    ``replacing`` are the ids of articles that had rows already: those go first. The
    articles' own fields are the caller's to save (in bulk, or one).
    """
    if replacing:
        ids = list(replacing)
        for model, key in ((Section, "article"), (Reference, "article"), (RelatedEntry, "article"), (Link, "source")):
            model.objects.filter(**{f"{key}__in": ids}).delete()
        Category.articles.through.objects.filter(article__in=ids).delete()
    rows: dict[type, list[tuple]] = {Section: [], Reference: [], RelatedEntry: [], Link: []}
    for article_id, page in written:
        rows[Section] += Section.rows(article_id, page)
        rows[Reference] += reference_rows(article_id, page)
        rows[RelatedEntry] += RelatedEntry.rows(article_id, page.derived)
        rows[Link] += Link.rows(article_id, page.derived)
    for model, fields in ROW_FIELDS.items():
        insert_rows(model, fields, rows[model])
    set_categories({article_id: page.parsed.categories for article_id, page in written})


ROW_FIELDS = {
    Section: Section.ROW_FIELDS,
    Reference: Reference.ROW_FIELDS,
    RelatedEntry: RelatedEntry.ROW_FIELDS,
    Link: Link.ROW_FIELDS,
}


def reference_rows(article_id: int, page: PreparedPage) -> list[tuple]:
    # Reference lives in the references app, which knows nothing of pages: its rows are built here.
    return [
        (article_id, reference.number, reference.source, done.html, done.url[:URL_MAX_LENGTH], done.uses)
        for reference, done in zip(page.parsed.references, page.derived.references, strict=True)
    ]


def set_categories(names_by_article: dict[int, tuple[str, ...]]) -> None:
    names = {name for names in names_by_article.values() for name in names}
    if not names:
        return
    # Plain rows, as a model instance for each name of each batch cost more than writing them.
    insert_rows(
        Category, ("name", "name_key"), [(name, title_key(name)) for name in sorted(names)], ignore_conflicts=True
    )
    ids = dict(Category.objects.filter(name__in=names).values_list("name", "id"))
    insert_rows(
        Category.articles.through,
        ("article", "category"),
        [
            (article_id, ids[name])
            for article_id, page_names in names_by_article.items()
            for name in dict.fromkeys(page_names)
        ],
    )
