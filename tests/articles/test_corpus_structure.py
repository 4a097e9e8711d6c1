"""Every corpus page as we serve it, held to pandoc's reading of the same file, block by block.

For each page of every corpus folder (``corpus_paths()``), the article's own content inside <main>
(lead, headings, section bodies, the citation list; not the title, the table of contents, the category
bar or the footer) is read as a sequence of blocks: paragraphs, headings by level, list items by their
nesting depth, tables and their rows, code blocks. pandoc's HTML of the same file (``pandoc -f markdown
-t html``, the reading the export was written for; ``$`` read as the dollar sign it is) is read the same
way. Where we differ from pandoc on purpose, a named rule of ``RULES`` rewrites pandoc's side, for every
page alike and never by a page's name; what is left must be equal, block for block.

The same reading holds the text: every run of four ideographs or more in pandoc's blocks (after the
rules) stands in the article, on every page 99% of them and over the corpus 99.9%. Its text is read
from pandoc's HTML as a browser shows it, not from pandoc's plain text, whose writer drops whatever
the reader took for raw HTML (``<皇帝为戒勉荣王等王事敕谕>`` in a sentence). No Markdown syntax shows
outside code, and every link resolves: footnotes both ways, every link to a page of the corpus served
as a local /wiki/ link. The figures are printed at the end of the run, per page below 100% and in
total (conftest.py).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote

import pypandoc
import pytest
import zhconv_rs

from articles.importer.files import title_from_path
from tests.conftest import FIGURES, corpus_paths
from wikitext.cjk import IDEOGRAPHS
from wikitext.templates import character_templates
from wikitext.titles import category_name, normalize_title

pytestmark = pytest.mark.django_db

PATHS = corpus_paths()
TITLES = frozenset(title_from_path(path) for path in PATHS)
CJK_RUN = re.compile(f"[{IDEOGRAPHS}]{{4,}}")  # runs of four ideographs or more: the text a reader must keep
# pandoc's Markdown as the export was written in it: $ in these pages is the dollar sign, never TeX
# (MediaWiki writes math as <math>).
PANDOC_MARKDOWN = "markdown-tex_math_dollars"
# Markdown and MediaWiki syntax that no reader should ever see on a page (outside code, where it is the code's).
MARKUP_LEFTOVERS = ('"wikilink"', "\\[", "](", "-{", "}-", "{{", "**", "\\]\\]")

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
LISTS = ("ul", "ol")
BLOCKS = ("p", "table", "tr", "pre")


@dataclass
class Block:
    """One block of a page: its kind (``p``, ``h2``, ``li1`` for a list item at depth 1, ``table``,
    ``tr``, ``pre``) and the text a reader sees in it up to the next block."""

    kind: str
    text: str = ""
    code: str = ""  # the part of its text inside <code> or <pre>
    categories: list[str] = field(default_factory=list)  # the words of its links to categories
    top_list: int | None = None  # which top-level list of the page it stands in (0, 1, …), if any
    reference_list: bool = False  # it stands in the page's citation list


def _is_chrome(tag: str, attrs: dict[str, str]) -> bool:
    """The parts of an article page that are the site's, not the article's (templates/articles/)."""
    classes = attrs.get("class", "").split()
    return (
        (tag == "h1" and attrs.get("id") == "firstHeading")
        or (tag == "details" and "toc" in classes)
        or (tag == "nav" and "catlinks" in classes)
    )


def _is_backlink(tag: str, attrs: dict[str, str]) -> bool:
    """A citation's links back to its markers (templates/references/): links, but no text of the page."""
    return tag == "span" and "mw-cite-backlink" in attrs.get("class", "").split()


class PageBlocks(HTMLParser):
    """A page's blocks, the text read in them, and its ids and links.

    ``served``: the page is ours, whose article content is inside <article class="article"> less
    its chrome; otherwise the whole document is the content (pandoc's).
    """

    def __init__(self, html: str, *, served: bool):
        super().__init__(convert_charrefs=True)
        self.served = served
        self.inside = not served
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.prose_parts: list[str] = []  # the text outside code, where no Markdown syntax may show
        self.ids: set[str] = set()
        self.links: list[dict[str, str]] = []
        self._lists: list[bool] = []  # each open list: is it the citation list?
        self._top_lists = 0  # top-level lists opened so far
        self._skipping: list[str] = []  # the tag of the chrome being skipped, once per nesting
        self._muted = 0  # spans open since a citation's backlinks began, whose text is not the page's
        self._code = 0  # <code> and <pre> open
        self._category_link = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if self.served and tag == "article" and "article" in attrs.get("class", "").split():
            self.inside = True
            return
        if not self.inside:
            return
        if self._skipping:
            if tag == self._skipping[0]:
                self._skipping.append(tag)
            return
        if _is_chrome(tag, attrs):
            self._skipping.append(tag)
            return
        if self._muted or _is_backlink(tag, attrs):
            self._muted += tag == "span"
        if "id" in attrs:
            self.ids.add(attrs["id"])
        self._code += tag in ("code", "pre")
        if tag == "a" and "href" in attrs:
            self.links.append(attrs)
            # Only in pandoc's reading: on our page a category link in the text would be a fault to see.
            self._category_link = not self.served and _category_of_href(attrs["href"]) is not None
        if tag in LISTS:
            if not self._lists:
                self._top_lists += 1
            self._lists.append(tag == "ol" and "references" in attrs.get("class", "").split())
        elif tag == "li" or tag in BLOCKS or tag in HEADINGS or _is_line_block(tag, attrs):
            self.blocks.append(
                Block(
                    f"li{len(self._lists)}" if tag == "li" else "p" if tag == "div" else tag,
                    top_list=self._top_lists - 1 if self._lists else None,
                    reference_list=any(self._lists),
                )
            )

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if self._skipping:
            if tag == self._skipping[0]:
                self._skipping.pop()
            return
        if self._muted and tag == "span":
            self._muted -= 1
        if self._code and tag in ("code", "pre"):
            self._code -= 1
        if self.served and tag == "article":
            self.inside = False
        elif tag in LISTS and self._lists:
            self._lists.pop()
        elif tag == "a":
            self._category_link = False

    def handle_startendtag(self, tag, attrs):  # <br />, <references/>: opened and closed at once
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_data(self, data):
        if not self.inside or self._skipping or self._muted:
            return
        block = self.blocks[-1] if self.blocks else None
        if self._category_link and block is not None:
            block.categories.append(data)
            return
        self.parts.append(data)
        if not self._code:
            self.prose_parts.append(data)
        if block is not None:
            block.text += data
            if self._code:
                block.code += data


def _is_line_block(tag: str, attrs: dict[str, str]) -> bool:
    """pandoc's line block (lines each starting ``| ``): a paragraph whose line breaks are kept."""
    return tag == "div" and "line-block" in attrs.get("class", "").split()


def _category_of_href(href: str) -> str | None:
    return category_name(unquote(href).rsplit("/", 1)[-1])


def _corpus_title(href: str) -> str | None:
    """The corpus page a pandoc href ``../Page/<title>.md`` names, or None."""
    title = normalize_title(unquote(href.removeprefix("../Page/").removesuffix(".md")))
    return title if href.startswith("../Page/") and href.endswith(".md") and title in TITLES else None


# The rules: where we differ from pandoc on purpose. Each takes pandoc's blocks, our page (where a rule
# places something as the page does) and the source, and gives the blocks as our page should show them.


def categories_to_the_bar(blocks: list[Block], ours: PageBlocks, source: str) -> list[Block]:
    """Category links show in the category bar, not where they stood: their words leave the text
    (PageBlocks sets them aside), and a paragraph of nothing but category links goes."""
    return [b for b in blocks if not (b.kind == "p" and b.categories and not b.text.strip())]


# What dropped templates leave behind: a horizontal-rule template (``{{-}}``, with the row marks of the
# wikitable it ended, ``|- |-``), an empty bold or italic
# (``****``, ``**``: a template inside it is gone; in pandoc's text a ``**`` is always unpaired), brackets
# around nothing (a pronunciation or language template), the closing brackets of an image caption.
TEMPLATE_LEFTOVERS = re.compile(r"\{\{-\}\}(\s*\|-)*|\*\*|（[、，；,;\s]*）|\]\]")
# A template the export left unexpanded (``{{Otheruses|…}}``, ``{{·}}``): the innermost first.
RAW_TEMPLATE = re.compile(r"\{\{[^{}]*\}\}")


def template_leftovers_dropped(blocks: list[Block], ours: PageBlocks, source: str) -> list[Block]:
    """What templates leave in the text is no text: it goes, outside code (where ``**`` and ``{{`` are
    the code's own); a template that stands for a character is that character (``{{·}}``). A template
    opened in one block and closed a few blocks on (``{{#invoke:…``) goes with the blocks it holds.
    A <references/> tag leaves no text at all (pandoc keeps it as raw HTML)."""
    prose = [b for b in blocks if b.kind != "pre"]
    for block in prose:
        block.text = character_templates(TEMPLATE_LEFTOVERS.sub("", block.text))
        while RAW_TEMPLATE.search(block.text):
            block.text = RAW_TEMPLATE.sub("", block.text)
    for index, block in enumerate(prose):
        opened = block.text.rfind("{{")
        if opened < 0 or "}}" in block.text[opened:] or "{{" in block.code:
            continue
        following = prose[index + 1 : index + 4]
        closing = next((later for later in following if "}}" in later.text and "}}" not in later.code), None)
        if closing is None:
            continue
        block.text = block.text[:opened]
        for inside in prose[index + 1 : prose.index(closing)]:
            inside.text = inside.code = ""
        closing.text = closing.text[closing.text.index("}}") + 2 :]
    return blocks


def variant_markup_resolved(blocks: list[Block], ours: PageBlocks, source: str) -> list[Block]:
    """``-{…}-`` shows as MediaWiki shows it to a reader of plain zh, what /wiki/ serves."""
    for block in blocks:
        block.text = zhconv_rs.zhconv(block.text, "zh", True)
    return blocks


# A fence line whose info string is several words, as the export writes <syntaxhighlight lang=… line>.
WORDY_FENCE = re.compile(r"^ {0,3}(?:`{3,}|~{3,})[ \t]*(\S+(?:[ \t]+\S+)+)[ \t]*$", re.MULTILINE)


def fences_read_as_gfm_reads_them(blocks: list[Block], ours: PageBlocks, source: str) -> list[Block]:
    """The export wrote GFM, where a fence of several info words (```` ``` javascript numberLines ````)
    opens a code block; pandoc's Markdown takes no such fence and reads inline code across the lines,
    a paragraph. A paragraph of nothing but code that starts with such a fence's words is that block."""
    words = tuple(" ".join(match.group(1).split()) for match in WORDY_FENCE.finditer(source))
    for block in blocks:
        code = block.code.strip()
        if words and block.kind == "p" and code and code == block.text.strip() and code.startswith(words):
            block.kind = "pre"
    return blocks


def reference_list_under_its_heading(blocks: list[Block], ours: PageBlocks, source: str) -> list[Block]:
    """pandoc leaves the citation list (a <references/>) where the export wrote it, a numbered list
    at the end of the page; the page shows it at the end of the section of its references heading,
    or, with no such heading, under a heading of its own at the end. Where the page shows a citation
    list, pandoc's last top-level list is that list, moved under the heading that stands at the same
    place in pandoc's headings as the citation list's heading in the page's. An entry is one item,
    as Cite writes it: where pandoc reads the list as loose, an entry's paragraph is its item's text."""
    served = next((i for i, b in enumerate(ours.blocks) if b.reference_list), None)
    items = [b for b in blocks if b.kind == "li1"]
    if served is None or not items:
        return blocks
    last = items[-1].top_list
    moved: list[Block] = []
    for block in (b for b in blocks if b.top_list == last):
        block.reference_list = True
        if block.kind == "p" and moved:  # an entry of a loose list: the page shows its text in the item
            moved[-1].text += block.text
        else:
            moved.append(block)
    rest = [b for b in blocks if b.top_list != last]
    place = sum(b.kind in HEADINGS for b in ours.blocks[:served]) - 1  # which heading it stands under
    headings = [i for i, b in enumerate(rest) if b.kind in HEADINGS]
    if place < 0 or place >= len(headings):
        return [*rest, Block("h2"), *moved]
    end = headings[place + 1] if place + 1 < len(headings) else len(rest)
    return [*rest[:end], *moved, *rest[end:]]


def nothing_to_show(blocks: list[Block]) -> list[Block]:
    """A paragraph with no text (an invisible span, a lone U+3000, what the rules above removed) shows
    nothing to a reader: it is no block, on either side."""
    return [b for b in blocks if b.kind != "p" or b.text.strip()]


RULES = (
    categories_to_the_bar,
    template_leftovers_dropped,
    variant_markup_resolved,
    fences_read_as_gfm_reads_them,
    reference_list_under_its_heading,
)


# Rules on pandoc's HTML itself, before it is read into blocks: where pandoc's reading of a list differs
# from what the page means, and from CommonMark's.
_HEADING_IN_ITEM = re.compile(r"<li>(<h[1-6][^>]*>.*?</h[1-6]>)</li>\n(.*?)</(ul|ol)>", re.DOTALL)
_ENDED_LIST_NESTED = re.compile(r"<li><!-- end list -->\n<ul>\n(.*?)</ul></li>\n</ol>", re.DOTALL)
_LOOSE_ITEM = re.compile(r"<li><p>((?:(?!</?p>).)*)</p></li>", re.DOTALL)


def headings_stand_at_the_top(html: str, source: str) -> str:
    """pandoc takes the line after a list marker alone on its line as the item's content, even a
    heading at column 0 (``  -`` then ``## 外部链接``); CommonMark, and MediaWiki, make it the page's
    heading, which ends the list after that empty item. The items after it are a list of their own."""

    def lifted(match: re.Match[str]) -> str:
        heading, rest, tag = match.groups()
        tight = _LOOSE_ITEM.sub(r"<li>\1</li>", rest) if _tight_after(heading, source) else rest
        return f"<li></li>\n</{tag}>\n{heading}\n<{tag}>\n{tight}</{tag}>"

    return _HEADING_IN_ITEM.sub(lifted, html)


def _tight_after(heading: str, source: str) -> bool:
    """Whether the list under ``heading`` in the source has no blank line between its items."""
    words = re.sub(r"<[^>]+>", "", heading).strip()
    lines = source.split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith("#") and line.strip("# ") == words), None)
    if start is None:
        return False
    items = []
    for line in lines[start + 1 :]:
        if line.strip() and not line.startswith((" ", "\t", "-", "*", "+")) and not line[:1].isdigit():
            break
        items.append(line)
    body = "\n".join(items).strip("\n")
    return bool(body) and "\n\n" not in body


def lists_end_where_gfm_ends_them(html: str, source: str) -> str:
    """The export wrote ``<!-- end list -->`` after a list, GFM's way of ending it; pandoc reads it as
    the words of the empty item above and nests the next list in that item. Ended, as written."""
    return _ENDED_LIST_NESTED.sub(lambda match: f"<li></li>\n</ol>\n<ul>\n{match.group(1)}</ul>", html)


HTML_RULES = (headings_stand_at_the_top, lists_end_where_gfm_ends_them)


@cache
def pandoc_html(path: Path) -> str:
    html = pypandoc.convert_file(str(path), "html", format=PANDOC_MARKDOWN, extra_args=["--wrap=none"])
    source = path.read_text(encoding="utf-8")
    for rule in HTML_RULES:
        html = rule(html, source)
    return html


@dataclass
class Reading:
    """One page read both ways: as served, and pandoc's blocks with the rules applied."""

    ours: PageBlocks
    pandoc: PageBlocks
    expected: list[Block]

    def runs(self) -> tuple[list[str], list[str]]:
        """pandoc's runs of ideographs (after the rules), and those the article does not show."""
        runs = CJK_RUN.findall("".join(b.text for b in self.expected))
        shown = re.sub(r"\s+", "", "".join(self.ours.parts))
        return runs, [run for run in runs if run not in shown]


def read_both(client, path: Path) -> Reading:
    response = client.get("/wiki/" + quote(title_from_path(path).replace(" ", "_")))
    assert response.status_code == 200, path.name
    ours = PageBlocks(response.content.decode(), served=True)
    ours.blocks = nothing_to_show(ours.blocks)
    pandoc = PageBlocks(pandoc_html(path), served=False)
    source = path.read_text(encoding="utf-8")
    expected = [Block(b.kind, b.text, b.code, list(b.categories), b.top_list) for b in pandoc.blocks]
    for rule in RULES:
        expected = rule(expected, ours, source)
    return Reading(ours, pandoc, nothing_to_show(expected))


@pytest.fixture(scope="module")
def readings(corpus_db):
    """Each page read once for every test of the module."""
    from django.test import Client

    client, done = Client(), {}

    def reading(path: Path) -> Reading:
        if path not in done:
            done[path] = read_both(client, path)
        return done[path]

    return reading


def differences(ours: list[Block], expected: list[Block]) -> list[str]:
    """The first places where the two sequences of blocks differ, with the text of each block."""
    matcher = difflib.SequenceMatcher(None, [b.kind for b in ours], [b.kind for b in expected], autojunk=False)
    shown = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            ours_side = " | ".join(f"{b.kind}:{b.text.strip()[:30]}" for b in ours[i1:i2])
            pandoc_side = " | ".join(f"{b.kind}:{b.text.strip()[:30]}" for b in expected[j1:j2])
            shown.append(f"{op} at block {i1}: ours [{ours_side}] pandoc [{pandoc_side}]")
    return shown[:6]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_blocks_are_pandocs_after_the_rules(readings, path):
    reading = readings(path)
    ours, expected = [b.kind for b in reading.ours.blocks], [b.kind for b in reading.expected]
    matcher = difflib.SequenceMatcher(None, ours, expected, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    FIGURES.setdefault("blocks in pandoc's sequence", []).append((path.stem, matched, max(len(ours), len(expected))))
    assert ours == expected, f"{path.name}: " + "\n".join(differences(reading.ours.blocks, reading.expected))


@pytest.mark.parametrize("path", PATHS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_text_runs_pandoc_reads_are_kept(readings, path):
    runs, missing = readings(path).runs()
    FIGURES.setdefault("CJK runs of pandoc's blocks", []).append((path.stem, len(runs) - len(missing), len(runs)))
    assert len(runs) - len(missing) >= 0.99 * len(runs), f"{path.name}: missing {missing[:5]}"


def test_text_runs_over_the_whole_corpus_are_kept(readings):
    counts = [readings(path).runs() for path in PATHS]
    total, kept = sum(len(runs) for runs, _ in counts), sum(len(runs) - len(missing) for runs, missing in counts)
    assert total > 17_000  # the corpus's 148 pages hold some 17,300
    assert kept >= 0.999 * total, f"{kept}/{total}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_markdown_syntax_shows_in_the_article(readings, path):
    text = "".join(readings(path).ours.prose_parts)
    shown = {leftover: text.count(leftover) for leftover in MARKUP_LEFTOVERS if leftover in text}
    assert not shown, f"{path.name}: {shown}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_footnotes_go_both_ways_and_corpus_links_are_local(readings, path):
    page = readings(path).ours
    hrefs = [link["href"] for link in page.links]
    markers = [h[1:] for h in hrefs if h.startswith("#cite_note-")]
    backlinks = [h[1:] for h in hrefs if h.startswith("#cite_ref-")]
    assert [m for m in markers if m not in page.ids] == [], f"{path.name}: markers with no note"
    assert [b for b in backlinks if b not in page.ids] == [], f"{path.name}: backlinks with no marker"
    notes = {i for i in page.ids if i.startswith("cite_note-")}
    assert notes == set(markers), f"{path.name}: notes never cited {sorted(notes - set(markers))}"
    cited_at = {i for i in page.ids if i.startswith("cite_ref-")}
    assert cited_at == set(backlinks), f"{path.name}: markers no note links back to {sorted(cited_at - set(backlinks))}"
    wanted = Counter(t for t in map(_corpus_title, (a["href"] for a in readings(path).pandoc.links)) if t)
    local = Counter(
        a.get("title", "") for a in page.links if a["href"].startswith("/wiki/") and "wikilink" in a.get("class", "")
    )
    assert +(wanted - local) == Counter(), f"{path.name}: corpus pages not linked locally"
