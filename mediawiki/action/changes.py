"""``list=recentchanges``: every page's revisions, newest first (``RevisionQuerySet.recent``), one query a call.

Each revision is a change of type ``new`` (a page's first) or ``edit``; its ``rcid`` is its revision id.
``rccontinue`` is MediaWiki's ``<timestamp>|<id>``, so that a client goes on where it stopped.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.db.models import F, Q

from articles.models import Revision

from .call import Call, is_id
from .errors import ApiError
from .listing import BAD_CONTINUE, Listed, main_namespace
from .revisions import edit_fields

RC_PROPS = (
    "user", "userid", "comment", "parsedcomment", "flags", "timestamp", "title", "ids", "sizes", "redirect",
    "patrolled", "loginfo", "tags", "sha1",
)  # fmt: skip
RC_SHOW = ("minor", "!minor", "bot", "!bot", "anon", "!anon", "redirect", "!redirect", "patrolled", "!patrolled")
RC_TYPES = ("edit", "new", "log", "external", "categorize")


def recentchanges(call: Call, prefix: str) -> Listed:
    props = call.many(f"{prefix}prop", RC_PROPS, module="recentchanges") or ["title", "timestamp", "ids"]
    show = call.many(f"{prefix}show", RC_SHOW, module="recentchanges")
    types = call.many(f"{prefix}type", RC_TYPES, module="recentchanges") or ["edit", "new", "log", "categorize"]
    limit = call.limit(f"{prefix}limit", "recentchanges")
    older = call.choice(f"{prefix}dir", ("older", "newer"), default="older") == "older"
    start, end = call.time(f"{prefix}start"), call.time(f"{prefix}end")
    user, excluded = call.get(f"{prefix}user"), call.get(f"{prefix}excludeuser")
    for ignored in ("tag", "title", "generaterevisions", "slot"):
        call.get(f"{prefix}{ignored}")
    top_only = call.flag(f"{prefix}toponly")
    cursor = _cursor(call.get(f"{prefix}continue"))
    if not main_namespace(call, f"{prefix}namespace") or "bot" in show or "redirect" in show:
        return Listed()
    rows = Revision.objects.recent()
    kinds = [kind for kind in types if kind in ("edit", "new")]
    if not kinds:
        return Listed()
    if kinds == ["new"]:
        rows = rows.filter(parent__isnull=True)
    elif kinds == ["edit"]:
        rows = rows.filter(parent__isnull=False)
    if "minor" in show:
        rows = rows.filter(minor=True)
    if "!minor" in show:
        rows = rows.filter(minor=False)
    if user:
        rows = rows.filter(author=user)
    if excluded:
        rows = rows.exclude(author=excluded)
    if top_only:
        rows = rows.filter(article__current_revision_id=F("id"))
    if start is not None:
        rows = rows.filter(timestamp__lte=start) if older else rows.filter(timestamp__gte=start)
    if end is not None:
        rows = rows.filter(timestamp__gte=end) if older else rows.filter(timestamp__lte=end)
    if cursor is not None:
        moment, pk = cursor
        if older:
            rows = rows.filter(Q(timestamp__lt=moment) | Q(timestamp=moment, pk__lte=pk))
        else:
            rows = rows.filter(Q(timestamp__gt=moment) | Q(timestamp=moment, pk__gte=pk))
    if not older:
        rows = rows.order_by("timestamp", "id")
    found = list(rows[: limit + 1])
    more = {}
    if len(found) > limit:
        following = found[limit]
        moment = following.timestamp.astimezone(UTC)
        more = {f"{prefix}continue": f"{moment:%Y%m%d%H%M%S.%f}|{following.pk}"}
    return Listed(entries=[_entry(call, revision, props) for revision in found[:limit]], more=more)


def _cursor(value: str | None) -> tuple[datetime, int] | None:
    if value is None:
        return None
    moment, bar, pk = value.partition("|")
    try:
        when = datetime.strptime(moment, "%Y%m%d%H%M%S.%f").replace(tzinfo=UTC)
    except ValueError:
        when = None
    if when is None or not bar or not is_id(pk):
        raise ApiError("badcontinue", BAD_CONTINUE)
    return when, int(pk)


def _entry(call: Call, revision: Revision, props: list[str]) -> dict:
    entry: dict = {"type": "new" if revision.parent_id is None else "edit"}
    if "title" in props:
        entry.update(ns=0, title=call.display(revision.article.title))
    if "ids" in props:
        entry.update(pageid=revision.article_id, revid=revision.pk, old_revid=revision.parent_id or 0, rcid=revision.pk)
    if "sizes" in props:
        entry.update(oldlen=revision.size - revision.size_change, newlen=revision.size)
    if "flags" in props:
        call.put_flag(entry, "new", revision.parent_id is None)
        call.put_flag(entry, "minor", revision.minor)
        call.put_flag(entry, "bot", False)
    entry.update(edit_fields(revision, props))
    return entry
