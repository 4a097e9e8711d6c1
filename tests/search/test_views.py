"""/wiki/Special:Search and /api/suggest: what a reader gets, in a fixed number of queries."""

from urllib.parse import unquote

import pytest
from django.db import connection

from articles.models import Article
from search.backends import search
from search.query import NOTHING_TO_SEARCH
from tests.search.helpers import SEARCH_URL, SEED, SEED_URL, SUGGEST_URL, get_page, make_article

pytestmark = pytest.mark.django_db


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
