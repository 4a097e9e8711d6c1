"""Parse and render a page without the database, so that worker processes can do it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from .parsing import ParsedPage
from .rendering import RenderedPage, render_parsed


def source_digest(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PreparedPage:
    """A page parsed and rendered, ready to write; picklable."""

    parsed: ParsedPage
    source: str
    rendered: RenderedPage

    @property
    def digest(self) -> str:
        return source_digest(self.source)


def prepare_page(parsed: ParsedPage, source: str) -> PreparedPage:
    # The tokens have served the renderer; dropping them keeps the page small to pass between processes.
    return PreparedPage(parsed=replace(parsed, tokens=None), source=source, rendered=render_parsed(parsed))
