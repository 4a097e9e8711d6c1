"""A database made by the release before revisions migrates with nothing lost."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from search.backends import sqlite as search
from tests.conftest import SEED_PAGE, corpus_paths
from wikitext.parsing import parse_page

BEFORE = [("articles", "0006_derived_with"), ("references", "0001_initial")]
AFTER = [("articles", "0007_revisions")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps(transactional_db):
    apps = _migrate(BEFORE)
    yield apps
    _migrate(_migrate_to_latest())
    search.ensure_index()  # the migrations rebuilt tables on SQLite; post_migrate is not sent here


def _migrate_to_latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _old_article(apps, title, text, *, lead=None, extra_section=None):
    """An article as the previous release stored it: its file in ``source``, rows parsed from it."""
    Article = apps.get_model("articles", "Article")
    Section = apps.get_model("articles", "Section")
    Reference = apps.get_model("references", "Reference")
    Category = apps.get_model("articles", "Category")
    page = parse_page(text, title) if text else None
    article = Article.objects.create(
        title=title,
        title_key=title,
        source=text,
        source_sha256="x" if text else "",
        lead=lead if lead is not None else page.lead,
    )
    sections = [(s.level, s.heading, s.anchor, s.kind, s.source) for s in page.sections] if page else []
    if extra_section:
        sections.append(extra_section)
    for order, (level, heading, anchor, kind, source) in enumerate(sections, start=1):
        Section.objects.create(
            article=article, order=order, level=level, heading=heading, anchor=anchor, kind=kind, source=source
        )
    for reference in page.references if page else ():
        Reference.objects.create(article=article, number=reference.number, source=reference.source)
    for name in page.categories if page else ():
        article.categories.add(Category.objects.get_or_create(name=name, defaults={"name_key": name})[0])
    return article


def test_every_article_gets_its_history_from_what_it_stored(old_apps):
    seed = SEED_PAGE.read_text(encoding="utf-8")
    _old_article(old_apps, "原樣", seed)
    edited_lead = parse_page(seed, "改過").lead.replace("值得一提的是", "需要指出的是")
    _old_article(old_apps, "改過", seed, lead=edited_lead)
    _old_article(
        old_apps, "手寫", "", lead="只在後台寫的頁。", extra_section=(2, "小節", "小節", "text", "小節的正文。")
    )

    apps = _migrate(AFTER)
    Article = apps.get_model("articles", "Article")
    Revision = apps.get_model("articles", "Revision")

    def history(title):
        article = Article.objects.get(title=title)
        revisions = list(Revision.objects.filter(article=article).order_by("number"))
        assert article.current_revision_id == revisions[-1].pk
        for parent, child in zip([None, *revisions], revisions, strict=False):
            assert child.parent_id == (parent.pk if parent else None)
            assert child.size == len(child.text.encode())
            assert child.size_change == child.size - (parent.size if parent else 0)
        return [(r.number, r.kind, r.text) for r in revisions]

    assert history("原樣") == [(1, "import", seed)]

    (first, second) = history("改過")
    assert first == (1, "import", seed)
    assert second[1] == "migration"
    edited = parse_page(second[2], "改過")
    original = parse_page(seed, "改過")
    assert edited.lead == edited_lead != original.lead
    assert [(s.heading, s.source) for s in edited.sections] == [(s.heading, s.source) for s in original.sections]
    assert [(r.number, r.source) for r in edited.references] == [(r.number, r.source) for r in original.references]
    assert sorted(edited.categories) == sorted(original.categories)

    ((number, kind, text),) = history("手寫")
    assert (number, kind) == (1, "migration")
    assert text == "只在後台寫的頁。\n\n## 小節\n\n小節的正文。\n"


def test_the_migration_goes_back_with_the_current_text(old_apps):
    seed = SEED_PAGE.read_text(encoding="utf-8")
    _old_article(old_apps, "改過", seed, lead="編者改寫的導言。")
    _migrate(AFTER)
    apps = _migrate(BEFORE)
    article = apps.get_model("articles", "Article").objects.get(title="改過")
    assert article.source.startswith("編者改寫的導言。\n\n")


@pytest.mark.parametrize("path", [SEED_PAGE, *corpus_paths()], ids=lambda p: p.stem)
def test_the_page_assembled_from_stored_rows_gives_those_rows_back(path):
    # What an editor changed in the previous release's admin exists only as rows: the migration's
    # assembled page must parse back into exactly those rows, or the change would be lost.
    migration = importlib.import_module("articles.migrations.0007_revisions")
    text = path.read_text(encoding="utf-8")
    stored = migration._parts_of(text, path.stem)
    assert migration._parts_of(migration._assembled(*stored), path.stem) == stored
