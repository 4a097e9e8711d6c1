"""References: the numbered entries of an article's citation list, with MediaWiki's ids and backlinks."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, Q, Value
from django.db.models.functions import Concat, Lower, StrIndex, Substr
from django.db.models.functions import Replace as ReplaceText

from wikitext import citations

URL_MAX_LENGTH = 2000


def host_of(field: str = "url") -> Lower:
    """The host of an http(s) URL, in SQL: lower-cased, between ``://`` and the first ``/``, ``?`` or ``#``."""
    rest = Substr(field, StrIndex(field, Value("://")) + 3)
    rest = ReplaceText(ReplaceText(rest, Value("?"), Value("/")), Value("#"), Value("/"))
    return Lower(Substr(rest, 1, StrIndex(Concat(rest, Value("/")), Value("/")) - 1))


class ReferenceQuerySet(models.QuerySet):
    def cited(self):
        """References whose first URL is a web address, each with its ``host``."""
        return self.filter(Q(url__istartswith="http://") | Q(url__istartswith="https://")).annotate(host=host_of())

    def sites(self):
        """Each cited host with its number of references, most cited first."""
        return self.cited().exclude(host="").values("host").annotate(count=Count("pk")).order_by("-count", "host")

    def citing(self, host: str):
        """The references citing ``host``, by article and number, with what the list of them shows."""
        return (
            self.cited()
            .filter(host=host)
            .select_related("article")
            .only("number", "html", "url", "article__title")
            .order_by("article__title", "number")
        )


class ReferenceManager(models.Manager.from_queryset(ReferenceQuerySet)):
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

    ROW_FIELDS = ("article", "number", "source", "html", "url", "uses")  # as the writer inserts them
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
