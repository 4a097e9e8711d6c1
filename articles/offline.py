"""A page rendered for a file, not the site (a ZIM for Kiwix): what its templates leave out, where its files are.

The ZIM export marks its request with ``request.offline = OfflinePage(...)``; the templates read it
(``{% if not request.offline %}``) and leave out what works only online: the search form and
suggestions, the variant switcher, the page tools, the history links, the head's addresses and the
scripts that ask the server. ``{% asset name %}`` (``templatetags/assets.py``) gives a static file's
address on the site, or its path inside the file relative to the page.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from urllib.parse import quote

from wikitext.titles import URL_SAFE

STATIC_DIR = "_static"  # where the file keeps the site's CSS and scripts


@dataclass(frozen=True)
class OfflinePage:
    here: str  # the page's path inside the file
    # Every static file the pages asked for: the export puts these in the file (the templates are their one list).
    used: set[str] = field(default_factory=set)

    def asset(self, name: str) -> str:
        self.used.add(name)
        return relative(self.here, static_path(name))


def static_path(name: str) -> str:
    return f"{STATIC_DIR}/{name}"


def relative(here: str, path: str) -> str:
    """``path`` as a link from the entry at ``here`` (both paths inside the file), percent-encoded."""
    start = posixpath.dirname(here) or "."
    return quote(posixpath.relpath(path, start), safe=URL_SAFE)
