"""Who may change a page outside the admin (edit, revert): one rule for every view and link that offers it.

The admin lets a staff user change an article only with ``articles.change_article``; the
page's own editor and its revert button ask for the same, so that no side door is wider.
"""

from __future__ import annotations

from urllib.parse import unquote

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

EDIT_PERMISSION = "articles.change_article"


def may_edit(user) -> bool:
    return bool(user.is_active and user.is_staff and user.has_perm(EDIT_PERMISSION))


def signed_in_editor(request: HttpRequest) -> bool:
    """The request comes from an editor. Anonymous readers (no session cookie) never touch the session table."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES and may_edit(request.user)


def refusal(request: HttpRequest, come_back_to: str) -> HttpResponse | None:
    """None for an editor; a reader not signed in goes to sign in (and back), anyone else is refused (403)."""
    if not request.user.is_authenticated:
        # The address as an IRI: redirect_to_login encodes it once.
        return redirect_to_login(unquote(come_back_to), reverse("admin:login"))
    if not may_edit(request.user):
        raise PermissionDenied("only editors may change pages")
    return None
