"""Revisions: a page's whole Markdown as one change left it, immutable; the history's queries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from wikitext.derivation import source_digest
from wikitext.sanitizing import without_controls


class RevisionQuerySet(models.QuerySet):
    def of(self, article, revision_id: int, *, with_text: bool = True):
        """The article's revision ``revision_id``, or None: an id of another page's revision is none of this one's."""
        revisions = self.filter(article=article, pk=revision_id)
        return (revisions if with_text else revisions.defer("text")).first()

    def history_of(self, article):
        """The article's revisions, newest first, without their texts."""
        return self.filter(article=article).defer("text").order_by("-number")

    def following(self, revision):
        """The revision after ``revision`` on its page, or None for the current one."""
        return self.filter(article_id=revision.article_id, number=revision.number + 1).first()

    def parent_of(self, revision):
        return self.filter(pk=revision.parent_id).first() if revision.parent_id else None

    def recent(self):
        """Every page's revisions, newest first, as lists show them."""
        return self.listed().order_by("-timestamp", "-id")

    def listed(self):
        """What a list of revisions shows (history, recent changes): no texts, article and parent joined."""
        article = self.model._meta.get_field("article").related_model
        wide = (f"article__{name}" for name in article.DERIVED_TEXT_FIELDS)
        return self.select_related("article", "parent").defer("text", "parent__text", *wide)


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
        # Shown in the history beside each revision, to readers of zh.wikipedia's words.
        (IMPORT, "导入"),
        (EDIT, "编辑"),
        (REVERT, "还原"),
        (FIXTURE, "数据载入"),
        (MIGRATION, "修订记录开始前的版本"),
    ]

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="revisions")
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
