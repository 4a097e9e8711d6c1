"""A page created, renamed or deleted changes what the pages linking to it show.

Their links to its title turn local, or go back to zh.wikipedia: ``touch_linking_to`` raises
their version in the same transaction, so their cached views and stored bytes go stale then,
and only then. The import, which creates pages in bulk, calls it itself (no signal is sent).
"""

from __future__ import annotations

from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from .models import Article


@receiver(pre_save, sender=Article)
def remember_the_stored_key(sender, instance: Article, raw=False, update_fields=None, **kwargs):
    """The title key as stored, when this save may rename the article (a render's save never does)."""
    instance._stored_title_key = None
    if raw or instance._state.adding or (update_fields is not None and "title" not in update_fields):
        return
    instance._stored_title_key = Article.objects.filter(pk=instance.pk).values_list("title_key", flat=True).first()


@receiver(post_save, sender=Article)
def touch_on_create_or_rename(sender, instance: Article, created, **kwargs):
    before = getattr(instance, "_stored_title_key", None)
    renamed = before is not None and before != instance.title_key
    if renamed:
        # The page itself shows its new title: what was stored or cached under its version is not it.
        Article.objects.filter(pk=instance.pk).update(version=F("version") + 1, updated_at=timezone.now())
    if created or renamed:
        Article.objects.touch_linking_to({instance.title_key, *([before] if before else [])})


@receiver(post_delete, sender=Article)
def touch_on_delete(sender, instance: Article, **kwargs):
    Article.objects.touch_linking_to([instance.title_key])
