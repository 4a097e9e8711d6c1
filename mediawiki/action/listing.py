"""What every list module gives, and how a list module reads its position: one shape for lists and generators.

A list module is called with its prefix (``ap`` as a list, ``gap`` as a generator) and answers a
``Listed``: the entries of ``query.<list>``, the articles a generator hands to the prop modules (the
same rows, so a generator costs no more queries than its list), and its continuation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from articles.models import Article

from .call import Call
from .errors import ApiError

BAD_CONTINUE = "Invalid continue param. You should pass the original value returned by the previous query."
MAX_OFFSET = 10_000  # how deep an offset may go, as CirrusSearch allows: keeps every query bounded


@dataclass
class Listed:
    entries: list[dict] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    more: dict = field(default_factory=dict)
    info: dict | None = None  # e.g. ``searchinfo``
    titles: list[str] | None = None  # a generator of titles rather than articles (links, categories)


def required(call: Call, name: str) -> str:
    value = call.get(name)
    if not value:
        raise ApiError("missingparam", f'The "{name}" parameter must be set.')
    return value


def offset(call: Call, name: str) -> int:
    """An offset continuation (``sroffset``): a number from 0 up to MAX_OFFSET."""
    return call.integer(name, 0, 0, MAX_OFFSET)


def title_cursor(call: Call, name: str) -> str | None:
    """A continuation that is the title to go on from (``apcontinue``, ``cmcontinue=page|…``)."""
    value = call.get(name)
    if value is None:
        return None
    if not value or len(value) > 512:
        raise ApiError("badcontinue", BAD_CONTINUE)
    return value


def main_namespace(call: Call, name: str) -> bool:
    """Whether the namespaces asked for (default: all) include 0, the only one with articles."""
    values = call.many(name)
    for value in values:
        if value != "*" and not value.lstrip("-").isdigit():
            raise ApiError("badvalue", f'Unrecognized value for parameter "{name}": {value}.')
    return not values or "*" in values or "0" in values


def page_item(call: Call, article: Article, id_name: str = "pageid") -> dict:
    return {id_name: article.pk, "ns": 0, "title": call.display(article.title)}
