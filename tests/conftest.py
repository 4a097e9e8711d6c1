import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_DEBUG", "1")

ROOT = Path(__file__).resolve().parent.parent
SEED_PAGE = ROOT / "fixtures" / "pages" / "西伯利亞滯留者.md"
NEIGHBOURS = ROOT / "fixtures" / "pages" / "neighbours"
CORPUS = ROOT / "tests" / "corpus" / "Page"
# Every folder of real pages: the first has golden files for some of its pages, the second holds the pages
# those link to (tests/corpus/SOURCE.md). Data-driven tests run over all of them, through corpus_paths().
CORPUS_DIRS = (CORPUS, ROOT / "tests" / "corpus" / "More")


def corpus_paths():
    """Every page file of the corpus folders, sorted by folder then name (SOURCE.md is no page)."""
    from articles.importer.files import page_paths

    return list(page_paths(CORPUS_DIRS))


# Figures tests measure and the run prints at its end: {what is counted: [(page, kept, total), …]}.
FIGURES: dict[str, list] = {}


def _share(kept, total):
    return f"{100 * kept / total:.2f}%" if total else "100%"


def pytest_terminal_summary(terminalreporter):
    """Each figure: the pages below 100%, lowest first, then the total over every page measured."""
    for name, rows in FIGURES.items():
        kept, total = sum(r[1] for r in rows), sum(r[2] for r in rows)
        below = sorted((r for r in rows if r[1] < r[2]), key=lambda r: r[1] / r[2])
        terminalreporter.write_sep("-", name)
        for page, page_kept, page_total in below:
            terminalreporter.write_line(f"  {page}: {page_kept}/{page_total} ({_share(page_kept, page_total)})")
        terminalreporter.write_line(
            f"{len(rows)} pages: {kept}/{total} ({_share(kept, total)}); {len(below)} pages below 100%"
        )


@pytest.fixture(scope="module")
def corpus_db(django_db_setup, django_db_blocker):
    """Every corpus page imported, for the tests of one module; removed at its end."""
    from articles.importer.files import read_page
    from articles.importer.writer import import_page
    from articles.models import Article

    with django_db_blocker.unblock():
        for path in corpus_paths():
            import_page(*read_page(path))
        yield
        Article.objects.all().delete()


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


def editor_user(username: str = "編者", password: str | None = None):
    """A staff user who may change articles (articles.permissions.EDIT_PERMISSION), as an editor signs in."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user(username, password=password, is_staff=True)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="articles", codename="change_article"))
    return user
