"""``meta=siteinfo`` (general, namespaces, namespacealiases, statistics) and ``meta=userinfo``: what clients read first.

``generator`` names the MediaWiki release whose API this one answers like (clients such as mwclient
read its version to choose how to ask), followed by siberia's name.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections
from django.http import HttpRequest
from django.utils import timezone

from articles.models import Article, Revision
from wikitext.titles import CATEGORY_PREFIXES, title_to_path
from wikitext.variants import VARIANTS

from .call import Call, timestamp

MEDIAWIKI_RELEASE = "1.43.0"
GENERATOR = f"MediaWiki {MEDIAWIKI_RELEASE} (siberia)"
SITE_NAME = "siberia"
SITEINFO_PROPS = ("general", "namespaces", "namespacealiases", "statistics")
USERINFO_PROPS = ("blockinfo", "groups", "rights", "editcount", "options", "ratelimits", "realname", "email")
META_MODULES = ("siteinfo", "userinfo")

# The namespaces that have pages here: (id, canonical name, local name, is content).
NAMESPACES = ((-1, "Special", "Special", False), (0, "", "", True), (14, "Category", "Category", False))


def meta(call: Call, request: HttpRequest, modules: list[str]) -> dict:
    out: dict = {}
    if "siteinfo" in modules:
        props = call.many("siprop", SITEINFO_PROPS, module="siteinfo") or ["general"]
        if "general" in props:
            out["general"] = general(call, request)
        if "namespaces" in props:
            out["namespaces"] = namespaces(call)
        if "namespacealiases" in props:
            out["namespacealiases"] = [
                {"id": 14, call.text_key or "alias": prefix[:-1]} for prefix in CATEGORY_PREFIXES[1:]
            ]
        if "statistics" in props:
            out["statistics"] = statistics()
    if "userinfo" in modules:
        out["userinfo"] = userinfo(call, request)
    return out


def general(call: Call, request: HttpRequest) -> dict:
    server = f"{request.scheme}://{request.get_host()}"
    out = {
        "mainpage": settings.SEED_TITLE,
        "base": f"{server}/wiki/{title_to_path(settings.SEED_TITLE)}",
        "sitename": SITE_NAME,
        "generator": GENERATOR,
        "dbtype": connections[Article.objects.db].vendor,
        "case": "first-letter",
        "lang": "zh",
        "fallback": [],
        "variants": [{"code": variant.code, "name": variant.label} for variant in VARIANTS],
        "fallback8bitEncoding": "windows-1252",
        "articlepath": "/wiki/$1",
        "variantarticlepath": "/$2/$1",
        "scriptpath": "/w",
        "script": "/w/index.php",
        "server": server,
        "servername": request.get_host().split(":")[0],
        "wikiid": SITE_NAME,
        "time": timestamp(timezone.now()),
        "timezone": settings.TIME_ZONE,
        "timeoffset": 0,
        "maxarticlesize": settings.SIBERIA_MAX_PAGE_BYTES,
        "linktrail": "/^()(.*)$/sD",
    }
    call.put_flag(out, "langconversion")
    call.put_flag(out, "titleconversion")
    call.put_flag(out, "rtl", False)
    return out


def namespaces(call: Call) -> dict:
    out = {}
    for ns, canonical, name, content in NAMESPACES:
        entry: dict = {"id": ns, "case": "first-letter"}
        if canonical:
            entry["canonical"] = canonical
        call.put_text(entry, "name", name)
        call.put_flag(entry, "subpages", False)
        call.put_flag(entry, "content", content)
        call.put_flag(entry, "nonincludable", False)
        out[str(ns)] = entry
    return out


def statistics() -> dict:
    """The site's counts: three queries (articles, revisions, users)."""
    articles = Article.objects.count()
    return {
        "pages": articles,
        "articles": articles,
        "edits": Revision.objects.count(),
        "images": 0,
        "users": get_user_model().objects.count(),
        "activeusers": 0,
        "admins": 0,
        "jobs": 0,
    }


def userinfo(call: Call, request: HttpRequest) -> dict:
    """Every caller is anonymous to this API: it reads no session, so it knows no user."""
    props = call.many("uiprop", USERINFO_PROPS, module="userinfo")
    out: dict = {"id": 0, "name": request.META.get("REMOTE_ADDR", "127.0.0.1")}
    call.put_flag(out, "anon")
    if "groups" in props:
        out["groups"] = ["*"]
    if "rights" in props:
        out["rights"] = ["read"]
    if "editcount" in props:
        out["editcount"] = 0
    return out
