"""The article: its title, its current revision, and the fields derived from that revision's text.

The article is registered before its revisions and derived rows (right after Category, which it
needs for its field), so it imports their modules only where it uses them: ``dumpdata`` orders
models by their natural-key dependencies, and where Article and Revision depend on each other it
breaks the cycle in registration order, which must put the article first for a backup to load again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from django.db import connections, models, transaction
from django.db.models import Case, Count, F, Func, IntegerField, Max, Prefetch, QuerySet, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from references.models import Reference
from wikitext.derivation import DERIVATION_VERSION, PreparedPage, prepare_page, source_digest
from wikitext.parsing import parse_page
from wikitext.titles import normalize_title, title_key, title_to_path

from .category import Category

if TYPE_CHECKING:
    from .revision import Revision


class ArticleQuerySet(models.QuerySet):
    def with_content(self):
        """Everything the article page shows, in a fixed number of queries."""
        from .rows import RelatedEntry, Section

        return self.prefetch_related(
            Prefetch("sections", queryset=Section.objects.order_by("order")),
            Prefetch("references", queryset=Reference.objects.order_by("number")),
            Prefetch("related_entries", queryset=RelatedEntry.objects.order_by("order")),
            "categories",
        )

    def with_counts(self):
        return self.annotate(
            section_count=Count("sections", distinct=True),
            reference_count=Count("references", distinct=True),
        )

    def by_title(self, title: str):
        """The article a title names, in any variant: its own title first, else the first of its key (one query)."""
        if not title:
            return None
        return (
            self.filter(title_key=title_key(title))
            .annotate(is_other=Case(When(title=title, then=Value(0)), default=Value(1), output_field=IntegerField()))
            .order_by("is_other", "title")
            .first()
        )

    def by_titles(self, titles: Iterable[str]) -> dict[str, Article]:
        """{title: its article, as ``by_title`` chooses} for many titles in one query; unknown ones left out."""
        wanted = {title: title_key(title) for title in titles if title}
        if not wanted:
            return {}
        by_key: dict[str, list[Article]] = {}
        for article in self.filter(title_key__in=set(wanted.values())).order_by("title"):
            by_key.setdefault(article.title_key, []).append(article)
        found = {}
        for title, key in wanted.items():
            candidates = by_key.get(key)
            if candidates:
                found[title] = next((a for a in candidates if a.title == title), candidates[0])
        return found

    def titles_containing(self, key: str):
        """Articles whose variant-blind title key holds ``key`` anywhere, by title: a search of titles alone."""
        return self.filter(title_key__contains=key).order_by("title")

    def derived_before(self):
        """Articles whose HTML and search terms an older siberia derived: ``render_articles`` renews them."""
        return self.exclude(derived_with=DERIVATION_VERSION)

    def titles_for_keys(self, keys):
        """{title key: title} for the variant-blind keys that name a page here."""
        return dict(self.filter(title_key__in=set(keys)).values_list("title_key", "title"))

    def locked(self, **lookups):
        """The articles matching ``lookups``, their rows locked until the transaction ends, with their revision.

        The lock is taken by a query of its own: on PostgreSQL a ``FOR UPDATE`` that had to wait
        returns the row as the other transaction left it but its joined rows as NULL, so the
        current revision is read only once the lock is held.
        """
        ids = list(self.select_for_update().filter(**lookups).values_list("pk", flat=True))
        return self.with_current_revision().filter(pk__in=ids)

    def with_current_revision(self):
        """Each article with its current revision's facts (not its text) in the same query."""
        return self.select_related("current_revision").defer("current_revision__text")

    def store_derived(self, written: Sequence[tuple[Article, PreparedPage]], replacing: Sequence[Article] = ()):
        """Write the child rows and categories each page's current revision derives (``derived.store_derived``)."""
        from .derived import store_derived

        store_derived([(article.pk, page) for article, page in written], [article.pk for article in replacing])

    # What the pages list: one query each, the view only shapes what comes back.

    def seed_first(self, seed_title: str):
        """The articles by title, the seed before all."""
        is_seed = Case(When(title=seed_title, then=Value(0)), default=Value(1), output_field=IntegerField())
        return self.annotate(is_seed=is_seed).order_by("is_seed", "title")

    def with_site_counts(self):
        """Each row with what the site holds (articles, categories, references), so that a page needs one query."""
        return self.annotate(
            article_count=_count_of(Article.objects.all()),
            category_count=_count_of(Category.objects.all()),
            reference_count=_count_of(Reference.objects.all()),
        )

    def site_state(self):
        """(how many articles, when one last changed): any change to what a list of them shows changes it."""
        state = self.aggregate(count=Count("pk"), last=Max("updated_at"))
        return state["count"], state["last"]

    def titles(self):
        """Every title, sorted."""
        return self.order_by("title").values_list("title", flat=True)

    def random_title(self) -> str | None:
        return self.order_by("?").values_list("title", flat=True).first()

    def first_title_for_key(self, key: str) -> str | None:
        """The title of the page a variant-blind key names, if any (the first, should several share it)."""
        return self.filter(title_key=key).order_by("title").values_list("title", flat=True).first()

    def served(self, title: str):
        """What an article page needs of the article ``title`` names, in any variant, or None: one query.

        Its id, title, version and times, and its current revision's time, not its texts (the stored
        page or the cached view holds those). Written as SQL: a page served from its stored bytes
        costs this query and little else, and building it through the ORM took most of a millisecond.
        """
        if not title:
            return None
        article, revision = Article._meta, Article._meta.get_field("current_revision").related_model._meta
        quote = connections[self.db].ops.quote_name
        sql = (
            f"SELECT a.id, a.title, a.version, a.updated_at, a.current_revision_id, r.timestamp "
            f"FROM {quote(article.db_table)} a LEFT JOIN {quote(revision.db_table)} r ON r.id = a.current_revision_id "
            "WHERE a.title_key = %s ORDER BY CASE WHEN a.title = %s THEN 0 ELSE 1 END, a.title LIMIT 1"
        )
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, [title_key(title), title])
            row = cursor.fetchone()
        if row is None:
            return None
        pk, found, version, updated_at, revision_id, revised = row
        return ServedArticle(self.db, pk, found, version, _as_datetime(updated_at), revision_id, _as_datetime(revised))

    def touch_linking_to(self, keys: Iterable[str]) -> int:
        """Mark the pages linking to any of these title keys as changed: a page was created, renamed or deleted.

        Their links now point elsewhere (local or to zh.wikipedia), so what they show is new: their
        version, which their cached views and stored bytes are keyed by, goes up (as MediaWiki
        purges a page's backlinks).
        """
        from .rows import Link

        sources = Link.objects.filter(target_key__in=set(keys)).values("source_id")
        return self.filter(pk__in=sources).update(version=F("version") + 1, updated_at=timezone.now())

    def titles_starting_with(self, key: str):
        """Titles whose variant-blind key starts with ``key``, in key order: what the search box suggests."""
        matches = self.filter(title_key__startswith=key)  # PostgreSQL: served by the _like index
        if connections[matches.db].vendor == "sqlite":
            # SQLite's LIKE ignores case and so cannot use the index on title_key; the same rows
            # as a range of the key can (binary collation orders UTF-8 by code point).
            matches = matches.filter(title_key__gte=key, title_key__lt=key + "\U0010ffff")
        return matches.order_by("title_key", "title").values_list("title", flat=True)


@dataclass(frozen=True)
class ServedArticle:
    """An article as ``ArticleQuerySet.served`` finds it: enough to serve its stored page."""

    db: str
    pk: int
    title: str
    version: int
    updated_at: datetime
    revision_id: int | None
    revised: datetime | None

    def as_article(self) -> Article:
        """The article as ``only()`` would give it (its other fields deferred), its current revision's time known."""
        values = {"id": self.pk, "title": self.title, "version": self.version, "updated_at": self.updated_at}
        article = _from_db(Article, self.db, {**values, "current_revision_id": self.revision_id})
        if self.revision_id is not None:
            revision = Article._meta.get_field("current_revision").related_model
            article.current_revision = _from_db(revision, self.db, {"id": self.revision_id, "timestamp": self.revised})
        return article


def _from_db(model, db: str, values: dict):
    """An instance of ``model`` as a query with ``only(*values)`` gives it: the other fields deferred."""
    fields = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    converted = [values[name] for name in fields]
    return model.from_db(db, fields, converted)


def _as_datetime(value):
    """A time as the ORM gives it: SQLite's plain cursor hands a naive (UTC) time, or text."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)  # Django keeps times in UTC where the database has no zone
    return value


def _count_of(queryset: QuerySet) -> Subquery:
    # COUNT written as a plain function: a scalar subquery with no GROUP BY.
    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"))


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_by_natural_key(self, title):
        return self.get(title=title)


class EditConflict(Exception):
    """Someone saved the page after the revision an edit started from."""

    def __init__(self, current: Revision):
        super().__init__(f"revision {current.number} was saved after the one this edit started from")
        self.current = current


class Article(models.Model):
    title = models.CharField(max_length=255, unique=True)
    title_key = models.CharField(max_length=255, db_index=True, editable=False)
    current_revision = models.ForeignKey(
        "Revision",
        null=True,
        blank=True,
        editable=False,
        # Revisions go only with their article (CASCADE from it): this never leaves a page without one.
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The revision the page shows: everything below is derived from its text.",
    )
    source_sha256 = models.CharField(
        max_length=64, blank=True, editable=False, help_text="Digest of the page file last imported ('' if none)."
    )
    lead = models.TextField(blank=True, editable=False, help_text="Markdown before the first heading.")
    lead_html = models.TextField(blank=True, editable=False)
    categories = models.ManyToManyField(Category, related_name="articles", blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    search_text = models.TextField(blank=True, editable=False, help_text="The page's words, for snippets.")
    search_terms = models.TextField(
        blank=True, editable=False, help_text="Normalised terms (simplified CJK bigrams, words) the search index reads."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    derived_with = models.PositiveIntegerField(
        default=0, editable=False, help_text="The DERIVATION_VERSION of the stored HTML and search terms."
    )

    objects = ArticleManager()

    # The article's own fields its current revision's text derives: never taken from input
    # (a fixture's are dropped), written by ``apply()``; the text ones are wide, and left out of lists.
    DERIVED_TEXT_FIELDS = ("lead", "lead_html", "search_text", "search_terms")
    DERIVED_FIELDS = (*DERIVED_TEXT_FIELDS, "derived_with")

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Titles as MediaWiki has them, whoever typed them: /wiki/<title> must find the page.
        self.title = normalize_title(self.title)
        self.title_key = title_key(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:page", args=[title_to_path(self.title)])

    def natural_key(self):
        return (self.title,)

    @property
    def edited_since_import(self) -> bool:
        """The page shows a text other than the file it was last imported from (or was never imported)."""
        return self.current_revision is not None and self.current_revision.sha256 != self.source_sha256

    @transaction.atomic
    def commit(
        self,
        text: str,
        *,
        kind: str,
        author: str,
        user=None,
        summary: str = "",
        source_path: str = "",
        minor: bool = False,
        base: int | None = None,
    ) -> Revision | None:
        """Make ``text`` the page's new current revision and derive the page from it.

        ``base`` is the id of the revision the change started from: when another
        revision became current since, nothing is written and EditConflict says
        which. The same text as the current revision makes no revision (None),
        as MediaWiki's null edit.
        """
        from .revision import Revision

        # Lock the row, so that two saves of the same page take turns; then read what is current.
        locked = Article.objects.locked(pk=self.pk).get()
        current = locked.current_revision
        self.version, self.source_sha256 = locked.version, locked.source_sha256  # as the lock found them
        if base is not None and current is not None and current.pk != base:
            raise EditConflict(current)
        if current is not None and current.sha256 == source_digest(text):
            return None
        revision = Revision.objects.create(
            article=self,
            number=(current.number + 1) if current else 1,
            parent=current,
            text=text,
            size_change=Revision.size_of(text) - (current.size if current else 0),
            user=user,
            author=author,
            summary=summary,
            kind=kind,
            source_path=source_path,
            minor=minor,
        )
        self.current_revision = revision
        if kind == Revision.IMPORT:
            self.source_sha256 = revision.sha256
        self.save(update_fields=["current_revision", "source_sha256"])
        self.render()
        return revision

    @transaction.atomic
    def render(self):
        """Derive the stored HTML, sections, references, categories and links again from the current revision.

        Called after every new revision made one at a time (admin, revert, ``loaddata``) and by
        ``render_articles``; never per request. It parses the revision's text exactly as an
        import parses the file, so both give the same rows.
        """
        revision = self.revisions.only("text").get(pk=self.current_revision_id)
        page = prepare_page(parse_page(revision.text, self.title), revision.text)
        self.apply(page)
        Article.objects.store_derived([(self, page)], replacing=[self])
        self.version += 1
        self.updated_at = timezone.now()
        self.save(update_fields=[*self.DERIVED_FIELDS, "version", "updated_at", "title_key"])

    def apply(self, page: PreparedPage) -> None:
        """Put what the page derives on the article's own fields (DERIVED_FIELDS); writes nothing."""
        derived = page.derived
        self.lead = page.parsed.lead
        self.lead_html = derived.lead_html
        self.search_text = derived.search_text
        self.search_terms = derived.search_terms
        self.derived_with = DERIVATION_VERSION
