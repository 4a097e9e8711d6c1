from __future__ import annotations

from django.db import models

from wikitext import citations

URL_MAX_LENGTH = 2000


class ReferenceManager(models.Manager):
    def get_by_natural_key(self, title, number):
        return self.get(article__title=title, number=number)


class Reference(models.Model):
    """One numbered entry of an article's citation list.

    The article model is named by string only: this app imports no other app
    (see the README's architecture section), only the pure ``wikitext`` core.
    """

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="references")
    number = models.PositiveIntegerField()
    source = models.TextField(blank=True)
    html = models.TextField(blank=True, editable=False)
    url = models.URLField(
        max_length=URL_MAX_LENGTH, blank=True, editable=False, help_text="The first URL the source cites."
    )
    uses = models.PositiveIntegerField(default=0, editable=False, help_text="Footnote markers that cite it.")

    objects = ReferenceManager()

    DERIVED_TEXT_FIELDS = ("html",)  # markup: derived from the article's text, never taken from a fixture

    class Meta:
        ordering = ["article", "number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="unique_reference_number")]

    def __str__(self):
        return f"[{self.number}] {self.source[:60]}"

    def natural_key(self):
        return (*self.article.natural_key(), self.number)

    natural_key.dependencies = ["articles.article"]

    @property
    def anchor(self) -> str:
        return citations.note_id(self.number)

    def backlinks(self) -> list[tuple[str, str]]:
        """(label, href) of each marker citing it: one unlabelled ↑, or a, b, c … as MediaWiki."""
        return citations.backlinks(self.number, self.uses)
