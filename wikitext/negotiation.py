"""Which variant a reader of ``/wiki/<title>`` gets: their remembered choice, else their languages.

A choice made in the variant switcher is kept in the
``variant`` cookie and beats ``Accept-Language``; with neither, or with plain
``zh`` first, the page stays unconverted.
"""

from __future__ import annotations

from .variants import NO_CONVERSION, VARIANTS_BY_CODE, Variant

COOKIE = "variant"
# ``?variant=<code>`` on any page that has variants records a choice (see README).
CHOICE = "variant"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60

_SCRIPTS = {"hans": "zh-hans", "hant": "zh-hant"}
_REGIONS = {"cn": "zh-cn", "tw": "zh-tw", "hk": "zh-hk", "mo": "zh-mo", "sg": "zh-sg", "my": "zh-my"}
_SCRIPT_OF = {
    "zh-cn": "zh-hans",
    "zh-sg": "zh-hans",
    "zh-my": "zh-hans",
    "zh-tw": "zh-hant",
    "zh-hk": "zh-hant",
    "zh-mo": "zh-hant",
}
# Old Windows names still sent by some clients.
_LEGACY = {"zh-chs": "zh-hans", "zh-cht": "zh-hant"}


def chosen_variant(value: str | None) -> Variant | None:
    """The variant a remembered or requested code names, else None."""
    if value is None:
        return None
    return VARIANTS_BY_CODE.get(value.strip().lower())


def variant_for_tag(tag: str) -> Variant | None:
    """The variant one language tag asks for; None when the tag is not Chinese.

    ``zh-TW`` → zh-tw, ``zh-Hant`` → zh-hant, ``zh-Hant-HK`` → zh-hk, ``zh-Hans-TW``
    → zh-hans (the script wins over a region written in the other script),
    ``zh`` or an unknown region → no conversion.
    """
    parts = tag.strip().lower().replace("_", "-").split("-")
    if parts[0] != "zh":
        return None
    if "-".join(parts[:2]) in _LEGACY:
        return VARIANTS_BY_CODE[_LEGACY["-".join(parts[:2])]]
    script = next((_SCRIPTS[p] for p in parts[1:] if p in _SCRIPTS), None)
    region = next((_REGIONS[p] for p in parts[1:] if p in _REGIONS), None)
    if region is not None and script in (None, _SCRIPT_OF[region]):
        return VARIANTS_BY_CODE[region]
    return VARIANTS_BY_CODE[script] if script else NO_CONVERSION


def weighted(header: str | None) -> list[tuple[str, float]]:
    """The items of an ``Accept-*`` header with their ``q`` (1 when absent, 0 when unreadable), as written.

    ``weighted("zh-TW;q=0.8, en")`` is ``[("zh-TW", 0.8), ("en", 1.0)]``; empty items are left out.
    """
    items = []
    for item in (header or "").split(","):
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
            items.append((name, quality))
    return items


def variant_from_accept_language(header: str | None) -> Variant:
    """The variant of the most preferred Chinese language in ``Accept-Language``."""
    ranges = sorted(
        (-quality, position, tag) for position, (tag, quality) in enumerate(weighted(header)) if quality > 0
    )
    for _, _, tag in ranges:
        variant = variant_for_tag(tag)
        if variant is not None:
            return variant
    return NO_CONVERSION


def preferred_variant(cookie: str | None, accept_language: str | None) -> Variant:
    """The remembered choice when there is one, else what the languages ask for."""
    return chosen_variant(cookie) or variant_from_accept_language(accept_language)
