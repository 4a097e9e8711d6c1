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

import functools
import gzip
import hashlib
from dataclasses import dataclass

import brotli
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from wikitext.derivation import DERIVATION_VERSION
from wikitext.negotiation import weighted

CACHE_ALIAS = "pages"
CACHE_CONTROL = "public, no-cache"
# Preferred first: brotli is smaller, gzip is understood everywhere.
ENCODINGS = ("br", "gzip")
# Headers of the stored response a 304 leaves out: it has no body.
_BODY_HEADERS = frozenset({"content-type", "content-length", "content-encoding", "content-language"})


Headers = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class StoredPage:
    etag: str  # the identity bytes' strong validator, quoted
    last_modified: float  # seconds since the epoch
    bodies: dict[str, bytes]  # "identity", "gzip", "br"
    answers: dict[str, Headers]  # each encoding's complete headers for a 200, built once
    not_modified: dict[str, Headers]  # and for a 304

    def answer(self, method: str, accept_encoding: str, if_none_match: str | None, if_modified_since: str | None):
        """(status, headers, body) for a request with these headers: 304 when its copy is current."""
        encoding = encoding_for(accept_encoding)
        if self._current(if_none_match, if_modified_since):
            return 304, self.not_modified[encoding], b""
        return 200, self.answers[encoding], b"" if method == "HEAD" else self.bodies[encoding]

    def _current(self, if_none_match: str | None, if_modified_since: str | None) -> bool:
        """RFC 9110 §13.2.2: If-None-Match decides when it is sent, else If-Modified-Since."""
        if if_none_match is not None:
            # Weak comparison, as for GET: any representation's tag of these bytes will do.
            wanted = _wanted(if_none_match)
            return "*" in wanted or not wanted.isdisjoint(tag_for(self.etag, name) for name in ("identity", *ENCODINGS))
        since = parse_http_date_safe(if_modified_since or "")
        return since is not None and int(self.last_modified) <= since


def page_key(article_id: int, version: int, built_for: str) -> str:
    """Where an article's bytes of this version are kept; ``built_for`` names the variant, scheme and host."""
    return f"page:{DERIVATION_VERSION}:{article_id}:{version}:{built_for}"


def store(response: HttpResponse, last_modified: float) -> StoredPage:
    """The response a view gave, made into stored bytes (compressed once for every request to come)."""
    body = response.content
    patch_vary_headers(response, ("Accept-Encoding",))
    skipped = {"content-length", "etag", "last-modified", "cache-control", "content-encoding"}
    kept = tuple((name, value) for name, value in response.items() if name.lower() not in skipped)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    bodies = {"identity": body, "gzip": gzip.compress(body, compresslevel=9, mtime=0), "br": brotli.compress(body)}
    answers, not_modified = {}, {}
    for encoding, encoded in bodies.items():
        validators = (
            ("ETag", tag_for(etag, encoding)),
            ("Last-Modified", http_date(last_modified)),
            ("Cache-Control", CACHE_CONTROL),
        )
        coding = () if encoding == "identity" else (("Content-Encoding", encoding),)
        answers[encoding] = (*kept, *validators, ("Content-Length", str(len(encoded))), *coding)
        not_modified[encoding] = (*(h for h in kept if h[0].lower() not in _BODY_HEADERS), *validators)
    return StoredPage(etag, last_modified, bodies, answers, not_modified)


@functools.lru_cache(maxsize=256)
def _wanted(if_none_match: str) -> frozenset[str]:
    """The tags an If-None-Match names, weak or strong alike (read once for each header a client sends)."""
    return frozenset(etag.removeprefix("W/") for etag in parse_etags(if_none_match))


@functools.lru_cache(maxsize=256)  # clients send a few header values, each request again
def encoding_for(accept_encoding: str) -> str:
    """The best encoding the client takes: br, gzip, or identity (``q=0`` refuses one)."""
    accepted = {name.lower(): quality for name, quality in weighted(accept_encoding)}
    for encoding in ENCODINGS:
        if accepted.get(encoding, accepted.get("*", 0.0)) > 0:
            return encoding
    return "identity"


def tag_for(etag: str, encoding: str) -> str:
    """The strong ETag of one representation: the identity tag, suffixed for an encoding."""
    return etag if encoding == "identity" else f'{etag[:-1]}-{encoding}"'


def respond(request: HttpRequest, stored: StoredPage) -> HttpResponse:
    """The stored page's answer to ``request`` as an HttpResponse (the middleware's way)."""
    headers = request.headers
    status, answer_headers, body = stored.answer(
        request.method or "GET",
        headers.get("Accept-Encoding", ""),
        headers.get("If-None-Match"),
        headers.get("If-Modified-Since"),
    )
    response = HttpResponse(body, status=status)
    for name, value in answer_headers:
        response[name] = value
    return response
