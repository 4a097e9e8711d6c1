"""What an article's address does with ``?action=…``, ``?oldid=…`` and ``?diff=…``, as MediaWiki's index.php."""

from __future__ import annotations

from django.http import HttpResponseNotAllowed

from wikitext.variants import Variant

from .edit_views import edit
from .history_views import diff, history, old_revision, revert
from .models import Article


def page_action(request, article: Article, variant: Variant):
    """The view the query asks for, or None for the article itself."""
    action = request.GET.get("action")
    if action == "edit":
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        return edit(request, article, variant)
    if action == "revert":
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return revert(request, article, variant)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if action == "history":
        return history(request, article, variant)
    if "diff" in request.GET:
        return diff(request, article, variant)
    if "oldid" in request.GET:
        return old_revision(request, article, variant)
    return None
