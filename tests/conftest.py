import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_DEBUG", "1")

ROOT = Path(__file__).resolve().parent.parent
SEED_PAGE = ROOT / "fixtures" / "pages" / "西伯利亞滯留者.md"
NEIGHBOURS = ROOT / "fixtures" / "pages" / "neighbours"
CORPUS = ROOT / "tests" / "corpus" / "Page"

# Figures tests measure and the run prints at its end: {name: [(page, kept, total), …]}.
FIGURES: dict[str, list] = {}


def pytest_terminal_summary(terminalreporter):
    rows = FIGURES.get("corpus")
    if not rows:
        return
    kept = sum(r[1] for r in rows)
    total = sum(r[2] for r in rows)
    worst = min(rows, key=lambda r: r[1] / r[2] if r[2] else 1)
    terminalreporter.write_sep("-", "corpus faithfulness")
    terminalreporter.write_line(
        f"{len(rows)} pages: {kept}/{total} runs of 4+ CJK characters kept ({100 * kept / max(total, 1):.2f}%); "
        f"lowest page {worst[0]} {100 * worst[1] / max(worst[2], 1):.2f}%"
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """The test database; at its end the stored pages' watches are closed (a listener keeps it from being dropped)."""
    yield
    from articles import changes

    changes.close_all()


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()
    yield
    for alias in ("default", "pages"):
        caches[alias].clear()


@pytest.fixture
def seed_text():
    return SEED_PAGE.read_text(encoding="utf-8")


@pytest.fixture
def seed_article(db, seed_text):
    from articles.importer.writer import import_page
    from wikitext.parsing import parse_page

    return import_page(parse_page(seed_text, "西伯利亞滯留者"), seed_text).article


@pytest.fixture
def neighbours(db):
    from articles.importer.files import page_paths, read_page
    from articles.importer.writer import import_page

    return [import_page(*read_page(path)).article for path in page_paths([NEIGHBOURS])]
