"""``{% asset "siberia/siberia.css" %}``: a static file's address, on the site or in an offline file."""

from django import template
from django.templatetags.static import static

register = template.Library()


@register.simple_tag(takes_context=True)
def asset(context, name: str) -> str:
    offline = getattr(context.get("request"), "offline", None)
    return offline.asset(name) if offline is not None else static(name)
