"""Render articles whose rows arrive raw, as ``loaddata`` writes them.

A fixture is untrusted and may hold any HTML, or none: each article it touches
is rendered again from its sources once the load commits, when all its
sections and references are there.
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from references.models import Reference

from .models import Article, Section

_pending: set[int] = set()


def _render_pending():
    ids = sorted(_pending)
    _pending.clear()
    for article in Article.objects.filter(pk__in=ids):
        article.render()


def _schedule(article_id):
    if not _pending:
        transaction.on_commit(_render_pending)
    _pending.add(article_id)


@receiver(post_save, sender=Article)
def article_loaded(sender, instance, raw, **kwargs):
    if raw:
        _schedule(instance.pk)


@receiver(post_save, sender=Section)
@receiver(post_save, sender=Reference)
def part_loaded(sender, instance, raw, **kwargs):
    if raw:
        _schedule(instance.article_id)
