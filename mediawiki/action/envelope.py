"""The answer's envelope: warnings and errors in each formatversion's shape, JSON as asked, CORS for ``origin=*``.

Errors go out with HTTP 200, as MediaWiki sends them (clients read the ``error`` object, not the
status); the headers MediaWiki sends with them (``MediaWiki-API-Error``) come along.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse

from .call import Call
from .errors import ApiError

FORMATS = ("json", "jsonfm")
SERVED_BY = "siberia"


def docref(request: HttpRequest) -> str:
    url = request.build_absolute_uri("/w/api.php")
    return f"See {url} for API usage."


def warnings_block(call: Call) -> dict:
    unknown = call.unrecognized()
    if unknown:
        noun = "parameter" if len(unknown) == 1 else "parameters"
        call.warn("main", f"Unrecognized {noun}: {', '.join(unknown)}.")
    key = "*" if call.formatversion == 1 else "warnings"
    return {module: {key: "\n".join(texts)} for module, texts in call.warnings.items()}


def answer(request: HttpRequest, call: Call | None, body: dict | list) -> HttpResponse:
    """``body`` with the call's warnings, as JSON; a list (opensearch) goes out as it is."""
    if isinstance(body, dict) and call is not None:
        warnings = warnings_block(call)
        if warnings:
            body = {"warnings": warnings, **body}
    return _json(request, call, body)


def error(request: HttpRequest, call: Call | None, failure: ApiError) -> HttpResponse:
    formatversion = call.formatversion if call is not None else 1
    entry = {"code": failure.code, "info": failure.info}
    entry["*" if formatversion == 1 else "docref"] = docref(request)
    body: dict = {"error": entry, "servedby": SERVED_BY}
    if call is not None:
        warnings = warnings_block(call)
        if warnings:
            body = {"warnings": warnings, **body}
    response = _json(request, call, body)
    response["MediaWiki-API-Error"] = failure.code
    return response


def _json(request: HttpRequest, call: Call | None, body: dict | list) -> HttpResponse:
    values = {**request.GET.dict(), **(request.POST.dict() if request.method == "POST" else {})}
    pretty = values.get("format") == "jsonfm"
    # formatversion 1 escapes what is not ASCII unless ``utf8`` is given; 2 writes UTF-8 unless ``ascii`` is.
    ascii_only = "ascii" in values if call is not None and call.formatversion == 2 else "utf8" not in values
    text = json.dumps(
        body, ensure_ascii=ascii_only, indent=4 if pretty else None, separators=None if pretty else (",", ":")
    )
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Cache-Control"] = "private, must-revalidate, max-age=0"
    if values.get("origin") == "*":
        # Anonymous cross-site reads, as MediaWiki allows them: no cookies are read, so none are allowed.
        response["Access-Control-Allow-Origin"] = "*"
    return response
