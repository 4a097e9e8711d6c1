"""What a page's rows hold, derived without a database from the page's one parse."""

import pickle

import pytest

from articles.importer.files import read_page
from tests.conftest import SEED_PAGE, corpus_paths
from wikitext.derivation import prepare_page, source_digest
from wikitext.parsing import parse_page

PATHS = [SEED_PAGE, *corpus_paths()]


def test_the_seed_derives_its_references_links_and_terms(seed_text):
    page = prepare_page(parse_page(seed_text, "西伯利亞滯留者"), seed_text)
    derived = page.derived
    assert [(r.number, r.uses) for r in derived.references] == [(1, 1), (2, 1), (3, 1), (4, 1)]
    assert derived.references[0].url == "http://news.bbc.co.uk/1/hi/world/monitoring/63012.stm"
    assert [entry.target for entry in derived.related][:2] == ["遺華日僑", "日本僑俘遣返"]
    assert ("日本人", "日本人") in derived.links
    assert len({target for target, _ in derived.links}) == len(derived.links)
    assert "滞留" in derived.search_terms.split()
    assert page.digest == source_digest(seed_text) and page.title_key == "西伯利亚滞留者"
    assert page.parsed.tokens is None  # what travels from a worker is what the rows store


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_a_prepared_page_crosses_to_the_writer_unchanged(path):
    # Worker processes send prepared pages to the writer by pickling them.
    parsed, text = read_page(path)
    page = prepare_page(parsed, text)
    assert pickle.loads(pickle.dumps(page)) == page
    assert len(page.derived.heading_html) == len(page.derived.section_html) == len(page.parsed.sections)
