"""The rows each article's current revision derives: its sections, related entries and links.

Written in bulk as plain tuples (``ROW_FIELDS`` and ``rows()`` say which and how), never one by one.
"""

from __future__ import annotations

from django.db import models

from wikitext.derivation import DerivedPage, PreparedPage
from wikitext.page import REFERENCES, RELATED, TEXT
from wikitext.page import RelatedEntry as ParsedRelatedEntry
from wikitext.titles import TITLE_KEY_LENGTH


def _width(model: type[models.Model], name: str) -> int:
    return model._meta.get_field(name).max_length


class SectionManager(models.Manager):
    def get_by_natural_key(self, title, order):
        return self.get(article__title=title, order=order)


class Section(models.Model):
    KIND_CHOICES = [(TEXT, "text"), (RELATED, "related entries"), (REFERENCES, "references")]

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="sections")
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

    DERIVED_TEXT_FIELDS = ("heading_html", "html")  # markup: never taken from a fixture

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

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="related_entries")
    order = models.PositiveIntegerField()
    title = models.CharField(max_length=500)
    target = models.CharField(max_length=TITLE_KEY_LENGTH)

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
        return [(article_id, order, *RelatedEntry.stored(entry)) for order, entry in enumerate(derived.related)]

    @staticmethod
    def stored(entry: ParsedRelatedEntry) -> tuple[str, str]:
        """(title, target) of an entry as its row keeps them: each cut to its column's width."""
        return entry.title[: _width(RelatedEntry, "title")], entry.target[: _width(RelatedEntry, "target")]


class LinkQuerySet(models.QuerySet):
    def source_titles(self, target_key: str):
        """The titles of the articles linking to the variant-blind key ``target_key``, sorted, each once."""
        return (
            self.filter(target_key=target_key)
            .values_list("source__title", flat=True)
            .distinct()
            .order_by("source__title")
        )


class Link(models.Model):
    """A wikilink from a page to a title, so that "what links here" is one indexed query."""

    source = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="outgoing_links")
    target = models.CharField(max_length=TITLE_KEY_LENGTH)
    target_key = models.CharField(max_length=TITLE_KEY_LENGTH, db_index=True)

    objects = LinkQuerySet.as_manager()

    ROW_FIELDS = ("source", "target", "target_key")

    class Meta:
        ordering = ["source", "target"]
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="unique_link_target")]

    def __str__(self):
        return f"{self.source} → {self.target}"

    @staticmethod
    def rows(article_id: int, derived: DerivedPage) -> list[tuple]:
        """The page's links as rows in the order of ROW_FIELDS, for ``insert_rows``."""
        # derivation cut both to TITLE_KEY_LENGTH, the columns' width, before removing repeats.
        return [(article_id, target, key) for target, key in derived.links]
