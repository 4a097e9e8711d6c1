"""Chinese search, variant-blind, on the database's own full-text index (FTS5 on SQLite, GIN on PostgreSQL)."""

from urllib.parse import unquote

import pytest
from django.db import connection

from articles.models import Article
from search.backends import fallback, get_search_backend, search
from search.backends.postgres import tsquery
from search.backends.sqlite import SQLITE_TRIGGERS, ensure_index, fts5_query
from search.query import NOTHING_TO_SEARCH, parse_query
from search.snippets import snippet
from wikitext.searchtext import index_terms

pytestmark = pytest.mark.django_db

SEARCH_URL = "/wiki/Special:Search"
SUGGEST_URL = "/api/suggest"
SEED = "西伯利亞滯留者"
SEED_URL = "/wiki/%E8%A5%BF%E4%BC%AF%E5%88%A9%E4%BA%9E%E6%BB%AF%E7%95%99%E8%80%85"


@pytest.fixture
def pages(seed_article, neighbours):
    return [seed_article, *neighbours]


def make_article(title, text):
    """An article with only its search fields, as Article.derive would fill them."""
    return Article.objects.create(title=title, search_text=text, search_terms=index_terms(f"{title}\n{text}"))


def titles(found):
    return [result.title for result in found.results]


def get_page(client, **params):
    response = client.get(SEARCH_URL, params)
    assert response.status_code == 200
    return response.content.decode()


# -- the index ---------------------------------------------------------------------------------------------------------


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


# -- search() ----------------------------------------------------------------------------------------------------------


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


def test_query_terms_reach_the_index_quoted():
    assert fts5_query(["战俘", 'a"b']) == '"战俘" "a""b"'
    assert tsquery(["战俘", "a'b", "c\\d"]) == "'战俘' & 'a''b' & 'c\\\\d'"


def test_quotes_and_operators_in_a_query_are_only_text(pages):
    for query in ['"战俘" OR 西伯', "战俘' | '西伯", "战俘 & !西伯", "NEAR(战俘 西伯)", "战俘*", "%_\\"]:
        search(query)  # no syntax error reaches the reader
    assert SEED in titles(search('"战俘"'))
    assert titles(search("战俘 OR 量子")) == []  # OR is a word here, not an operator


def test_snippet_is_escaped_around_its_marks(db):
    article = make_article("标记", "前文<b>战俘</b>&amp;后文")
    (result,) = search("战俘").results
    assert result.article.pk == article.pk
    assert str(result.snippet) == "前文&lt;b&gt;<mark>战俘</mark>&lt;/b&gt;&amp;amp;后文"


def test_snippet_is_about_120_characters_around_the_first_match(db):
    text = "甲" * 300 + "战俘" + "乙" * 300
    shown = str(snippet(text, parse_query("戰俘")))
    assert shown.startswith("…") and shown.endswith("…")
    assert "<mark>战俘</mark>" in shown
    assert len(shown.replace("<mark>", "").replace("</mark>", "")) == 120 + 2
    assert shown.index("<mark>") < 40


def test_snippet_starts_at_the_text_when_only_the_title_matched(db):
    make_article("战俘营", "这一页的正文没有那个词。")
    (result,) = search("战俘").results
    assert str(result.snippet) == "这一页的正文没有那个词。"
    assert result.in_title


def test_snippet_shows_variant_markup_resolved(db):
    make_article("版权", "根据-{zh-hans:数字千年版权法;zh-hant:數位千禧年著作權法}-的控告")
    (result,) = search("数字千年版权法").results
    assert "-{" not in result.snippet
    assert "<mark>数字千年版权法</mark>" in result.snippet


def test_snippet_marks_what_it_can_when_case_folding_changes_lengths(db):
    make_article("街道", "Straße 在前。\n後來的戰俘營")
    (result,) = search("战俘").results
    assert "<mark>戰俘</mark>" in result.snippet


# -- /wiki/Special:Search ----------------------------------------------------------------------------------------------


def test_empty_query_shows_the_form_only(client, pages, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        page = get_page(client)
    assert '<form class="search-form"' in page
    assert 'name="search" value=""' in page
    assert "search-results" not in page and "找不到" not in page


def test_an_exact_title_in_any_variant_redirects(client, pages, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get(SEARCH_URL, {"search": "西伯利亚滞留者"})
    assert response.status_code == 302
    assert unquote(response.url) == f"/wiki/{SEED}"
    response = client.get(SEARCH_URL, {"search": " 日本裔俄罗斯人 "})
    assert unquote(response.url) == "/wiki/日本裔俄羅斯人"


def test_fulltext_shows_results_for_an_exact_title(client, pages, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        page = get_page(client, search="西伯利亚滞留者", fulltext="1")
    assert 'value="西伯利亚滞留者"' in page
    assert f'<p class="search-exact">条目：<a href="{SEED_URL}">{SEED}</a>' in page
    assert "<mark>西伯利亞滯留者</mark>" in page


def test_results_page_lists_links_snippets_and_the_total(client, pages, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        page = get_page(client, search="战俘")
    found = search("战俘")
    assert f"共 {found.total} 个结果" in page
    assert page.count('<li><a href="/wiki/') == found.total
    assert "<mark>戰俘</mark>" in page
    assert 'rel="next"' not in page and 'rel="prev"' not in page


def test_nonsense_says_nothing_was_found(client, pages):
    page = get_page(client, search="量子色动力学")
    assert "找不到和“量子色动力学”匹配的条目。" in page
    assert "search-results" not in page


def test_nothing_searchable_asks_for_words(client, db):
    page = get_page(client, search="！？")
    assert NOTHING_TO_SEARCH in page


def test_html_in_the_query_is_escaped(client, pages):
    page = get_page(client, search='<script>alert("x")</script>战俘')
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;战俘" in page


def test_results_are_paginated_twenty_a_page(client, db, django_assert_max_num_queries):
    for n in range(45):
        make_article(f"条目{n:02}", "关于战俘的记述")
    with django_assert_max_num_queries(2):
        first = get_page(client, search="战俘")
    assert "共 45 个结果，显示第 1–20 个。" in first
    assert first.count('<li><a href="/wiki/') == 20
    assert "第 1 / 3 页" in first
    assert 'rel="prev"' not in first
    assert 'rel="next" href="/wiki/Special:Search?search=%E6%88%98%E4%BF%98&amp;fulltext=1&amp;page=2"' in first

    last = get_page(client, search="战俘", page="3")
    assert "显示第 41–45 个" in last and last.count('<li><a href="/wiki/') == 5
    assert 'rel="prev"' in last and 'rel="next"' not in last
    assert '<ol class="search-results" start="41">' in last

    with django_assert_max_num_queries(4):
        beyond = get_page(client, search="战俘", page="99")
    assert "第 3 / 3 页" in beyond
    assert "第 1 / 3 页" in get_page(client, search="战俘", page="x")


# -- /api/suggest ------------------------------------------------------------------------------------------------------


def test_suggest_completes_titles_variant_blind(client, pages, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get(SUGGEST_URL, {"q": "西伯利"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "query": "西伯利",
        "titles": [{"title": SEED, "url": SEED_URL}],
    }
    assert [t["title"] for t in client.get(SUGGEST_URL, {"q": "西伯利亚滞"}).json()["titles"]] == [SEED]
    assert [t["title"] for t in client.get(SUGGEST_URL, {"q": "日本"}).json()["titles"]] == [
        "日本人",
        "日本僑俘遣返",
        "日本裔俄羅斯人",
    ]


def test_suggest_gives_at_most_ten_and_nothing_for_nothing(client, db, django_assert_max_num_queries):
    for n in range(12):
        make_article(f"Abc {n:02}", "")
    titles = [t["title"] for t in client.get(SUGGEST_URL, {"q": "abc"}).json()["titles"]]
    assert titles == [f"Abc {n:02}" for n in range(10)]
    with django_assert_max_num_queries(0):
        assert client.get(SUGGEST_URL, {"q": "  "}).json() == {"query": "  ", "titles": []}
        assert client.get(SUGGEST_URL).json() == {"query": "", "titles": []}
    assert client.get(SUGGEST_URL, {"q": "%"}).json()["titles"] == []
    assert client.get(SUGGEST_URL, {"q": "_"}).json()["titles"] == []


def test_suggest_uses_the_title_key_index(db):
    from search import views as search_views

    sql, params = Article.objects.titles_starting_with("西伯利").query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
            assert "USING INDEX articles_article_title_key" in plan, plan
        elif connection.vendor == "postgresql":
            # On a table this small the planner's choice between two usable indexes is noise:
            # what must hold is that a prefix match has an index able to serve it.
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'articles_article' AND indexdef LIKE %s",
                ["%title_key%pattern_ops%"],
            )
            assert cursor.fetchall(), "no index on title_key serves LIKE 'prefix%'"
    assert search_views.SUGGESTIONS == 10


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
