"""Citations by the site they cite: ``/references/`` and ``/references/<host>/``.

Imports nothing of ``articles`` (README: apps depend one way); a reference links
back to its article through the foreign key's ``get_absolute_url``.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from .models import Reference

PER_PAGE = 100


def sites(request):
    page = Paginator(Reference.objects.sites(), PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)  # read here, not while the template renders
    return render(request, "references/sites.html", {"page": page})


def site(request, host):
    if host != host.lower():
        return redirect("references:site", host.lower())
    page = Paginator(Reference.objects.citing(host), PER_PAGE).get_page(request.GET.get("page"))
    if not page.paginator.count:
        raise Http404(host)
    page.object_list = list(page.object_list)  # read here, not while the template renders
    return render(request, "references/site.html", {"host": host, "page": page})
