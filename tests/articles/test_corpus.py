"""Every page of the corpus folder, imported and rendered: nothing lost, no markup shown.

Data-driven over tests/corpus/Page/: pages added there are tested with no change here.
The faithfulness figure is printed at the end of the run (see conftest.py).
"""

import re
from html.parser import HTMLParser
from urllib.parse import quote

import pypandoc
import pytest
import zhconv_rs

from articles.importer.files import page_paths, read_page, title_from_path
from articles.models import Article
from tests.conftest import CORPUS, FIGURES
from wikitext.cjk import IDEOGRAPHS

# The mark makes pytest-django set up the test database even when this module runs alone;
# without it corpus_db would write to the database of the settings.
pytestmark = pytest.mark.django_db

PATHS = list(page_paths([CORPUS]))
CJK_RUN = re.compile(f"[{IDEOGRAPHS}]{{4,}}")  # runs of four ideographs or more
MARKUP_LEFTOVERS = ['"wikilink"', "\\[", "](", "-{", "}-", "{{-}}", "**", "\\]\\]"]


class VisibleText(HTMLParser):
    """The text a reader sees inside <main>, and every id and href."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts = []
        self.ids = set()
        self.repeated_ids = []
        self.hrefs = []
        self.anchors = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.depth += 1
        if "id" in attrs:
            if attrs["id"] in self.ids:
                self.repeated_ids.append(attrs["id"])
            self.ids.add(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
            self.anchors.append(attrs)

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)

    @property
    def text(self):
        return "".join(self.parts)


@pytest.fixture(scope="module")
def corpus_db(django_db_setup, django_db_blocker):
    from articles.importer.writer import import_page

    with django_db_blocker.unblock():
        for path in PATHS:
            import_page(*read_page(path))
        yield
        Article.objects.all().delete()


def plain_runs(path):
    # $ in these pages is the dollar sign, never TeX: MediaWiki writes math as <math>.
    plain = pypandoc.convert_file(str(path), "plain", format="markdown-tex_math_dollars", extra_args=["--wrap=none"])
    # Variant markup set aside: keep what MediaWiki shows for plain zh, as the page does.
    plain = zhconv_rs.zhconv(plain, "zh", True)
    return CJK_RUN.findall(plain)


def rendered(client, path):
    response = client.get("/wiki/" + quote(title_from_path(path).replace(" ", "_")))
    assert response.status_code == 200, path.name
    parser = VisibleText()
    parser.feed(response.content.decode())
    return parser


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_page_keeps_the_text_pandoc_reads(client, corpus_db, path):
    runs = plain_runs(path)
    text = re.sub(r"\s+", "", rendered(client, path).text)
    missing = [run for run in runs if run not in text]
    kept = len(runs) - len(missing)
    FIGURES.setdefault("corpus", []).append((path.stem, kept, len(runs)))
    assert kept >= 0.99 * len(runs), f"{path.name}: missing {missing[:5]}"
    assert not missing, f"{path.name}: missing {missing[:5]}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_no_markdown_shows_as_text(client, corpus_db, path):
    text = rendered(client, path).text
    shown = [leftover for leftover in MARKUP_LEFTOVERS if leftover in text]
    assert not shown, f"{path.name}: {shown}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_in_page_links_have_targets_and_local_pages_are_linked_locally(client, corpus_db, path):
    page = rendered(client, path)
    assert page.repeated_ids == [], f"{path.name}: ids used twice"
    for href in page.hrefs:
        if href.startswith("#cite_"):
            assert href[1:] in page.ids, f"{path.name}: {href} has no target"
    titles = set(Article.objects.values_list("title", flat=True))
    for attrs in page.anchors:
        if "wikilink" in attrs.get("class", "") and attrs.get("title") in titles:
            assert attrs["href"].startswith("/wiki/"), f"{path.name}: {attrs}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_every_reference_is_cited_where_the_page_cites_it(client, corpus_db, path):
    # Markers stand in the text, in headings and, as plain [n], in raw HTML tables: each reference
    # of these pages is cited somewhere, and each citation links down to it and back.
    page = rendered(client, path)
    notes = {i for i in page.ids if i.startswith("cite_note-")}
    cited = {href[1:] for href in page.hrefs if href.startswith("#cite_note-")}
    assert notes == cited, f"{path.name}: never cited {sorted(notes - cited)}"
