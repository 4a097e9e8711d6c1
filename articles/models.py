from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.db import models, transaction
from django.db.models import Case, Count, IntegerField, Prefetch, Value, When
from django.urls import reverse
from django.utils import timezone

from references.models import URL_MAX_LENGTH, Reference

from .bulk import insert_rows
from .parsing import REFERENCES, RELATED, TEXT, parse_page
from .preparing import DERIVATION_VERSION, DerivedPage, PreparedPage, prepare_page, source_digest
from .sanitizing import without_controls
from .variants import title_key
from .wikisyntax import normalize_title, title_to_path


class CategoryManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class Category(models.Model):
    # Text columns: a name of any length is kept alike on every database.
    name = models.TextField(unique=True)
    name_key = models.TextField(db_index=True, editable=False, default="")

    objects = CategoryManager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalize_title(self.name)
        self.name_key = title_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:page", args=[title_to_path(f"Category:{self.name}")])

    def natural_key(self):
        return (self.name,)


# The article's own fields that Article.apply() sets.
DERIVED_FIELDS = ("lead_html", "search_text", "search_terms", "derived_with")


class ArticleQuerySet(models.QuerySet):
    def with_content(self):
        """Everything the article page shows, in a fixed number of queries."""
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
        """Write what each page's current revision derives: the child rows and categories.

        ``replacing`` are articles that had rows already: those go first. The
        articles' own fields are the caller's to save (in bulk, or one).
        """
        if replacing:
            ids = [article.pk for article in replacing]
            for model, key in (
                (Section, "article"),
                (Reference, "article"),
                (RelatedEntry, "article"),
                (Link, "source"),
            ):
                model.objects.filter(**{f"{key}__in": ids}).delete()
            Article.categories.through.objects.filter(article__in=ids).delete()
        rows = {Section: [], Reference: [], RelatedEntry: [], Link: []}
        for article, page in written:
            rows[Section] += Section.rows(article.pk, page)
            rows[Reference] += _reference_rows(article.pk, page)
            rows[RelatedEntry] += RelatedEntry.rows(article.pk, page.derived)
            rows[Link] += Link.rows(article.pk, page.derived)
        for model, fields in _ROW_FIELDS.items():
            insert_rows(model, fields, rows[model])
        _set_categories({article.pk: page.parsed.categories for article, page in written})


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
        revision = Revision.objects.only("text").get(pk=self.current_revision_id)
        page = prepare_page(parse_page(revision.text, self.title), revision.text)
        self.lead = page.parsed.lead
        self.apply(page.derived)
        Article.objects.store_derived([(self, page)], replacing=[self])
        self.version += 1
        self.updated_at = timezone.now()
        self.save(update_fields=["lead", *DERIVED_FIELDS, "version", "updated_at", "title_key"])

    def apply(self, derived: DerivedPage) -> None:
        """Put what was derived from the sources on the article's own fields (DERIVED_FIELDS); writes nothing."""
        self.lead_html = derived.lead_html
        self.search_text = derived.search_text
        self.search_terms = derived.search_terms
        self.derived_with = DERIVATION_VERSION


class RevisionQuerySet(models.QuerySet):
    def listed(self):
        """What a list of revisions shows (history, recent changes): no texts, article and parent joined."""
        return self.select_related("article", "parent").defer(
            "text",
            "parent__text",
            "article__lead",
            "article__lead_html",
            "article__search_text",
            "article__search_terms",
        )


class RevisionManager(models.Manager.from_queryset(RevisionQuerySet)):
    def get_by_natural_key(self, title, number):
        return self.get(article__title=title, number=number)


class Revision(models.Model):
    """The page's whole Markdown as one change left it: immutable once written.

    One source of truth per page and revision: every row of the page (sections,
    references, categories, links, search terms) is derived from the current one.
    """

    IMPORT = "import"
    EDIT = "edit"
    REVERT = "revert"
    FIXTURE = "fixture"
    MIGRATION = "migration"
    KIND_CHOICES = [
        (IMPORT, "import"),
        (EDIT, "edit"),
        (REVERT, "revert"),
        (FIXTURE, "fixture load"),
        (MIGRATION, "kept when revisions began"),
    ]

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(help_text="1 for the page's first revision, then 2, 3 …")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(blank=True)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(help_text="Bytes of the text in UTF-8, as MediaWiki counts.")
    size_change = models.IntegerField(default=0)
    timestamp = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    author = models.CharField(max_length=255, help_text="Who made it: the user's name then, or the import.")
    summary = models.CharField(max_length=500, blank=True)
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    source_path = models.TextField(blank=True, help_text="The file an import read.")
    minor = models.BooleanField(default=False)

    objects = RevisionManager()

    class Meta:
        ordering = ["-timestamp", "-id"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="unique_revision_number")]

    def __str__(self):
        return f"{self.article_id} r{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError(f"revision {self.pk} exists: revisions are never changed")
        self.sha256 = source_digest(self.text)
        self.size = self.size_of(self.text)
        self.author, self.summary, self.source_path = (
            without_controls(value) for value in (self.author, self.summary, self.source_path)
        )
        super().save(*args, **kwargs)

    def natural_key(self):
        return (*self.article.natural_key(), self.number)

    natural_key.dependencies = ["articles.article"]

    @staticmethod
    def size_of(text: str) -> int:
        return len(text.encode("utf-8"))


class SectionManager(models.Manager):
    def get_by_natural_key(self, title, order):
        return self.get(article__title=title, order=order)


class Section(models.Model):
    KIND_CHOICES = [(TEXT, "text"), (RELATED, "related entries"), (REFERENCES, "references")]

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField()
    level = models.PositiveSmallIntegerField(default=2)
    # Text columns: a heading of any length is kept alike on every database (its anchor follows it).
    heading = models.TextField()
    anchor = models.TextField()
    kind = models.CharField(max_length=20, choices=KIND_CHOICES, default=TEXT)
    source = models.TextField(blank=True)
    heading_html = models.TextField(blank=True, editable=False)
    html = models.TextField(blank=True, editable=False)

    objects = SectionManager()

    class Meta:
        ordering = ["article", "order"]
        constraints = [models.UniqueConstraint(fields=["article", "order"], name="unique_section_order")]

    def __str__(self):
        return self.heading

    def natural_key(self):
        return (*self.article.natural_key(), self.order)

    natural_key.dependencies = ["articles.article"]

    ROW_FIELDS = ("article", "order", "level", "heading", "anchor", "kind", "source", "heading_html", "html")

    @staticmethod
    def rows(article_id: int, page: PreparedPage) -> list[tuple]:
        """The page's sections as rows in the order of ROW_FIELDS, for ``insert_rows``."""
        derived = page.derived
        return [
            (article_id, order, s.level, s.heading, s.anchor, s.kind, s.source, heading, html)
            for order, (s, heading, html) in enumerate(
                zip(page.parsed.sections, derived.heading_html, derived.section_html, strict=True), start=1
            )
        ]


class RelatedEntryManager(models.Manager):
    def get_by_natural_key(self, title, order):
        return self.get(article__title=title, order=order)


class RelatedEntry(models.Model):
    """One line of 相關條目: derived from that section's source on every render."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_entries")
    order = models.PositiveIntegerField()
    title = models.CharField(max_length=500)
    target = models.CharField(max_length=255)

    objects = RelatedEntryManager()

    ROW_FIELDS = ("article", "order", "title", "target")

    class Meta:
        ordering = ["article", "order"]
        verbose_name_plural = "related entries"
        constraints = [models.UniqueConstraint(fields=["article", "order"], name="unique_related_order")]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (*self.article.natural_key(), self.order)

    natural_key.dependencies = ["articles.article"]

    @staticmethod
    def rows(article_id: int, derived: DerivedPage) -> list[tuple]:
        """The page's entries as rows in the order of ROW_FIELDS, for ``insert_rows``."""
        return [
            (article_id, order, entry.title[:500], entry.target[:255]) for order, entry in enumerate(derived.related)
        ]


class Link(models.Model):
    """A wikilink from a page to a title, so that "what links here" is one indexed query."""

    source = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="outgoing_links")
    target = models.CharField(max_length=255)
    target_key = models.CharField(max_length=255, db_index=True)

    ROW_FIELDS = ("source", "target", "target_key")

    class Meta:
        ordering = ["source", "target"]
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="unique_link_target")]

    def __str__(self):
        return f"{self.source} → {self.target}"

    @staticmethod
    def rows(article_id: int, derived: DerivedPage) -> list[tuple]:
        """The page's links as rows in the order of ROW_FIELDS, for ``insert_rows``."""
        return [(article_id, target[:255], key[:255]) for target, key in derived.links]


_ROW_FIELDS = {
    Section: Section.ROW_FIELDS,
    Reference: ("article", "number", "source", "html", "url", "uses"),
    RelatedEntry: RelatedEntry.ROW_FIELDS,
    Link: Link.ROW_FIELDS,
}


def _reference_rows(article_id: int, page: PreparedPage) -> list[tuple]:
    # Reference lives in the references app, which knows nothing of pages: its rows are built here.
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
