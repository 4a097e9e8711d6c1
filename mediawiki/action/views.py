"""``/w/api.php`` and ``/api.php``: read the call, run its action, answer in MediaWiki's envelope.

GET and POST alike (mwclient posts its reads); nothing is written, so no CSRF token is asked for,
and no session or user is read: every caller is anonymous. Any input that is no call gets
MediaWiki's error object with HTTP 200, never a server error.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .call import Call
from .envelope import FORMATS, answer, error
from .errors import ApiError
from .opensearch import opensearch
from .parse import parse
from .query import GENERATORS, LIST_MODULES, PROPS, query

HELP = (
    "siberia answers a read-only subset of the MediaWiki Action API: action=query (meta=siteinfo|userinfo; "
    f"prop={'|'.join(PROPS)}; list={'|'.join(LIST_MODULES)}; generator={'|'.join(GENERATORS)}; "
    "titles, pageids, revids), action=parse, action=opensearch; format=json, formatversion=1 or 2."
)


def help_action(call: Call, request: HttpRequest) -> dict:
    """``action=help``: what is offered. Its own parameters are read (and ignored) so that a client
    sending them gets no "Unrecognized parameter" warning."""
    call.get("modules")
    call.get("submodules")
    call.get("recursivesubmodules")
    call.get("wrap")
    call.get("toc")
    return {"help": {"mime": "text/plain", "help": HELP}}


def preflight(request: HttpRequest) -> HttpResponse:
    """A CORS preflight (a script sending ``Api-User-Agent``): allowed for ``origin=*`` reads, as in MediaWiki."""
    response = HttpResponse(status=200)
    if request.GET.get("origin") == "*":
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, POST, HEAD"
        response["Access-Control-Allow-Headers"] = "Api-User-Agent, Content-Type"
        response["Access-Control-Max-Age"] = "86400"
    return response


ACTIONS = {"query": query, "parse": parse, "opensearch": opensearch, "help": help_action}


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST", "OPTIONS"])
def api(request: HttpRequest) -> HttpResponse:
    if request.method == "OPTIONS":
        return preflight(request)
    # MediaWiki reads a call's parameters from the query string and the form body alike.
    values = {**request.GET.dict(), **(request.POST.dict() if request.method == "POST" else {})}
    call = None
    try:
        call = Call(values)
        call.choice("format", FORMATS, default="json")
        action = call.get("action") or "help"
        handler = ACTIONS.get(action)
        if handler is None:
            raise ApiError("unknown_action", f'Unrecognized value for parameter "action": {action}.')
        return answer(request, call, handler(call, request))
    except ApiError as failure:
        return error(request, call, failure)
