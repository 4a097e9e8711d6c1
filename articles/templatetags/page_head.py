"""``{% page_head %}``: a page's canonical address, its variants' addresses, description and Open Graph tags.

Read from the page's own context (``base.html`` calls it on every page): the variant and switcher
``variant_context`` gives a page with variants, an article's view model, a list's ``page_title``.
"""

from django import template

from wikitext.variants import NO_CONVERSION, Variant

from ..head_tags import page_head as head_of

register = template.Library()


@register.inclusion_tag("_head_links.html", takes_context=True)
def page_head(context):
    request = context.get("request")
    if request is None:  # a template rendered outside a request has no address to give
        return {"head": None}
    variant = context.get("variant")
    head = head_of(
        request,
        variant if isinstance(variant, Variant) else NO_CONVERSION,
        has_variants=bool(context.get("variant_links")),
        title=str(context.get("page_title") or ""),
        article=context.get("article"),
    )
    return {"head": head}
