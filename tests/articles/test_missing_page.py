"""The page of a title with no article: MediaWiki's "no such page", in the reader's variant, still 404."""

import re
from urllib.parse import quote

import pytest

from articles.models import Article
from wikitext.titles import title_key

pytestmark = pytest.mark.django_db

SEED = "西伯利亞滯留者"


def starting_like(body):
    """(href, text) of each title the page offers as starting like the one asked for."""
    start = body.index("开头的条目</h2>")
    part = body[start : body.index("</ul>", start)]
    return re.findall(r'<li><a href="([^"]*)">([^<]*)</a></li>', part)


def make_articles(count, prefix="Page"):
    Article.objects.bulk_create(
        Article(title=f"{prefix} {n:03d}", title_key=title_key(f"{prefix} {n:03d}")) for n in range(count)
    )


def test_offers_a_search_the_titles_starting_like_it_and_zh_wikipedia(
    client, seed_article, neighbours, django_assert_num_queries
):
    # The article looked up (none), then the titles starting like it.
    with django_assert_num_queries(2):
        response = client.get("/wiki/西伯利亞")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>西伯利亞</h1>" in body
    assert '<p class="missing">本站没有名为「西伯利亞」的条目。</p>' in body
    assert (
        '<li><a href="/wiki/Special:Search?search=%E8%A5%BF%E4%BC%AF%E5%88%A9%E4%BA%9E&amp;fulltext=1">'
        "在其他条目中搜索「西伯利亞」</a></li>"
    ) in body
    assert (
        '<li><a href="https://zh.wikipedia.org/wiki/%E8%A5%BF%E4%BC%AF%E5%88%A9%E4%BA%9E" class="external">'
        "在中文维基百科查看「西伯利亞」</a></li>"
    ) in body
    assert "<h2>以「西伯利亞」开头的条目</h2>" in body
    assert starting_like(body) == [("/wiki/" + quote(SEED), SEED)]
    assert '<p><a href="/">返回首页</a></p>' in body


def test_the_titles_starting_like_it_are_variant_blind(client, seed_article, neighbours):
    body = client.get("/wiki/日本").content.decode()
    assert starting_like(body) == [
        ("/wiki/" + quote("日本人"), "日本人"),
        ("/wiki/" + quote("日本僑俘遣返"), "日本僑俘遣返"),
        ("/wiki/" + quote("日本裔俄羅斯人"), "日本裔俄羅斯人"),
    ]
    # Typed in the other script, the same titles.
    assert [text for _, text in starting_like(client.get("/wiki/日本侨").content.decode())] == ["日本僑俘遣返"]


def test_in_a_variant_everything_is_in_it(client, seed_article, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get("/zh-cn/西伯利亞")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>西伯利亚</h1>" in body
    assert '<p class="missing">本站没有名为「西伯利亚」的条目。</p>' in body
    assert '<a href="/zh-cn/Special:Search?search=%E8%A5%BF%E4%BC%AF%E5%88%A9%E4%BA%9A&amp;fulltext=1">' in body
    assert starting_like(body) == [("/zh-cn/" + quote(SEED), "西伯利亚滞留者")]
    # zh.wikipedia's page is named as asked: it finds the title in any variant itself.
    assert 'href="https://zh.wikipedia.org/wiki/%E8%A5%BF%E4%BC%AF%E5%88%A9%E4%BA%9E" class="external"' in body
    assert '<p><a href="/zh-cn/">返回首页</a></p>' in body
    assert '<html lang="zh-Hans-CN">' in body
    assert (
        '<a href="/zh-tw/%E8%A5%BF%E4%BC%AF%E5%88%A9%E4%BA%9E?variant=zh-tw" lang="zh-Hant-TW" hreflang="zh-Hant-TW">'
        in body
    )


def test_a_few_titles_whatever_the_number_in_constant_queries(client, db, django_assert_num_queries):
    make_articles(40)
    with django_assert_num_queries(2):
        body = client.get("/wiki/Page").content.decode()
    assert starting_like(body) == [(f"/wiki/Page_{n:03d}", f"Page {n:03d}") for n in range(10)]


def test_the_same_for_a_request_the_stored_pages_do_not_answer(client, seed_article, django_assert_num_queries):
    # With a query string the view looks the title up itself: still two queries.
    with django_assert_num_queries(2):
        response = client.get("/wiki/西伯利亞?foo=1")
    assert response.status_code == 404
    assert starting_like(response.content.decode()) == [("/wiki/" + quote(SEED), SEED)]


def test_nothing_starting_like_it_shows_no_list(client, seed_article):
    response = client.get("/wiki/量子色动力学")
    assert response.status_code == 404
    body = response.content.decode()
    assert "开头的条目" not in body
    assert "在其他条目中搜索「量子色动力学」" in body


def test_the_search_it_offers_finds_the_title_in_other_pages(client, seed_article, neighbours):
    body = client.get("/wiki/西伯利亞").content.decode()
    href = re.search(r'<a href="([^"]*)">在其他条目中搜索', body).group(1).replace("&amp;", "&")
    results = client.get(href)
    assert results.status_code == 200  # fulltext: the results, not a page whose title it might be
    page = results.content.decode()
    results = re.findall(r'<li><a href="([^"]*)">([^<]*)</a><p class="search-snippet">', page)
    assert results[0] == ("/wiki/" + quote(SEED), SEED)  # its title holds the words: first
    assert ("/wiki/" + quote("日本人"), "日本人") in results
    assert "<mark>西伯利亞</mark>" in page


def test_a_title_with_markup_and_url_characters_stays_text(client, db):
    response = client.get("/wiki/" + quote('<script>alert("x")</script>?&'))
    assert response.status_code == 404
    body = response.content.decode()
    assert "<script>alert" not in body
    assert "<h1>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;?&amp;</h1>" in body
    assert (
        'href="/wiki/Special:Search?search=%3Cscript%3Ealert%28%22x%22%29%3C%2Fscript%3E%3F%26&amp;fulltext=1"' in body
    )
    assert 'href="https://zh.wikipedia.org/wiki/%3Cscript%3Ealert(%22x%22)%3C/script%3E%3F%26" class="external"' in body


def test_under_wiki_it_follows_the_reader(client, seed_article):
    response = client.get("/wiki/西伯利亞", HTTP_ACCEPT_LANGUAGE="zh-TW")
    assert (response.status_code, response["Location"]) == (302, "/zh-tw/" + quote("西伯利亞"))
    assert client.get(response["Location"]).status_code == 404


def test_an_unknown_special_page_offers_nothing_and_costs_nothing(client, seed_article, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/zh-tw/Special:Nothing")
    assert response.status_code == 404
    body = response.content.decode()
    assert '<p class="missing">本站没有名为「Special:Nothing」的条目。</p>' in body
    assert "在其他条目中搜索" not in body
    assert '<p><a href="/zh-tw/">返回首页</a></p>' in body
