"""An article page's bytes, built once and served as they are: ETag, 304, gzip and brotli.

A page's bytes are fixed by its article's version (raised by every new revision and whenever a page
it links to is created, renamed or deleted: ``ArticleQuerySet.touch_linking_to``), its variant and
this release's templates. They are stored under those in the ``pages`` cache, each representation
compressed once, with the headers Django's middleware gave them; a request finds them with one
query for the article's version, so every worker process, and with a shared cache every machine,
serves an edit at once.

Validators: a strong ETag from the identity bytes (each encoding its own tag, as it is another
representation) and Last-Modified from the article's ``updated_at``. ``Cache-Control: public,
no-cache``: a browser or a CDN may keep the page but asks again every time, and a 304 costs one
query; so an edit needs no purge anywhere.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass

import brotli
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from wikitext.derivation import DERIVATION_VERSION

CACHE_ALIAS = "pages"
CACHE_CONTROL = "public, no-cache"
# Preferred first: brotli is smaller, gzip is understood everywhere.
ENCODINGS = ("br", "gzip")
# Headers of the stored response a 304 leaves out: it has no body.
_BODY_HEADERS = frozenset({"content-type", "content-length", "content-encoding", "content-language"})


@dataclass(frozen=True)
class StoredPage:
    etag: str  # the identity bytes' strong validator, quoted
    last_modified: float  # seconds since the epoch
    headers: tuple[tuple[str, str], ...]  # as the view and middleware left them, but those set here
    bodies: dict[str, bytes]  # "identity", "gzip", "br"


def page_key(article_id: int, version: int, variant_code: str) -> str:
    return f"page:{DERIVATION_VERSION}:{article_id}:{version}:{variant_code}"


def store(response: HttpResponse, last_modified: float) -> StoredPage:
    """The response a view gave, made into stored bytes (compressed once for every request to come)."""
    body = response.content
    patch_vary_headers(response, ("Accept-Encoding",))
    skipped = {"content-length", "etag", "last-modified", "cache-control", "content-encoding"}
    headers = tuple((name, value) for name, value in response.items() if name.lower() not in skipped)
    return StoredPage(
        etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"',
        last_modified=last_modified,
        headers=headers,
        bodies={"identity": body, "gzip": gzip.compress(body, compresslevel=9, mtime=0), "br": brotli.compress(body)},
    )


def encoding_for(accept_encoding: str) -> str:
    """The best encoding the client takes: br, gzip, or identity (``q=0`` refuses one)."""
    accepted: dict[str, float] = {}
    for item in accept_encoding.split(","):
        name, *params = (piece.strip() for piece in item.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if name:
            accepted[name.lower()] = quality
    for encoding in ENCODINGS:
        if accepted.get(encoding, accepted.get("*", 0.0)) > 0:
            return encoding
    return "identity"


def tag_for(stored: StoredPage, encoding: str) -> str:
    """The strong ETag of one representation: the identity tag, suffixed for an encoding."""
    return stored.etag if encoding == "identity" else f'{stored.etag[:-1]}-{encoding}"'


def respond(request: HttpRequest, stored: StoredPage) -> HttpResponse:
    """The stored page for this request: 304 when the client's copy is current, else 200 in its encoding."""
    encoding = encoding_for(request.headers.get("Accept-Encoding", ""))
    tag = tag_for(stored, encoding)
    if _not_modified(request, stored, tag):
        response = HttpResponse(status=304)
        for name, value in stored.headers:
            if name.lower() not in _BODY_HEADERS:
                response[name] = value
    else:
        body = stored.bodies[encoding]
        response = HttpResponse(b"" if request.method == "HEAD" else body)
        for name, value in stored.headers:
            response[name] = value
        response["Content-Length"] = str(len(body))
        if encoding != "identity":
            response["Content-Encoding"] = encoding
    response["ETag"] = tag
    response["Last-Modified"] = http_date(stored.last_modified)
    response["Cache-Control"] = CACHE_CONTROL
    return response


def _not_modified(request: HttpRequest, stored: StoredPage, tag: str) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when it is sent, else If-Modified-Since."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        # Weak comparison, as for GET: any representation's tag of these bytes will do.
        wanted = {etag.removeprefix("W/") for etag in parse_etags(if_none_match)}
        return "*" in wanted or bool(wanted & {tag_for(stored, name) for name in ("identity", *ENCODINGS)})
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(stored.last_modified) <= since
