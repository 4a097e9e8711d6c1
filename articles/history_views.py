"""A page's history, as zh.wikipedia's addresses have it.

``?action=history`` lists the revisions, ``?oldid=N`` shows one as it was,
``?diff=N&oldid=M`` (or ``diff=prev|next|cur``) compares two, and a POST to
``?action=revert&oldid=N`` by a staff user makes N's text current again.
``Special:RecentChanges`` lists the latest revisions of every page; both have
Atom and RSS feeds (``articles.feeds``). Each is a fixed number of queries, whatever the number of revisions.
"""

from __future__ import annotations

from dataclasses import replace

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from wikitext.diffing import TextDiff, diff_texts
from wikitext.titles import title_to_path
from wikitext.variants import NO_CONVERSION, Variant, convert_text

from .article_view import revision_page
from .feeds import FEED_TYPES, HistoryFeed, RecentChangesFeed, feed_url
from .interface import interface_text, revised_at
from .models import Article, Revision
from .permissions import may_edit, refusal
from .variant_urls import page_url, url_in, variant_context

HISTORY_PER_PAGE = 50
RECENT_PER_PAGE = 50
DIFF_KEYWORDS = ("prev", "next", "cur")
MAX_DIFF_LINES = 2000  # a page shows at most this many lines of a diff


def _revision_id(value: str | None, name: str) -> int:
    # ASCII digits only: str.isdigit() also takes "²", which int() refuses.
    if value is None or not (value.isascii() and value.isdigit()):
        raise Http404(f"{name} must be a revision number, not {value!r}")
    return int(value)


def _revision_of(article: Article, revision_id: int, *, with_text: bool = True) -> Revision:
    revision = Revision.objects.of(article, revision_id, with_text=with_text)
    if revision is None:
        raise Http404(f"{article.title} has no revision {revision_id}")
    return revision


def page_context(request, article: Article, variant: Variant) -> dict:
    return {
        "page_title": convert_text(article.title, variant),
        "page_url": page_url(article.title, variant),
        "history_url": page_url(article.title, variant) + "?action=history",
        **variant_context(request, variant),
    }


def history(request, article: Article, variant: Variant = NO_CONVERSION):
    """The revisions, newest first, fifty a page: date, author, size and its change, summary; ``&feed=atom|rss``."""
    feed = request.GET.get("feed")
    if feed in FEED_TYPES:
        return HistoryFeed(feed, article)(request)
    page = Paginator(Revision.objects.history_of(article), HISTORY_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page)
    return render(
        request,
        "articles/history.html",
        {
            "article": article,
            "page": page,
            "page_query": "action=history",
            "rows": [(revision, revised_at(revision.timestamp, variant)) for revision in rows],
            "current_id": article.current_revision_id,
            "can_revert": may_edit(request.user),
            "feed_url": feed_url(page_url(article.title, NO_CONVERSION) + "?action=history"),
            **page_context(request, article, variant),
        },
    )


def old_revision(request, article: Article, variant: Variant = NO_CONVERSION):
    """The page as it was at revision ``oldid``: that revision's text rendered, with a notice saying so."""
    revision = _revision_of(article, _revision_id(request.GET.get("oldid"), "oldid"))
    view = revision_page(article, revision, variant)
    return render(
        request,
        "articles/revision.html",
        {
            "article": view,
            "revision": revision,
            "is_current": revision.pk == article.current_revision_id,
            "can_revert": may_edit(request.user),
            "revised_at": revised_at(revision.timestamp, variant),
            "what_links_here_url": url_in(variant, "what_links_here", title=title_to_path(article.title)),
            "labels": interface_text(variant),
            **page_context(request, article, variant),
        },
    )


def diff(request, article: Article, variant: Variant = NO_CONVERSION):
    """What changed between two revisions of the page, character by character.

    MediaWiki's forms: ``diff=N&oldid=M`` (M before N), ``diff=prev|next|cur&oldid=M``
    (M against the one before it, after it, or the current one), ``diff=N`` alone (N
    against the one before it).
    """
    wanted, oldid = request.GET.get("diff", ""), request.GET.get("oldid")
    if wanted in DIFF_KEYWORDS:
        base = _revision_of(article, _revision_id(oldid, "oldid"))
        if wanted == "prev":
            old, new = Revision.objects.parent_of(base), base
        elif wanted == "next":
            following = Revision.objects.following(base)
            old, new = base, following or base
        else:
            old, new = base, _revision_of(article, article.current_revision_id)
    else:
        new = _revision_of(article, _revision_id(wanted, "diff"))
        old = (
            _revision_of(article, _revision_id(oldid, "oldid"))
            if oldid is not None
            else Revision.objects.parent_of(new)
        )
    if old is not None and old.number > new.number:
        old, new = new, old  # compared in time order, as MediaWiki does
    return render(
        request,
        "articles/diff.html",
        {
            "old": old,
            "new": new,
            "old_date": revised_at(old.timestamp, variant) if old else "",
            "new_date": revised_at(new.timestamp, variant),
            **_shown_diff(old, new),
            "is_current": new.pk == article.current_revision_id,
            "can_revert": may_edit(request.user),
            **page_context(request, article, variant),
        },
    )


def _shown_diff(old: Revision | None, new: Revision) -> dict:
    """The diff of two revisions, computed once (revisions never change) and cut to MAX_DIFF_LINES lines.

    A diff can cost up to diffing's timeout of CPU, and anyone may ask for any pair: the cache
    keeps each pair's answer.
    """
    key = f"diff:{old.pk if old else 0}:{new.pk}"
    diff = cache.get(key)
    if diff is None:
        diff = diff_texts(old.text if old else "", new.text)
        cache.set(key, diff)
    return shown_diff(diff)


def shown_diff(diff: TextDiff) -> dict:
    """The template's ``diff`` cut to MAX_DIFF_LINES lines, and ``lines_left_out``: how many were cut."""
    shown, total, hunks = 0, sum(len(hunk.lines) for hunk in diff.hunks), []
    for hunk in diff.hunks:
        if shown + len(hunk.lines) > MAX_DIFF_LINES:
            hunks.append(replace(hunk, lines=hunk.lines[: MAX_DIFF_LINES - shown]))
            break
        hunks.append(hunk)
        shown += len(hunk.lines)
    return {"diff": replace(diff, hunks=tuple(hunks)), "lines_left_out": max(total - MAX_DIFF_LINES, 0)}


def revert(request, article: Article, variant: Variant = NO_CONVERSION):
    """A new revision whose text is that of revision ``oldid`` (staff only; the form carries a CSRF token)."""
    refused = refusal(request, page_url(article.title, variant) + "?action=history")
    if refused is not None:
        return refused
    target = _revision_of(article, _revision_id(request.GET.get("oldid") or request.POST.get("oldid"), "oldid"))
    article.commit(
        target.text,
        kind=Revision.REVERT,
        author=request.user.get_username(),
        user=request.user,
        summary=f"还原到 {target.author} 的修订版本 {target.number}",
    )
    # 303: the reader's browser fetches the page, now showing the text reverted to.
    response = redirect(page_url(article.title, variant))
    response.status_code = 303
    return response


def recent_changes(request, variant: Variant = NO_CONVERSION):
    """Special:RecentChanges: the latest revisions of every page, fifty a page; ``?feed=atom|rss`` as a feed."""
    feed = request.GET.get("feed")
    if feed in FEED_TYPES:
        return RecentChangesFeed(feed)(request)
    page = Paginator(Revision.objects.recent(), RECENT_PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        (revision, convert_text(revision.article.title, variant), page_url(revision.article.title, variant))
        for revision in page
    ]
    return render(
        request,
        "articles/recent_changes.html",
        {
            "page": page,
            "rows": [(revision, title, url, revised_at(revision.timestamp, variant)) for revision, title, url in rows],
            "feed_url": feed_url(url_in(NO_CONVERSION, "recent_changes")),
            **variant_context(request, variant),
        },
    )
