"""Rows that arrive raw, as ``loaddata`` writes them, are untrusted.

A fixture gives articles and their revisions' texts, nothing derived: whatever
HTML it carries is dropped as the row is saved, and each article it touches is
rendered again from its current revision once the load commits. A fixture
cannot rewrite history either: loading a revision that exists with another
text stops the load, naming it.
"""

import logging

from django.db import transaction
from django.db.models import Max
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from references.models import Reference

from .models import Article, Revision, Section
from .preparing import source_digest
from .wikisyntax import normalize_title

logger = logging.getLogger(__name__)

_pending: set[int] = set()
_DERIVED = {
    Article: ("lead_html", "search_text", "search_terms"),
    Section: ("heading_html", "html"),
    Reference: ("html",),
}
FIXTURE_AUTHOR = "fixture"


class HistoryRewrite(ValueError):
    """A fixture holds a revision that exists here with another text."""


def _render_pending():
    ids = sorted(_pending)
    _pending.clear()
    for article in Article.objects.filter(pk__in=ids, current_revision__isnull=False):
        try:
            article.render()
        except Exception:
            # One article that cannot be rendered keeps its HTML blank, not the fixture's.
            logger.exception("could not render %s after loading it", article.title)


def _schedule(article_id):
    # A callback for every row: one that a rolled-back load left behind is harmless,
    # and the next commit renders whatever is pending.
    _pending.add(article_id)
    transaction.on_commit(_render_pending)


@receiver(pre_save, sender=Article)
@receiver(pre_save, sender=Section)
@receiver(pre_save, sender=Reference)
def drop_loaded_html(sender, instance, raw, **kwargs):
    if not raw:
        return
    for field in _DERIVED[sender]:
        setattr(instance, field, "")
    if sender is Article:
        instance.title = normalize_title(instance.title)
        instance.derived_with = 0  # whatever the row says, nothing derived is on it yet
        # Which revision is current, and which file was imported, are this database's facts.
        stored = Article.objects.filter(pk=instance.pk).values("current_revision", "source_sha256").first()
        instance.current_revision_id = stored["current_revision"] if stored else None
        instance.source_sha256 = stored["source_sha256"] if stored else ""


@receiver(pre_save, sender=Revision)
def check_loaded_revision(sender, instance, raw, **kwargs):
    if not raw:
        return
    stored = Revision.objects.filter(pk=instance.pk).first() if instance.pk else None
    if stored is not None:
        if stored.text != instance.text:
            raise HistoryRewrite(
                f"revision {stored.number} of {stored.article.title} exists with another text: "
                "revisions are never rewritten (load the fixture into a database without that page)"
            )
        for field in Revision._meta.concrete_fields:  # the same row, written again as it is
            setattr(instance, field.attname, getattr(stored, field.attname))
        return
    instance.sha256 = source_digest(instance.text)
    instance.size = Revision.size_of(instance.text)
    # What a dump says of its revisions (kind, author, time, summary) is kept; the rest is recomputed.
    if instance.kind not in dict(Revision.KIND_CHOICES):
        instance.kind = Revision.FIXTURE
    instance.author = instance.author or FIXTURE_AUTHOR
    instance.user_id = None
    parent = (
        Revision.objects.filter(article_id=instance.article_id, number__lt=instance.number)
        .order_by("-number")
        .only("size")
        .first()
    )
    instance.parent_id = parent.pk if parent else None
    instance.size_change = instance.size - (parent.size if parent else 0)


@receiver(post_save, sender=Article)
def article_loaded(sender, instance, raw, **kwargs):
    if raw:
        _schedule(instance.pk)


@receiver(post_save, sender=Revision)
def revision_loaded(sender, instance, raw, **kwargs):
    if not raw:
        return
    # The newest revision a page has is its current one, whatever order the fixture gives them in.
    newest = Revision.objects.filter(article_id=instance.article_id).aggregate(n=Max("number"))["n"]
    current = Revision.objects.get(article_id=instance.article_id, number=newest)
    Article.objects.filter(pk=instance.article_id).update(current_revision=current, derived_with=0)
    _schedule(instance.article_id)


@receiver(post_save, sender=Section)
@receiver(post_save, sender=Reference)
def part_loaded(sender, instance, raw, **kwargs):
    if raw:
        # Its HTML is gone: until the render, the article must not pass for derived.
        Article.objects.filter(pk=instance.article_id).update(derived_with=0)
        _schedule(instance.article_id)
