import pytest
from django.db import connection

from articles.bulk import insert_rows, update_rows
from articles.importer.writer import import_pages
from articles.models import Article, Link, Section
from wikitext.derivation import prepare_page
from wikitext.parsing import parse_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return Article.objects.create(title="源")


def test_rows_are_written_as_given(article):
    insert_rows(Link, Link.ROW_FIELDS, [(article.pk, "甲", "甲"), (article.pk, "50% 'it' %s", "k")])
    assert list(Link.objects.filter(source=article).order_by("target").values_list("target", "target_key")) == [
        ("50% 'it' %s", "k"),
        ("甲", "甲"),
    ]


def test_no_rows_no_query(article, django_assert_num_queries):
    with django_assert_num_queries(0):
        insert_rows(Link, Link.ROW_FIELDS, [])


def test_many_rows_in_few_statements(article, django_assert_num_queries):
    rows = [(article.pk, f"目標{n}", f"目標{n}") for n in range(7_000)]
    # SQLite steps one prepared statement per row; elsewhere 3,333 rows of three columns go in each statement.
    with django_assert_num_queries(1 if connection.vendor == "sqlite" else 3):
        insert_rows(Link, Link.ROW_FIELDS, rows)
    assert Link.objects.filter(source=article).count() == 7_000


def test_fields_whose_values_need_converting_are_refused(article):
    with pytest.raises(TypeError, match=r"articles.Article.created_at is a DateTimeField"):
        insert_rows(Article, ("title", "created_at"), [("乙", "2026-01-01")])


def test_section_columns_follow_the_field_names(article):
    insert_rows(
        Section,
        ("article", "order", "level", "heading", "anchor", "kind", "source", "heading_html", "html"),
        [(article.pk, 1, 3, "節", "節", "text", "文", "節", "<p>文</p>")],
    )
    section = Section.objects.get(article=article)
    assert (section.order, section.level, section.html) == (1, 3, "<p>文</p>")


def test_update_rows_by_primary_key(article, django_assert_num_queries):
    sections = [Section.objects.create(article=article, order=n, heading=f"節{n}", anchor=f"節{n}") for n in (1, 2, 3)]
    with django_assert_num_queries(1):
        update_rows(Section, ("heading_html", "html"), [(sections[0].pk, "一", "<p>1</p>"), (sections[2].pk, "三", "")])
    assert list(Section.objects.order_by("order").values_list("heading_html", "html")) == [
        ("一", "<p>1</p>"),
        ("", ""),
        ("三", ""),
    ]
    with pytest.raises(TypeError, match=r"articles.Article.updated_at is a DateTimeField"):
        update_rows(Article, ("updated_at",), [(article.pk, "2026-01-01")])


def _pages(count):
    text = (
        '甲[乙](../Page/乙.md "wikilink")\\[1\\]\n\n## 節\n\n丙\n\n'
        '[Category:丁](https://zh.wikipedia.org/wiki/Category:丁 "wikilink")\n\n1.  注\n'
    )
    return [prepare_page(parse_page(text, f"頁{n}"), text) for n in range(count)]


def test_an_import_batch_costs_the_same_queries_for_any_number_of_pages(django_assert_num_queries):
    # Savepoint and its release, the titles present (locked; read with their revisions only when some are),
    # then one statement each for articles, their
    # revisions, the articles' current revision, the pages linking to the new titles (their version
    # raised), sections, references, links, new categories, category ids and category memberships.
    with django_assert_num_queries(13):
        list(import_pages(_pages(3), batch_size=100))
    with django_assert_num_queries(13):
        list(import_pages(_pages(30)[3:], batch_size=100))
    assert Section.objects.count() == 3 + 27
    assert Link.objects.filter(target="乙").count() == 30
