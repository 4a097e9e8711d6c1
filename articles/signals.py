"""Rows that arrive raw, as ``loaddata`` writes them, are untrusted.

Whatever HTML a fixture carries is dropped as the row is saved, and each
article it touches is rendered again from its sources once the load commits,
when all its sections and references are there.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from references.models import Reference

from .models import Article, Section
from .wikisyntax import normalize_title

logger = logging.getLogger(__name__)

_pending: set[int] = set()
_DERIVED = {
    Article: ("lead_html", "search_text", "search_terms"),
    Section: ("heading_html", "html"),
    Reference: ("html",),
}


def _render_pending():
    ids = sorted(_pending)
    _pending.clear()
    for article in Article.objects.filter(pk__in=ids):
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


@receiver(post_save, sender=Article)
def article_loaded(sender, instance, raw, **kwargs):
    if raw:
        _schedule(instance.pk)


@receiver(post_save, sender=Section)
@receiver(post_save, sender=Reference)
def part_loaded(sender, instance, raw, **kwargs):
    if raw:
        # Its HTML is gone: until the render, the article must not pass for derived.
        Article.objects.filter(pk=instance.article_id).update(derived_with=0)
        _schedule(instance.article_id)
