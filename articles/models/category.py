"""Categories: a page's ``[Category:X]`` links, stored by name and found by name in any variant."""

from __future__ import annotations

from django.db import models
from django.db.models import Count
from django.urls import reverse

from wikitext.titles import category_title, normalize_title, title_key, title_to_path


class CategoryQuerySet(models.QuerySet):
    def with_article_counts(self):
        """Every category by name, each with how many articles it holds: one aggregate query (Special:Categories)."""
        return self.annotate(article_count=Count("articles")).order_by("name").only("name")


class CategoryManager(models.Manager.from_queryset(CategoryQuerySet)):
    def get_by_natural_key(self, name):
        return self.get(name=name)

    def by_name(self, name: str) -> Category | None:
        """The category ``name`` names as stored, else the first whose variant-blind key it has (日苏关系: 日蘇關係)."""
        found = self.filter(name=name).first()
        if found is None:
            found = self.filter(name_key=title_key(name)).order_by("name").first()
        return found


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
        return reverse("articles:page", args=[title_to_path(category_title(self.name))])

    def natural_key(self):
        return (self.name,)
