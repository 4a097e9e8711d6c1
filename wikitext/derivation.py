"""Everything a page's rows hold that follows from its sources, computed without the database.

Worker processes run this for an import; every other new revision (admin, revert,
``loaddata``) runs it through ``Article.render()``, on the revision's whole text.
Its results are picklable: they travel from the workers to the writer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .page import ParsedPage, ParsedReference, RelatedEntry, Wikilink
from .rendering import RenderedPage, render_parsed
from .searchtext import index_terms, plain_text
from .titles import TITLE_KEY_LENGTH, title_key, title_keys

# Raise it with any change that derives something else from the same sources (HTML, search
# terms, links): pages stored before it are then re-derived by ``manage.py render_articles``.
# 3: no control character in any fragment (wikitext.sanitizing.CONTROL_CHARACTERS).
# 4: link keys of titles holding variant markup (-{ }-) each keyed on its own (titles.title_keys).
DERIVATION_VERSION = 4


def source_digest(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class DerivedReference:
    number: int
    html: str
    url: str
    uses: int


@dataclass(frozen=True)
class DerivedPage:
    lead_html: str
    heading_html: tuple[str, ...]
    section_html: tuple[str, ...]
    references: tuple[DerivedReference, ...]
    related: tuple[RelatedEntry, ...]
    links: tuple[tuple[str, str], ...]  # (target title, variant-blind key), each target once
    search_text: str
    search_terms: str


@dataclass(frozen=True)
class PreparedPage:
    """A page parsed and derived, ready to write.

    ``parsed`` keeps what the rows store (sources, categories); what was
    derived from the rest travels in ``derived`` and ``warnings``, so that the
    page passes quickly from a worker process to the writer. Everything costly
    is computed here, in the workers: the writer only writes.
    """

    parsed: ParsedPage
    source: str
    derived: DerivedPage
    digest: str  # of the source: an unchanged file is recognised by it
    title_key: str
    warnings: tuple[str, ...] = ()
    path: str = ""  # the file it was read from, for the revision it makes


def page_warnings(parsed: ParsedPage) -> tuple[str, ...]:
    return tuple(f"footnote marker [{number}] has no reference {number}" for number in parsed.missing_references)


def prepare_page(parsed: ParsedPage, source: str) -> PreparedPage:
    derived = _derive(parsed.title, render_parsed(parsed), parsed.references, parsed.related, parsed.links)
    return PreparedPage(
        parsed=replace(parsed, tokens=None, markers=(), links=(), related=()),
        source=source,
        derived=derived,
        digest=source_digest(source),
        title_key=title_key(parsed.title),
        warnings=page_warnings(parsed),
    )


def _derive(
    title: str,
    rendered: RenderedPage,
    references: Sequence[ParsedReference],
    related: Sequence[RelatedEntry],
    links: Sequence[Wikilink],
) -> DerivedPage:
    fragments = [rendered.lead]
    for heading_html, html in zip(rendered.headings, rendered.sections, strict=True):
        fragments += [heading_html, html]
    search_text = "\n".join(plain_text(fragment) for fragment in fragments if fragment)
    # Cut to the column's width before removing repeats, so that no two rows share a target.
    targets = list(dict.fromkeys(link.target[:TITLE_KEY_LENGTH] for link in links))
    return DerivedPage(
        lead_html=rendered.lead,
        heading_html=rendered.headings,
        section_html=rendered.sections,
        references=tuple(
            DerivedReference(
                number=reference.number,
                html=rendered.references[reference.number],
                url=reference.urls[0] if reference.urls else "",
                uses=rendered.marker_counts.get(reference.number, 0),
            )
            for reference in references
        ),
        related=tuple(related),
        links=tuple(zip(targets, title_keys(targets), strict=True)),
        search_text=search_text,
        search_terms=index_terms(f"{title}\n{search_text}"),
    )
