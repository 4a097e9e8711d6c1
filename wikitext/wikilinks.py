"""Point the stored wikilinks of a fragment at this site or at zh.wikipedia.

Runs per request on HTML the pipeline stored: it rewrites only the anchors the
renderer marked with ``data-target`` and builds each new tag itself, so source
text never becomes markup here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping

from .titles import outside_url

# Exactly the tag the renderer writes (nh3 keeps attribute order): a data-target
# standing inside another attribute's value can never take an anchor over.
_WIKILINK_TAG = re.compile(r'<a href="[^"<>]*" class="wikilink" data-target="(?P<target>[^"<>]*)">')
_TARGET = re.compile(r'data-target="([^"<>]*)"')


def targets_in(fragments: Iterable[str]) -> set[str]:
    """Every wikilink target named in the fragments."""
    targets: set[str] = set()
    for fragment in fragments:
        targets.update(html.unescape(t) for t in _TARGET.findall(fragment))
    return targets


def resolve_wikilinks(fragment: str, local: Mapping[str, str], local_url: Callable[[str], str]) -> str:
    """``local`` maps a target as written to the title of the page that answers it."""

    def replace(match: re.Match[str]) -> str:
        target = html.unescape(match.group("target"))
        title = local.get(target)
        if title is not None:
            return f'<a href="{html.escape(local_url(title))}" class="wikilink" title="{html.escape(title)}">'
        return (
            f'<a href="{html.escape(outside_url(target))}" class="wikilink external" '
            f'title="{html.escape(target)}" rel="nofollow noopener">'
        )

    return _WIKILINK_TAG.sub(replace, fragment)
