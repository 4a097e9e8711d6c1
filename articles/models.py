from __future__ import annotations

from django.db import models, transaction
from django.db.models import Case, Count, IntegerField, Prefetch, Value, When
from django.urls import reverse
from django.utils import timezone

from references.models import URL_MAX_LENGTH, Reference

from .bulk import insert_rows, update_rows
from .parsing import REFERENCES, RELATED, TEXT, ParsedSection
from .preparing import DERIVATION_VERSION, DerivedPage, derive_sources
from .variants import title_key
from .wikisyntax import normalize_title, title_to_path


class CategoryManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class Category(models.Model):
    name = models.CharField(max_length=255, unique=True)
    name_key = models.CharField(max_length=255, db_index=True, editable=False, default="")

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


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_by_natural_key(self, title):
        return self.get(title=title)


class Article(models.Model):
    title = models.CharField(max_length=255, unique=True)
    title_key = models.CharField(max_length=255, db_index=True, editable=False)
    source = models.TextField(blank=True, help_text="The page file as last imported, kept verbatim.")
    source_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    lead = models.TextField(blank=True, help_text="Markdown before the first heading.")
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

    @transaction.atomic
    def render(self):
        """Derive the stored HTML, related entries and links again from the sources.

        Called after any change of a source in admin or by ``loaddata``, and by ``render_articles``; never per request.
        """
        sections = list(self.sections.order_by("order"))
        references = list(self.references.order_by("number"))
        derived = derive_sources(
            self.title,
            self.lead,
            [section.as_parsed() for section in sections],
            [(reference.number, reference.source) for reference in references],
        )
        self.apply(derived)
        update_rows(
            Section,
            ("heading_html", "html"),
            [
                (section.pk, heading, html)
                for section, heading, html in zip(sections, derived.heading_html, derived.section_html, strict=True)
            ],
        )
        update_rows(
            Reference,
            ("html", "url", "uses"),
            [
                (reference.pk, done.html, done.url[:URL_MAX_LENGTH], done.uses)
                for reference, done in zip(references, derived.references, strict=True)
            ],
        )
        self.related_entries.all().delete()
        insert_rows(RelatedEntry, RelatedEntry.ROW_FIELDS, RelatedEntry.rows(self.pk, derived))
        self.outgoing_links.all().delete()
        insert_rows(Link, Link.ROW_FIELDS, Link.rows(self.pk, derived))
        self.version += 1
        self.updated_at = timezone.now()
        self.save(update_fields=[*DERIVED_FIELDS, "version", "updated_at", "title_key"])

    def apply(self, derived: DerivedPage) -> None:
        """Put what was derived from the sources on the article's own fields (DERIVED_FIELDS); writes nothing."""
        self.lead_html = derived.lead_html
        self.search_text = derived.search_text
        self.search_terms = derived.search_terms
        self.derived_with = DERIVATION_VERSION


class SectionManager(models.Manager):
    def get_by_natural_key(self, title, order):
        return self.get(article__title=title, order=order)


class Section(models.Model):
    KIND_CHOICES = [(TEXT, "text"), (RELATED, "related entries"), (REFERENCES, "references")]

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField()
    level = models.PositiveSmallIntegerField(default=2)
    heading = models.CharField(max_length=500)
    anchor = models.CharField(max_length=500)
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

    def as_parsed(self) -> ParsedSection:
        return ParsedSection(self.level, self.heading, self.anchor, self.source, self.kind)


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
