"""Addresses of pages in each variant: ``/wiki/<title>`` unconverted, ``/zh-tw/<title>`` and so on.

Every page that has variants is routed twice under one URL name: once under
``wiki/`` and once under ``<variant:variant>/``, whose converter hands the view a
``Variant``; reversing with a ``variant`` argument picks the second.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from wikitext.negotiation import CHOICE
from wikitext.titles import title_to_path
from wikitext.variants import CONVERTED, NO_CONVERSION, VARIANTS, VARIANTS_BY_CODE, Variant


class VariantConverter:
    """A path prefix naming a conversion: zh-hans, zh-tw … (never zh, which is ``wiki/``)."""

    codes = frozenset(variant.code for variant in CONVERTED)
    regex = "|".join(variant.code for variant in CONVERTED)

    def to_python(self, value: str) -> Variant:
        return VARIANTS_BY_CODE[value]

    def to_url(self, value: Variant | str) -> str:
        # A template can only name a variant by its code: {% url 'articles:page' variant='zh-tw' … %}.
        code = value.code if isinstance(value, Variant) else value
        if code not in self.codes:
            raise ValueError(value)
        return code


def url_in(variant: Variant, name: str, **kwargs) -> str:
    """``articles:<name>`` reversed in a variant."""
    if variant.converts:
        kwargs["variant"] = variant
    return reverse(f"articles:{name}", kwargs=kwargs)


def page_url(title: str, variant: Variant = NO_CONVERSION) -> str:
    return url_in(variant, "page", title=title_to_path(title))


def local_url_in(variant: Variant) -> Callable[[str], str]:
    """The ``local_url`` callable for wikilinks on a page in ``variant``."""
    return lambda title: page_url(title, variant)


def same_page_in(request: HttpRequest, variant: Variant) -> str:
    """The page answering ``request``, in another variant; the query kept but for a choice."""
    match = request.resolver_match
    kwargs = {key: value for key, value in match.kwargs.items() if key != "variant"}
    if variant.converts:
        kwargs["variant"] = variant
    url = reverse(match.view_name, kwargs=kwargs)
    query = request.GET.copy()
    query.pop(CHOICE, None)
    return f"{url}?{query.urlencode()}" if query else url


@dataclass(frozen=True)
class VariantLink:
    code: str
    label: str
    lang: str
    url: str
    current: bool


def variant_links(request: HttpRequest, current: Variant) -> tuple[VariantLink, ...]:
    """The switcher: this page in every variant, each link recording the choice (``?variant=``)."""
    base = {variant: same_page_in(request, variant) for variant in VARIANTS}
    return tuple(
        VariantLink(
            code=variant.code,
            label=variant.label,
            lang=variant.html_lang,
            url=f"{base[variant]}{'&' if '?' in base[variant] else '?'}{CHOICE}={variant.code}",
            current=variant == current,
        )
        for variant in VARIANTS
    )


def variant_context(request: HttpRequest, variant: Variant) -> dict:
    """What ``base.html`` needs for a page in a variant: its language and the switcher."""
    return {"variant": variant, "html_lang": variant.html_lang, "variant_links": variant_links(request, variant)}
