"""Rows that arrive raw, as ``loaddata`` writes them, are untrusted.

A fixture gives articles and their revisions' texts, nothing derived: whatever
HTML it carries is dropped as the row is saved, and each article it touches is
rendered again from its current revision once the load commits. A fixture
cannot rewrite history either: loading a revision that exists with another
text stops the load, naming it.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from references.models import Reference
from wikitext.derivation import source_digest
from wikitext.limits import check_page_size
from wikitext.page import ParseError
from wikitext.parsing import parse_page
from wikitext.sanitizing import without_controls
from wikitext.titles import normalize_title, title_key

from .models import Article, Revision, Section

logger = logging.getLogger(__name__)

_pending: set[int] = set()
FIXTURE_AUTHOR = "fixture"


class HistoryRewrite(ValueError):
    """A fixture holds a revision that exists here with another text."""


class BadRevision(ValueError):
    """A fixture holds a revision whose text is no page: the load stops, naming it."""


def _not_a_page(text: str, title: str) -> str | None:
    too_long = check_page_size(Revision.size_of(text), settings.SIBERIA_MAX_PAGE_BYTES, subject="text")
    if too_long:
        return too_long
    if "\x00" in text:
        return "the text holds NUL characters"
    try:
        parse_page(text, title)
    except ParseError as error:
        return f"not a page: {error}"
    return None


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
    for field in sender.DERIVED_TEXT_FIELDS:
        setattr(instance, field, "")
    if sender is Article:
        instance.title = normalize_title(instance.title)
        instance.derived_with = 0  # whatever the row says, nothing derived is on it yet
        instance.title_key = title_key(instance.title)
        # Which revision is current, which file was imported, the version cached views are keyed by
        # and when the page began are this database's facts, not the fixture's.
        kept = ("current_revision", "source_sha256", "version", "created_at")
        stored = Article.objects.filter(pk=instance.pk).values(*kept).first() if instance.pk else None
        instance.current_revision_id = stored["current_revision"] if stored else None
        instance.source_sha256 = stored["source_sha256"] if stored else ""
        if stored:
            instance.version, instance.created_at = stored["version"], stored["created_at"]


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
    title = Article.objects.filter(pk=instance.article_id).values_list("title", flat=True).first() or "page"
    problem = _not_a_page(instance.text, title)
    if problem:
        raise BadRevision(f"revision {instance.number} of {title} in the fixture: {problem}")
    instance.sha256 = source_digest(instance.text)
    instance.size = Revision.size_of(instance.text)
    instance.summary, instance.source_path = without_controls(instance.summary), without_controls(instance.source_path)
    # What a dump says of its revisions (kind, author, time, summary) is kept; the rest is recomputed.
    if instance.kind not in dict(Revision.KIND_CHOICES):
        instance.kind = Revision.FIXTURE
    instance.author = without_controls(instance.author) or FIXTURE_AUTHOR
    instance.user_id = None
    instance.parent_id, instance.size_change = None, 0  # linked into the page's chain once saved


@receiver(post_save, sender=Article)
def article_loaded(sender, instance, raw, **kwargs):
    if raw:
        _schedule(instance.pk)


@receiver(post_save, sender=Revision)
def revision_loaded(sender, instance, raw, **kwargs):
    if not raw:
        return
    # Whatever order the fixture gives them in, each revision's parent is the one numbered before it,
    # and the newest is current.
    chain = list(Revision.objects.filter(article_id=instance.article_id).order_by("number").defer("text"))
    parent = None
    for revision in chain:
        wanted = (parent.pk if parent else None, revision.size - (parent.size if parent else 0))
        if (revision.parent_id, revision.size_change) != wanted:
            Revision.objects.filter(pk=revision.pk).update(parent_id=wanted[0], size_change=wanted[1])
        parent = revision
    imported = [revision.sha256 for revision in chain if revision.kind == Revision.IMPORT]
    article = Article.objects.filter(pk=instance.article_id)
    article.update(current_revision=chain[-1], derived_with=0)
    if imported:  # the file last imported, as far as the history tells, when this database knows none
        article.filter(source_sha256="").update(source_sha256=imported[-1])
    _schedule(instance.article_id)


@receiver(post_save, sender=Section)
@receiver(post_save, sender=Reference)
def part_loaded(sender, instance, raw, **kwargs):
    if raw:
        # Its HTML is gone: until the render, the article must not pass for derived.
        Article.objects.filter(pk=instance.article_id).update(derived_with=0)
        _schedule(instance.article_id)
