"""Citations by the site they cite: ``/references/`` and ``/references/<host>/``.

Imports nothing of ``articles`` (README: apps depend one way); a reference links
back to its article through the foreign key's ``get_absolute_url``.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Concat, Lower, StrIndex, Substr
from django.db.models.functions import Replace as ReplaceText
from django.http import Http404
from django.shortcuts import redirect, render

from .models import Reference

PER_PAGE = 100


def host_of(field: str = "url"):
    """The host of an http(s) URL, in SQL: lower-cased, between ``://`` and the first ``/``, ``?`` or ``#``."""
    rest = Substr(field, StrIndex(field, Value("://")) + 3)
    rest = ReplaceText(ReplaceText(rest, Value("?"), Value("/")), Value("#"), Value("/"))
    return Lower(Substr(rest, 1, StrIndex(Concat(rest, Value("/")), Value("/")) - 1))


def cited() -> QuerySet:
    """References whose first URL is a web address, each with its ``host``."""
    return Reference.objects.filter(Q(url__istartswith="http://") | Q(url__istartswith="https://")).annotate(
        host=host_of()
    )


def sites(request):
    hosts = cited().exclude(host="").values("host").annotate(count=Count("pk")).order_by("-count", "host")
    page = Paginator(hosts, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)  # read here, not while the template renders
    return render(request, "references/sites.html", {"page": page})


def site(request, host):
    if host != host.lower():
        return redirect("references:site", host.lower())
    references = (
        cited()
        .filter(host=host)
        .select_related("article")
        .only("number", "html", "url", "article__title")
        .order_by("article__title", "number")
    )
    page = Paginator(references, PER_PAGE).get_page(request.GET.get("page"))
    if not page.paginator.count:
        raise Http404(host)
    page.object_list = list(page.object_list)  # read here, not while the template renders
    return render(request, "references/site.html", {"host": host, "page": page})
