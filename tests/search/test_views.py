"""/wiki/Special:Search and /api/suggest: what a reader gets, in a fixed number of queries."""

import re
from urllib.parse import quote, unquote

import pytest
from django.db import connection

from articles.models import Article
from search.backends import search
from search.query import NOTHING_TO_SEARCH
from tests.search.helpers import SEARCH_URL, SEED, SEED_URL, SUGGEST_URL, get_page, make_article

pytestmark = pytest.mark.django_db


def result_links(page):
    """The href of each result of the page's list (the variant switcher links the page itself too)."""
    if '<ol class="search-results"' not in page:
        return []
    part = page[page.index('<ol class="search-results"') : page.index("</ol>")]
    return re.findall(r'<li><a href="([^"]*)">', part)


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
    assert len(result_links(page)) == found.total
    assert all(href.startswith("/wiki/") for href in result_links(page))
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
    assert len(result_links(first)) == 20
    assert "第 1 / 3 页" in first
    assert 'rel="prev"' not in first
    assert 'rel="next" href="/wiki/Special:Search?search=%E6%88%98%E4%BF%98&amp;fulltext=1&amp;page=2"' in first

    last = get_page(client, search="战俘", page="3")
    assert "显示第 41–45 个" in last and len(result_links(last)) == 5
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


# --- the reader's variant ------------------------------------------------------------------------------

VARIANT_SEARCH_URL = "/zh-cn/Special:Search"
QUERY = "%E6%88%98%E4%BF%98"  # 战俘, as the address writes it


def test_results_in_a_variant_have_converted_titles_and_snippets(client, db, django_assert_num_queries):
    make_article("戰俘營", "關於戰俘<script>的記述，-{zh-hans:计算机;zh-hant:電腦}-與軟體。")
    with django_assert_num_queries(2):  # whether it is a title, then the page of results
        response = client.get(VARIANT_SEARCH_URL, {"search": "戰俘"})
    assert response.status_code == 200
    page = response.content.decode()
    # The text converted whole (its own variant rules honoured), then marked and escaped.
    assert (
        '<li><a href="/zh-cn/%E6%88%B0%E4%BF%98%E7%87%9F">战俘营</a>'
        '<p class="search-snippet">关于<mark>战俘</mark>&lt;script&gt;的记述，计算机与软件。</p></li>'
    ) in page
    taiwan = client.get("/zh-tw/Special:Search", {"search": "战俘"}).content.decode()
    assert (
        '<li><a href="/zh-tw/%E6%88%B0%E4%BF%98%E7%87%9F">戰俘營</a>'
        '<p class="search-snippet">關於<mark>戰俘</mark>&lt;script&gt;的記述，電腦與軟體。</p></li>'
    ) in taiwan


def test_a_variant_reader_sees_no_unconverted_snippet(client, pages, django_assert_num_queries):
    with django_assert_num_queries(2):
        page = client.get(VARIANT_SEARCH_URL, {"search": "战俘"}).content.decode()
    results = page[page.index('<ol class="search-results"') : page.index("</ol>")]
    assert "<mark>战俘</mark>" in results
    assert "戰俘" not in results and "滯留" not in results
    assert f'<li><a href="/zh-cn/{quote(SEED)}">西伯利亚滞留者</a>' in results
    assert len(result_links(page)) == search("战俘").total
    assert '<html lang="zh-Hans-CN">' in page


def test_a_lone_character_in_a_variant_is_converted_too(client, pages, django_assert_num_queries):
    # The bounded scan: the title test, the matching ids, then their rows.
    with django_assert_num_queries(3):
        page = client.get(VARIANT_SEARCH_URL, {"search": "俘"}).content.decode()
    assert f'<li><a href="/zh-cn/{quote(SEED)}">西伯利亚滞留者</a>' in page
    assert "<mark>俘</mark>" in page


def test_the_search_page_stays_in_its_variant(client, db, django_assert_num_queries):
    for n in range(25):
        make_article(f"條目{n:02}", "關於戰俘的記述")
    with django_assert_num_queries(2):
        page = client.get(VARIANT_SEARCH_URL, {"search": "战俘"}).content.decode()
    assert '<form class="search-form" role="search" action="/zh-cn/Special:Search" method="get">' in page
    assert len(result_links(page)) == 20
    assert all(href.startswith("/zh-cn/") for href in result_links(page))
    assert (
        '<li><a href="/zh-cn/%E6%A2%9D%E7%9B%AE00">条目00</a><p class="search-snippet">关于<mark>战俘</mark>的记述</p>'
        in page
    )
    assert f'rel="next" href="/zh-cn/Special:Search?search={QUERY}&amp;fulltext=1&amp;page=2"' in page
    assert f'<a href="/zh-tw/Special:Search?search={QUERY}&amp;variant=zh-tw" lang="zh-Hant-TW"' in page
    assert f'<a href="/zh-cn/Special:Search?search={QUERY}&amp;variant=zh-cn" lang="zh-Hans-CN"' in page
    assert f'<a href="/wiki/Special:Search?search={QUERY}&amp;variant=zh" lang="zh" hreflang="zh">不转换</a>' in page

    second = client.get(VARIANT_SEARCH_URL, {"search": "战俘", "fulltext": "1", "page": "2"}).content.decode()
    assert len(result_links(second)) == 5
    assert f'rel="prev" href="/zh-cn/Special:Search?search={QUERY}&amp;fulltext=1&amp;page=1"' in second


def test_an_empty_query_in_a_variant_costs_nothing(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/zh-hk/Special:Search")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-Hant-HK">' in page
    assert 'action="/zh-hk/Special:Search"' in page


def test_an_exact_title_goes_to_the_page_in_the_variant(client, pages, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/zh-tw/Special:Search", {"search": "西伯利亚滞留者"})
    assert (response.status_code, response["Location"]) == (302, f"/zh-tw/{quote(SEED)}")
    page = client.get(VARIANT_SEARCH_URL, {"search": "西伯利亞滯留者", "fulltext": "1"}).content.decode()
    assert f'<p class="search-exact">条目：<a href="/zh-cn/{quote(SEED)}">西伯利亚滞留者</a></p>' in page


def test_under_wiki_the_search_follows_the_reader(client, pages, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(SEARCH_URL, {"search": "战俘"}, HTTP_ACCEPT_LANGUAGE="zh-CN,en;q=0.5")
    assert (response.status_code, response["Location"]) == (302, f"/zh-cn/Special:Search?search={QUERY}")
    plain = client.get(SEARCH_URL, {"search": "战俘"}, HTTP_ACCEPT_LANGUAGE="en")
    assert plain.status_code == 200
    assert "Accept-Language" in plain["Vary"] and "Cookie" in plain["Vary"]

    client.cookies["variant"] = "zh-tw"
    response = client.get(SEARCH_URL, {"search": "战俘", "fulltext": "1"})
    assert response["Location"] == f"/zh-tw/Special:Search?search={QUERY}&fulltext=1"


def test_choosing_a_variant_on_the_search_page_remembers_it(client, pages):
    response = client.get(SEARCH_URL, {"search": "战俘", "variant": "zh-hk"})
    assert (response.status_code, response["Location"]) == (302, f"/zh-hk/Special:Search?search={QUERY}")
    assert response.cookies["variant"].value == "zh-hk"


def test_an_unknown_variant_prefix_is_no_search_page(client, db):
    assert client.get("/zh-xx/Special:Search", {"search": "战俘"}).status_code == 404


def test_the_header_search_box_searches_in_the_pages_variant(client, seed_article):
    """A reader on a /zh-tw/ page gets results in zh-tw, with no cookie set by searching."""
    body = client.get("/zh-tw/西伯利亞滯留者").content.decode()
    assert 'action="/zh-tw/Special:Search" method="get"' in body
    assert 'action="/wiki/Special:Search" method="get"' in client.get("/wiki/西伯利亞滯留者").content.decode()
