import pytest
from django.db import DataError, IntegrityError, connection, transaction

from articles.bulk import (
    copy_rows,
    insert_rows,
    insert_statements,
    prepared_statement,
    reserve_ids,
    update_rows,
    writer_for,
)
from articles.importer.writer import import_pages
from articles.models import Article, Category, Link, Revision, Section
from wikitext.derivation import prepare_page
from wikitext.parsing import parse_page

pytestmark = pytest.mark.django_db

# Text that means something to COPY's text format, to SQL or to a driver, and what is merely unusual.
HOSTILE = [
    "tab\there",
    "\t",
    "line\nfeed",
    "carriage\rreturn",
    "crlf\r\n",
    "\n\\.\n",  # COPY's end-of-data marker on a line of its own
    "back\\slash",
    "\\",
    "ends with a backslash\\",
    "\\N",  # COPY's NULL, as text
    "\\t not a tab, \\n not a newline, \\x41 not A, \\101 not A",
    "'single' \"double\" `back`",
    "50% %s %(name)s %%",
    "emoji 🇹🇼👩🏽‍💻, astral 𠜎, combining é, BOM \ufeff, separators \u2028\u2029",
    "controls \x01\x08\x0b\x0c\x1b\x7f",
    "",
    " \t spaces around \n ",
    "長" * 300_000 + "\t\\\n",  # 900 kB of UTF-8
]


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
    # PostgreSQL takes them all in one COPY; SQLite steps one prepared statement per row (one executemany).
    with django_assert_num_queries(1) as captured:
        insert_rows(Link, Link.ROW_FIELDS, rows)
    statement = captured.captured_queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert statement.startswith("COPY ")
    else:  # one statement text for any batch: the columns, then one row's values
        assert statement == (
            '7000 times: INSERT INTO "articles_link" ("source_id", "target", "target_key") VALUES (%s, %s, %s)'
        )
    assert Link.objects.filter(source=article).count() == 7_000


def test_multi_row_statements_carry_thousands_of_rows_each(article, django_assert_num_queries):
    with django_assert_num_queries(3) as captured:
        insert_statements(
            connection,
            connection.ops.quote_name(Link._meta.db_table),
            ["source_id", "target", "target_key"],
            [(article.pk, f"目標{n}", f"目標{n}") for n in range(7_000)],
        )
    assert [query["sql"].count("), (") + 1 for query in captured] == [3_333, 3_333, 334]
    assert Link.objects.filter(source=article).count() == 7_000


def test_hostile_text_is_stored_exactly(article):
    rows = [
        (article.pk, order, 2, value, value[:50], "text", value, value, value)
        for order, value in enumerate(HOSTILE, start=1)
    ]
    insert_rows(Section, Section.ROW_FIELDS, rows)
    stored = list(
        Section.objects.filter(article=article)
        .order_by("order")
        .values_list("order", "heading", "anchor", "source", "heading_html", "html")
    )
    assert stored == [(order, value, value[:50], value, value, value) for order, value in enumerate(HOSTILE, start=1)]


@pytest.mark.parametrize("writer_name", ["insert_statements", "copy_rows"])
def test_every_way_of_writing_round_trips_text_integers_and_null(writer_name):
    writer = {"insert_statements": insert_statements, "copy_rows": copy_rows}[writer_name]
    if writer is copy_rows and connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE hostile (position integer, body text NULL, number bigint NULL)")
    rows = [(position, value, -position * 2**40) for position, value in enumerate(HOSTILE)]
    rows += [(len(HOSTILE), None, None), (len(HOSTILE) + 1, "\\N", 0)]  # NULL, and the text that spells it
    writer(connection, "hostile", ["position", "body", "number"], rows)
    with connection.cursor() as cursor:
        cursor.execute("SELECT position, body, number FROM hostile ORDER BY position")
        assert cursor.fetchall() == rows


def test_postgresql_copies_and_sqlite_steps_one_prepared_statement():
    expected = {"postgresql": copy_rows, "sqlite": prepared_statement}[connection.vendor]
    assert writer_for(connection) is expected


def test_text_postgresql_cannot_hold_is_refused_whole(article):
    rows = [(article.pk, "甲", "甲"), (article.pk, "NUL \x00 inside", "乙"), (article.pk, "丙", "丙")]
    if connection.vendor == "sqlite":
        insert_rows(Link, Link.ROW_FIELDS, rows)  # SQLite keeps a NUL as any other character
        assert Link.objects.get(target_key="乙").target == "NUL \x00 inside"
        return
    # A DatabaseError (the writer then writes its batch page by page), before a row is sent.
    with pytest.raises(DataError, match="NUL character"), transaction.atomic():
        insert_rows(Link, Link.ROW_FIELDS, rows)
    with pytest.raises(DataError, match="not valid Unicode"), transaction.atomic():
        insert_rows(Link, Link.ROW_FIELDS, [(article.pk, "lone surrogate \ud800", "丁")])
    assert not Link.objects.exists()


def test_a_row_the_database_refuses_is_a_django_error_and_writes_nothing(article):
    rows = [(article.pk, "甲", "甲"), (article.pk, "乙", "乙"), (article.pk, "甲", "甲")]  # the same target twice
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Link, Link.ROW_FIELDS, rows)
    assert not Link.objects.exists()
    too_long = "長" * 256  # the column holds 255 characters; SQLite does not check
    if connection.vendor == "postgresql":
        with pytest.raises(DataError), transaction.atomic():
            insert_rows(Link, Link.ROW_FIELDS, [(article.pk, "甲", "甲"), (article.pk, too_long, "乙")])
        assert not Link.objects.exists()


def test_conflicting_rows_can_be_left_out():
    insert_rows(Category, ("name", "name_key"), [("甲", "甲"), ("乙", "乙")], ignore_conflicts=True)
    insert_rows(Category, ("name", "name_key"), [("乙", "other"), ("丙", "丙"), ("丙", "丙")], ignore_conflicts=True)
    assert list(Category.objects.order_by("name").values_list("name", "name_key")) == [
        ("丙", "丙"),
        ("乙", "乙"),
        ("甲", "甲"),
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Category, ("name", "name_key"), [("甲", "甲")])


def test_reserved_ids_are_never_given_again(article, django_assert_num_queries):
    before = Revision.objects.create(article=article, number=1, text="一", author="import", kind=Revision.IMPORT)
    with django_assert_num_queries(0):
        assert reserve_ids(Revision, 0) == []
    with django_assert_num_queries(1):
        reserved = reserve_ids(Revision, 3)
    assert reserved == sorted(set(reserved)) and len(reserved) == 3 and reserved[0] > before.pk
    Revision.objects.bulk_create(
        [
            Revision(pk=key, article=article, number=n, text="二", size=3, author="import", kind=Revision.IMPORT)
            for n, key in enumerate(reserved, start=2)
        ]
    )
    after = Revision.objects.create(article=article, number=5, text="三", author="import", kind=Revision.IMPORT)
    assert after.pk > reserved[-1]
    assert reserve_ids(Revision, 1)[0] > after.pk


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
    # then one statement each for the new revisions' ids, articles (naming their revision), their
    # revisions, the pages linking to the new titles (their version raised), sections, references,
    # links, new categories, category ids and category memberships.
    with django_assert_num_queries(13):
        list(import_pages(_pages(3), batch_size=100))
    with django_assert_num_queries(13):
        list(import_pages(_pages(30)[3:], batch_size=100))
    assert Section.objects.count() == 3 + 27
    assert Link.objects.filter(target="乙").count() == 30
