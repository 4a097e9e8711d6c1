"""ETag and Last-Modified for the pages that list articles (home, categories, all pages, what links
here, recent changes), and a 304 answered from one query, before anything is built.

What such a page shows follows from the set of articles and what they derive, and every change to
those raises an article's ``updated_at`` or the number of articles (a new revision, an import, a
page whose links changed, a rename, a deletion): ``ArticleQuerySet.site_state`` is both, in one
aggregate. The validator is that state with the address and the variant; it is the same in every
worker process, so a CDN or a browser revalidates against any of them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from wikitext.derivation import DERIVATION_VERSION

from .models import Article
from .page_cache import CACHE_CONTROL


def site_validators(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Give the view's GET/HEAD answers validators, and answer a current copy with 304."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        count, last_change = Article.objects.site_state()
        seed = f"{DERIVATION_VERSION}|{request.get_full_path()}|{kwargs.get('variant', '')}|{count}|{last_change}"
        etag = '"' + hashlib.sha256(seed.encode()).hexdigest()[:32] + '"'
        last_modified = int(last_change.timestamp()) if last_change else None
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:
            response = view(request, *args, **kwargs)
        if response.status_code in (200, 304):
            response["ETag"] = etag
            if last_modified is not None:
                response["Last-Modified"] = http_date(last_modified)
            response["Cache-Control"] = CACHE_CONTROL
        return response

    return wrapper
