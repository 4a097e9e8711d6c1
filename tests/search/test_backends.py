"""Chinese search, variant-blind, on each database's own full-text index (FTS5 on SQLite, GIN on
PostgreSQL), and the bounded scan where none can answer."""

import pytest
from django.db import connection

from articles.models import Article
from search.backends import fallback, get_search_backend, search
from search.backends.sqlite import SQLITE_TRIGGERS, ensure_index
from search.query import parse_query
from tests.search.helpers import SEED, SEED_URL, make_article, titles
from wikitext.searchtext import index_terms

pytestmark = pytest.mark.django_db


def test_the_index_exists_on_this_database():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT type, name, sql FROM sqlite_master WHERE name LIKE 'articles_search%'")
            rows = {name: (kind, sql) for kind, name, sql in cursor.fetchall()}
            assert "USING fts5" in rows["articles_search"][1]
            assert "content='articles_article'" in rows["articles_search"][1]
            assert {name for name, (kind, _) in rows.items() if kind == "trigger"} == {
                "articles_search_ai",
                "articles_search_ad",
                "articles_search_au",
            }
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'articles_article_search_vector_gin'")
            (definition,) = cursor.fetchone()
            assert "USING gin (search_vector)" in definition
            cursor.execute(
                "SELECT generation_expression FROM information_schema.columns "
                "WHERE table_name = 'articles_article' AND column_name = 'search_vector'"
            )
            assert "to_tsvector('simple'::regconfig, search_terms)" in cursor.fetchone()[0]
        else:
            pytest.skip(f"no search index on {connection.vendor}")


def test_searches_use_the_index(pages):
    parsed = parse_query("战俘 日本")
    if connection.vendor not in ("sqlite", "postgresql"):
        pytest.skip(f"no search index on {connection.vendor}")
    sql, params = get_search_backend(parsed).sql(parsed)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", [*params, 20, 0])
            plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
            assert "VIRTUAL TABLE INDEX" in plan and "articles_search" in plan, plan
        else:
            # The table is tiny: forbid the sequential scan to see whether the GIN index can answer.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", [*params, 20, 0])
            plan = " | ".join(row[0] for row in cursor.fetchall())
            assert "articles_article_search_vector_gin" in plan, plan


def test_the_index_follows_inserts_updates_and_deletes(db):
    article = make_article("甲乙", "丙丁戊")
    assert titles(search("丙丁")) == ["甲乙"]
    article.search_terms = index_terms("甲乙\n己庚")
    article.save()
    assert titles(search("丙丁")) == []
    assert titles(search("己庚")) == ["甲乙"]
    Article.objects.filter(pk=article.pk).update(search_terms=index_terms("甲乙\n辛壬"))
    assert titles(search("辛壬")) == ["甲乙"]
    article.delete()
    assert titles(search("甲乙")) == []


def test_simplified_query_finds_traditional_text_and_marks_it(pages):
    found = search("战俘")
    assert SEED in titles(found)
    seed = next(result for result in found.results if result.title == SEED)
    assert "<mark>戰俘</mark>" in seed.snippet
    assert seed.url == SEED_URL
    assert seed.score > 0


def test_a_phrase_of_several_bigrams_matches_across_variants(pages):
    found = search("劳动改造")
    assert titles(found) == [SEED]
    assert "<mark>勞動改造</mark>" in found.results[0].snippet
    assert found.total == 1


def test_traditional_query_finds_simplified_text(db):
    make_article("简体页", "这些战俘被押往西伯利亚。")
    found = search("戰俘")
    assert titles(found) == ["简体页"]
    assert "<mark>战俘</mark>" in found.results[0].snippet


def test_title_matches_rank_before_body_matches(pages):
    found = search("日本裔俄罗斯人")
    assert titles(found)[0] == "日本裔俄羅斯人"
    assert found.results[0].in_title
    assert SEED in titles(found)[1:]
    assert not any(result.in_title for result in found.results[1:])

    found = search("日本侨俘")
    assert titles(found)[0] == "日本僑俘遣返"


def test_every_term_must_match(pages):
    assert SEED in titles(search("战俘 高加索"))
    assert titles(search("战俘 量子色动力学")) == []


def test_nonsense_finds_nothing(pages):
    found = search("量子色动力学 xyzzy")
    assert (found.results, found.total, found.notice) == ([], 0, "")


def test_nothing_searchable_says_so(db):
    found = search("！？…")
    assert found.total == 0 and found.notice


def test_one_character_falls_back_to_a_bounded_scan(pages):
    found = search("俄")  # simplified form of nothing different; the index holds bigrams
    assert titles(found)[0] == "日本裔俄羅斯人"  # in its title
    assert SEED in titles(found)
    found = search("战")  # 戰 in the text: the scan looks for both forms
    assert SEED in titles(found)
    assert "<mark>戰</mark>" in next(r for r in found.results if r.title == SEED).snippet


def test_one_character_scan_counts_at_most_the_scan_limit(db, monkeypatch):
    monkeypatch.setattr(fallback, "SCAN_LIMIT", 5)
    for n in range(8):
        make_article(f"页{n:02}", "俄")
    found = search("俄", offset=0, limit=3)
    assert (found.total, found.capped, len(found.results)) == (5, True, 3)
    assert titles(search("俄", offset=3, limit=3)) == ["页03", "页04"]


def test_offset_and_limit_page_through_results(db):
    for n in range(25):
        make_article(f"条目{n:02}", "西伯利亚的战俘" * (n + 1))
    first = search("战俘", offset=0, limit=20)
    second = search("战俘", offset=20, limit=20)
    assert (first.total, second.total) == (25, 25)
    assert (len(first.results), len(second.results)) == (20, 5)
    assert not set(titles(first)) & set(titles(second))
    beyond = search("战俘", offset=40, limit=20)
    assert (beyond.results, beyond.total) == ([], 25)


def test_quotes_and_operators_in_a_query_are_only_text(pages):
    for query in ['"战俘" OR 西伯', "战俘' | '西伯", "战俘 & !西伯", "NEAR(战俘 西伯)", "战俘*", "%_\\"]:
        search(query)  # no syntax error reaches the reader
    assert SEED in titles(search('"战俘"'))
    assert titles(search("战俘 OR 量子")) == []  # OR is a word here, not an operator


def test_punctuation_around_a_query_part_does_not_stop_a_title_match(pages):
    assert parse_query("「日本侨俘」").needles == ("日本侨俘",)
    assert titles(search("「日本侨俘」"))[0] == "日本僑俘遣返"


def test_ensure_index_puts_back_triggers_a_table_rebuild_dropped(db):
    make_article("早先", "战俘营")
    if connection.vendor != "sqlite":
        assert ensure_index() is False
        return
    assert ensure_index() is False  # all there: nothing to do
    # What Django's SQLite table rebuild (AddField NOT NULL, AlterField, …) does to them: the old table
    # goes, and its triggers with it. Dropped here directly, inside the test's transaction.
    with connection.cursor() as cursor:
        for name in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    make_article("其间", "战俘营")  # written while nothing kept the index in step
    assert titles(search("战俘营")) == ["早先"]
    assert ensure_index() is True
    assert sorted(titles(search("战俘营"))) == ["其间", "早先"]
    make_article("其后", "战俘营")
    assert len(search("战俘营").results) == 3


def test_the_index_is_repaired_after_every_migrate_of_the_articles(db):
    from django.apps import apps
    from django.db.models.signals import post_migrate

    if connection.vendor != "sqlite":
        pytest.skip("only SQLite drops a table's triggers when a migration rebuilds it")
    with connection.cursor() as cursor:
        for name in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    # What migrate sends once it is done with the app that owns the table.
    articles = apps.get_app_config("articles")
    post_migrate.send(sender=articles, app_config=articles, using="default")
    make_article("其后", "战俘营")
    assert titles(search("战俘营")) == ["其后"]
