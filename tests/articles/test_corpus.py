"""Every page of the corpus folders, imported and served: ids once each, wikilinks to the pages held
served locally, every reference cited where the page cites it.

Data-driven over the folders of conftest.CORPUS_DIRS: pages added there are tested with no change here.
What is held to pandoc's reading of the same file (the blocks, the text kept, no Markdown shown) is
test_corpus_structure.py's, which prints its figures at the end of the run (see conftest.py).
"""

from html.parser import HTMLParser
from urllib.parse import quote

import pytest

from articles.importer.files import title_from_path
from articles.models import Article
from tests.conftest import corpus_paths

# The mark makes pytest-django set up the test database even when this module runs alone;
# without it corpus_db would write to the database of the settings.
pytestmark = pytest.mark.django_db

PATHS = corpus_paths()


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


def rendered(client, path):
    response = client.get("/wiki/" + quote(title_from_path(path).replace(" ", "_")))
    assert response.status_code == 200, path.name
    parser = VisibleText()
    parser.feed(response.content.decode())
    return parser


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
