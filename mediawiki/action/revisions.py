"""``prop=revisions``: the current revision of each page, the revisions ``revids`` named, or one page's history.

The content is the page's Markdown (content model ``markdown``), as stored, in the main slot
(``rvslots=main``; without ``rvslots`` in MediaWiki's legacy shape, with its warning). One query
whatever the number of pages; enumerating one page's history is one query too, ``rvlimit`` + 1 rows.
"""

from __future__ import annotations

import hashlib

from django.utils.html import escape

from articles.models import Revision

from .call import Call, is_id, timestamp
from .errors import ApiError
from .listing import BAD_CONTINUE
from .pageset import PageRef

RV_PROPS = (
    "ids", "flags", "timestamp", "user", "userid", "size", "slotsize", "sha1", "slotsha1", "contentmodel",
    "comment", "parsedcomment", "content", "tags", "roles",
)  # fmt: skip
DEFAULT_PROPS = ["ids", "timestamp", "flags", "comment", "user"]
ENUMERATING = ("rvlimit", "rvstartid", "rvendid", "rvstart", "rvend", "rvuser", "rvexcludeuser", "rvcontinue")
CONTENT_LIMIT = 50  # revisions with their content per call, as MediaWiki gives
LEGACY_WARNING = (
    'Because "rvslots" was not specified, a legacy format has been used for the output. This format is deprecated, '
    "and in the future the new format will always be used."
)


def revisions(call: Call, request, pages: list[PageRef], entries: list[dict]) -> dict:
    props = call.many("rvprop", RV_PROPS, module="revisions") or DEFAULT_PROPS
    slots = call.many("rvslots", ("main", "*"), module="revisions")
    call.flag("rvexpandtemplates")
    call.choice("rvcontentformat", ("text/markdown", "text/x-wiki", "text/plain"), default="text/markdown")
    if "content" in props and not slots:
        call.warn("revisions", LEGACY_WARNING)
    enumerate_history = any(call.has(name) for name in ENUMERATING) or call.get("rvdir") == "newer"
    direction = call.choice("rvdir", ("older", "newer"), default="older")
    with_text = "content" in props or "sha1" in props or "slotsha1" in props
    found = [page for page in pages if page.article is not None]
    more: dict = {}
    if any(page.revids for page in found):
        wanted = [revid for page in found for revid in page.revids]
        rows = _rows(Revision.objects.filter(pk__in=wanted), with_text)
        by_page = _grouped(rows)
    elif enumerate_history:
        if len(found) > 1:
            raise ApiError(
                "multpages",
                "titles, pageids or a generator was used to supply multiple pages, but the rvlimit, rvstartid, "
                "rvendid, rvdir=newer, rvuser, rvexcludeuser, rvstart, and rvend parameters may only be used on a "
                "single page.",
            )
        by_page, more = _history(call, found[0] if found else None, direction, with_text, "content" in props)
    else:
        current = [page.article.current_revision_id for page in found if page.article.current_revision_id]
        if with_text and len(current) > CONTENT_LIMIT:
            # Texts are up to SIBERIA_MAX_PAGE_BYTES each: a call reads at most CONTENT_LIMIT of them.
            call.warn("revisions", f"The content of at most {CONTENT_LIMIT} pages is given in one call.")
            by_page = _grouped(_rows(Revision.objects.filter(pk__in=current[:CONTENT_LIMIT]), True))
            by_page.update(_grouped(_rows(Revision.objects.filter(pk__in=current[CONTENT_LIMIT:]), False)))
        else:
            by_page = _grouped(_rows(Revision.objects.filter(pk__in=current), with_text))
    for page, entry in zip(pages, entries, strict=True):
        if page.article is not None and page.article.pk in by_page:
            entry["revisions"] = [_entry(call, revision, props, slots) for revision in by_page[page.article.pk]]
    return more


def _rows(revisions, with_text: bool) -> list[Revision]:
    return list((revisions if with_text else revisions.defer("text")).order_by("article_id", "-number"))


def _grouped(rows: list[Revision]) -> dict[int, list[Revision]]:
    grouped: dict[int, list[Revision]] = {}
    for revision in rows:
        grouped.setdefault(revision.article_id, []).append(revision)
    return grouped


def _history(call: Call, page: PageRef | None, direction: str, with_text: bool, content: bool):
    """One page's revisions from a start, in the direction asked: ``rvlimit`` of them and where to go on."""
    limit = call.limit("rvlimit", "revisions", default=10, maximum=CONTENT_LIMIT if content else 500)
    if page is None:
        return {}, {}
    older = direction == "older"
    revisions = Revision.objects.filter(article_id=page.article.pk)
    start_id, end_id = _revid(call, "rvstartid"), _revid(call, "rvendid")
    start, end = call.time("rvstart"), call.time("rvend")
    cursor = call.get("rvcontinue")
    if cursor is not None:
        if not is_id(cursor):
            raise ApiError("badcontinue", BAD_CONTINUE)
        revisions = revisions.filter(pk__lte=int(cursor)) if older else revisions.filter(pk__gte=int(cursor))
    # Within a page, revision ids grow with their numbers: ids bound a range as numbers would.
    if start_id is not None:
        revisions = revisions.filter(pk__lte=start_id) if older else revisions.filter(pk__gte=start_id)
    if end_id is not None:
        revisions = revisions.filter(pk__gte=end_id) if older else revisions.filter(pk__lte=end_id)
    if start is not None:
        revisions = revisions.filter(timestamp__lte=start) if older else revisions.filter(timestamp__gte=start)
    if end is not None:
        revisions = revisions.filter(timestamp__gte=end) if older else revisions.filter(timestamp__lte=end)
    user, excluded = call.get("rvuser"), call.get("rvexcludeuser")
    if user:
        revisions = revisions.filter(author=user)
    if excluded:
        revisions = revisions.exclude(author=excluded)
    ordered = revisions.order_by("-number" if older else "number")
    rows = list((ordered if with_text else ordered.defer("text"))[: limit + 1])
    more = {"rvcontinue": str(rows[limit].pk)} if len(rows) > limit else {}
    return {page.article.pk: rows[:limit]}, more


def _revid(call: Call, name: str) -> int | None:
    value = call.get(name)
    if value is None:
        return None
    if not is_id(value):
        raise ApiError("badinteger", f'Invalid value "{value}" for integer parameter "{name}".')
    return int(value)


def edit_fields(revision: Revision, props: list[str]) -> dict:
    """What a revision and a recent change alike say of an edit: who made it, when, with what summary."""
    fields: dict = {}
    if "user" in props:
        fields["user"] = revision.author
    if "userid" in props:
        fields["userid"] = revision.user_id or 0
    if "timestamp" in props:
        fields["timestamp"] = timestamp(revision.timestamp)
    if "comment" in props:
        fields["comment"] = revision.summary
    if "parsedcomment" in props:
        fields["parsedcomment"] = escape(revision.summary)
    if "tags" in props:
        fields["tags"] = []
    return fields


def _entry(call: Call, revision: Revision, props: list[str], slots: list[str]) -> dict:
    """One revision as asked; its text only where it was read (never fetched here, one row at a time)."""
    entry: dict = {}
    has_text = "text" not in revision.get_deferred_fields()
    if "ids" in props:
        entry.update(revid=revision.pk, parentid=revision.parent_id or 0)
    if "flags" in props:
        call.put_flag(entry, "minor", revision.minor)
    entry.update(edit_fields(revision, props))
    if "size" in props:
        entry["size"] = revision.size
    if "sha1" in props and has_text:
        entry["sha1"] = hashlib.sha1(revision.text.encode("utf-8")).hexdigest()
    if "roles" in props:
        entry["roles"] = ["main"]
    if "content" in props or "contentmodel" in props:
        content: dict = {"contentmodel": "markdown", "contentformat": "text/markdown"}
        if "content" in props and has_text:
            call.put_text(content, "content", revision.text)
        if slots:
            slot = {"size": revision.size, **content} if "slotsize" in props else content
            entry["slots"] = {"main": slot}
        else:
            entry.update(content)
    return entry
