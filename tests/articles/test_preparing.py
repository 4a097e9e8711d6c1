"""What a page's rows hold, derived without a database: the import's path and the editor's path agree."""

import pytest

from articles.pagefiles import page_paths, read_page
from articles.preparing import derive_sources, prepare_page
from tests.conftest import CORPUS, SEED_PAGE

PATHS = [SEED_PAGE, *page_paths([CORPUS])]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_rendering_the_stored_sources_again_gives_what_the_import_stored(path):
    # The import renders from the page's one parse; admin, loaddata and render_articles render each
    # stored source on its own. Both must give the same page, or an upgrade would change pages.
    parsed, text = read_page(path)
    imported = prepare_page(parsed, text).derived
    again = derive_sources(
        parsed.title, parsed.lead, parsed.sections, [(r.number, r.source) for r in parsed.references]
    )
    assert again == imported
