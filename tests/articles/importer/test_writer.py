from dataclasses import replace

import pytest
from django.db import connection

from articles.importer.writer import CREATED, FAILED, UNCHANGED, UPDATED, import_page, write_pages
from articles.models import Article, Category, Link, RelatedEntry, Revision, Section
from references.models import Reference
from wikitext.derivation import prepare_page
from wikitext.parsing import parse_page

pytestmark = pytest.mark.django_db


def test_seed_import_writes_every_part(seed_article):
    article = seed_article
    revision = article.current_revision
    assert revision.text.startswith("**西伯利亞滯留者**")
    assert (revision.number, revision.kind, revision.author, revision.parent) == (1, "import", "import", None)
    assert revision.size == revision.size_change == len(revision.text.encode())
    assert article.source_sha256 == revision.sha256
    assert list(article.sections.values_list("order", "heading", "kind")) == [
        (1, "相關條目", "related"),
        (2, "参考文献", "references"),
    ]
    assert list(article.references.values_list("number", "uses")) == [(1, 1), (2, 1), (3, 1), (4, 1)]
    assert article.references.get(number=1).url == "http://news.bbc.co.uk/1/hi/world/monitoring/63012.stm"
    assert article.categories.count() == 6
    assert list(RelatedEntry.objects.filter(article=article).values_list("target", flat=True)) == [
        "遺華日僑",
        "日本僑俘遣返",
        "蘇聯戰爭罪行",
        "赤化日本人",
        "日本裔俄羅斯人",
    ]
    assert Link.objects.filter(source=article, target="日本人").exists()
    assert article.title_key == "西伯利亚滞留者"
    assert article.version == 1


def test_unchanged_file_changes_nothing(seed_article, seed_text):
    before = Article.objects.get(pk=seed_article.pk)
    result = import_page(parse_page(seed_text, "西伯利亞滯留者"), seed_text)
    after = Article.objects.get(pk=seed_article.pk)
    assert result.status == UNCHANGED
    assert (after.updated_at, after.version) == (before.updated_at, before.version)


def test_changed_file_updates_in_place(seed_article, seed_text):
    changed = seed_text.replace("值得一提的是", "值得注意的是")
    result = import_page(parse_page(changed, "西伯利亞滯留者"), changed)
    assert result.status == UPDATED
    assert result.article.pk == seed_article.pk
    assert "值得注意的是" in Article.objects.get(pk=seed_article.pk).lead_html
    assert Section.objects.filter(article=seed_article).count() == 2
    assert Reference.objects.filter(article=seed_article).count() == 4


def test_new_page_is_created():
    result = import_page(parse_page("甲", "新條目"), "甲")
    assert result.status == CREATED


def test_categories_are_shared_between_pages(seed_article):
    import_page(
        parse_page('乙\n\n[Category:日蘇關係](https://zh.wikipedia.org/wiki/Category:日蘇關係 "wikilink")', "乙"),
        "乙",
    )
    assert Category.objects.get(name="日蘇關係").articles.count() == 2


def test_missing_reference_is_a_warning():
    result = import_page(parse_page("甲\\[9\\]\n\n1.  一\n", "T"), "x")
    assert result.warnings == ("footnote marker [9] has no reference 9",)


def test_failure_inside_the_import_leaves_nothing(monkeypatch):
    def explode(names_by_article):
        raise RuntimeError("boom")

    # The categories are written last, after every other row of the page.
    monkeypatch.setattr("articles.models.derived.set_categories", explode)
    with pytest.raises(RuntimeError):
        import_page(parse_page("甲\n\n## 乙\n\n丙", "半途"), "甲")
    assert not Article.objects.filter(title="半途").exists()
    assert not Section.objects.exists()
    assert not Revision.objects.exists()


def test_a_heading_longer_than_any_column_imports_whole_on_every_database():
    heading = "長" * 600
    article = import_page(parse_page(f"甲\n\n## {heading}\n\n乙", "長標題"), "x").article
    section = article.sections.get()
    assert (section.heading, section.anchor) == (heading, heading)
    assert f'id="{heading}"' not in section.heading_html  # the id is the template's, from the anchor


def _prepared(title, text='甲[乙](../Page/乙.md "wikilink")\n\n## 節\n\n丙'):
    return prepare_page(parse_page(text, title), text)


def test_each_new_article_names_its_revision_written_with_it():
    results = write_pages([_prepared(f"頁{n}") for n in range(3)])
    articles = [Article.objects.select_related("current_revision").get(pk=result.article.pk) for result in results]
    revisions = [article.current_revision for article in articles]
    assert [(revision.article_id, revision.number) for revision in revisions] == [(a.pk, 1) for a in articles]
    assert [revision.pk for revision in revisions] == sorted(revision.pk for revision in revisions)
    assert Revision.objects.count() == 3
    assert [a.version for a in articles] == [1, 1, 1]


def test_a_page_the_database_refuses_fails_alone_and_the_batch_is_written_page_by_page():
    too_long = "長" * 300  # wider than Link.target (derivation cuts it; here it is not)
    pages = [_prepared("甲頁"), _prepared("乙頁"), _prepared("丙頁")]
    pages[1] = replace(pages[1], derived=replace(pages[1].derived, links=((too_long, too_long),)))
    results = write_pages(pages)
    if connection.vendor == "sqlite":  # SQLite does not hold text to a column's width
        assert [result.status for result in results] == [CREATED, CREATED, CREATED]
        return
    assert [result.status for result in results] == [CREATED, FAILED, CREATED]
    assert results[1].error.startswith("the database refused it: value too long")
    assert sorted(Article.objects.values_list("title", flat=True)) == ["丙頁", "甲頁"]
    assert Revision.objects.count() == 2 and Link.objects.count() == 2
