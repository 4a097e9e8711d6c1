"""MediaWiki's ways around a wiki: home, Special:AllPages, Special:Random, Special:WhatLinksHere."""

import re
from urllib.parse import quote

import pytest

from articles.models import Article, Category
from wikitext.titles import title_key

pytestmark = pytest.mark.django_db

SEED = quote("西伯利亞滯留者")


def listed(body):
    """(href, text) of each entry of the page's article list."""
    start = body.index('<ul class="article-list">')
    return re.findall(r'<li><a href="([^"]*)">([^<]*)</a></li>', body[start : body.index("</ul>", start)])


def make_articles(count, prefix="Page"):
    Article.objects.bulk_create(
        Article(title=f"{prefix} {n:03d}", title_key=title_key(f"{prefix} {n:03d}")) for n in range(count)
    )


# --- home -----------------------------------------------------------------------------------


def test_home_shows_what_the_site_holds_in_two_queries(client, seed_article, neighbours, django_assert_num_queries):
    with django_assert_num_queries(2):  # the site's state (validators), then the page
        body = client.get("/").content.decode()
    assert "本站收录 5 个条目。" in body
    assert '<li><a href="/wiki/Special:AllPages">所有条目</a>：5 个</li>' in body
    assert f'<li><a href="/wiki/Special:Categories">分类</a>：{Category.objects.count()} 个</li>' in body
    assert '<li><a href="/references/">参考文献</a>：22 条</li>' in body
    assert '<li><a href="/wiki/Special:Random">随机条目</a></li>' in body
    entries = listed(body)
    assert entries[0] == (f"/wiki/{SEED}", "西伯利亞滯留者")
    assert {text for _, text in entries} == {"西伯利亞滯留者", "日本人", "日本僑俘遣返", "日本裔俄羅斯人", "高加索"}


def test_home_lists_twenty_and_points_to_all_pages(client, seed_article, django_assert_num_queries):
    make_articles(30)
    with django_assert_num_queries(2):  # the site's state (validators), then the page
        body = client.get("/").content.decode()
    entries = listed(body)
    assert len(entries) == 20
    assert entries[0][1] == "西伯利亞滯留者"
    assert entries[1] == ("/wiki/Page_000", "Page 000")
    assert '<p><a href="/wiki/Special:AllPages">全部 31 个条目</a></p>' in body


def test_empty_home_says_how_to_load_the_seed(client, db, django_assert_num_queries):
    with django_assert_num_queries(2):  # the site's state (validators), then the page
        body = client.get("/").content.decode()
    assert "本站收录 0 个条目。" in body
    assert "<li>还没有条目：运行 <code>python manage.py loaddata siberia</code>。</li>" in body


# --- Special:AllPages ------------------------------------------------------------------------


def test_all_pages_is_sorted_and_paginated_by_a_hundred(client, db, django_assert_num_queries):
    make_articles(120)
    with django_assert_num_queries(3):  # the site's state (validators), then the count, then the page
        response = client.get("/wiki/Special:AllPages")
    body = response.content.decode()
    assert response.status_code == 200
    assert "本站共有 120 个条目，按标题排列。" in body
    entries = listed(body)
    assert len(entries) == 100
    assert entries[0] == ("/wiki/Page_000", "Page 000")
    assert entries[-1] == ("/wiki/Page_099", "Page 099")
    assert '<a rel="next" href="?page=2">下一页</a>' in body
    assert "<span>第 1 / 2 页</span>" in body

    second = client.get("/wiki/Special:AllPages?page=2").content.decode()
    assert [text for _, text in listed(second)] == [f"Page {n:03d}" for n in range(100, 120)]
    assert '<a rel="prev" href="?page=1">上一页</a>' in second


def test_all_pages_in_a_variant(client, seed_article, neighbours, django_assert_num_queries):
    with django_assert_num_queries(3):  # the site's state (validators), then the page
        body = client.get("/zh-cn/Special:AllPages").content.decode()
    assert (f"/zh-cn/{SEED}", "西伯利亚滞留者") in listed(body)
    assert ("/zh-cn/" + quote("日本僑俘遣返"), "日本侨俘遣返") in listed(body)
    assert '<html lang="zh-Hans-CN">' in body


def test_all_pages_with_none(client, db):
    body = client.get("/wiki/Special:AllPages").content.decode()
    assert "<li>还没有条目。</li>" in body


# --- Special:Random -------------------------------------------------------------------------------


def test_random_goes_to_an_article(client, seed_article, neighbours, django_assert_num_queries):
    titles = set(Article.objects.values_list("title", flat=True))
    seen = set()
    for _ in range(20):
        with django_assert_num_queries(1):
            response = client.get("/wiki/Special:Random")
        assert response.status_code == 302
        assert "no-cache" in response["Cache-Control"]
        location = response["Location"]
        assert location.startswith("/wiki/")
        seen.add(location)
    assert seen <= {"/wiki/" + quote(title) for title in titles}


def test_random_in_a_variant_stays_in_it(client, seed_article):
    response = client.get("/zh-tw/Special:Random")
    assert response["Location"] == f"/zh-tw/{SEED}"


def test_random_with_no_article_is_a_404_page(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/wiki/Special:Random")
    assert response.status_code == 404
    body = response.content.decode()
    assert '<p class="missing">本站还没有条目。</p>' in body
    assert '<a href="/">返回首页</a>' in body


# --- Special:WhatLinksHere -------------------------------------------------------------------------


def test_what_links_here_lists_the_linking_articles(client, seed_article, neighbours, django_assert_num_queries):
    with django_assert_num_queries(
        3
    ):  # the site's state (validators), then the links, then whether the title has a page
        response = client.get("/wiki/Special:WhatLinksHere/日本人")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>链入「日本人」的页面</h1>" in body
    assert '<p>条目：<a href="/wiki/%E6%97%A5%E6%9C%AC%E4%BA%BA">日本人</a></p>' in body
    assert "<p>共有 2 个条目链接到这里。</p>" in body
    assert listed(body) == [
        ("/wiki/" + quote("日本僑俘遣返"), "日本僑俘遣返"),
        (f"/wiki/{SEED}", "西伯利亞滯留者"),
    ]


def test_what_links_here_for_a_title_with_no_page(client, seed_article, neighbours):
    body = client.get("/wiki/Special:WhatLinksHere/蘇聯戰爭罪行").content.decode()
    assert '<p class="missing">本站没有名为「蘇聯戰爭罪行」的条目。</p>' in body
    assert (f"/wiki/{SEED}", "西伯利亞滯留者") in listed(body)


def test_what_links_here_is_variant_blind(client, seed_article, neighbours):
    traditional = listed(client.get("/wiki/Special:WhatLinksHere/日本僑俘遣返").content.decode())
    simplified = listed(client.get("/wiki/Special:WhatLinksHere/日本侨俘遣返").content.decode())
    assert traditional == simplified
    assert (f"/wiki/{SEED}", "西伯利亞滯留者") in traditional


def test_what_links_here_in_a_variant(client, seed_article, neighbours):
    body = client.get("/zh-cn/Special:WhatLinksHere/日本人").content.decode()
    assert (f"/zh-cn/{SEED}", "西伯利亚滞留者") in listed(body)
    assert '<p>条目：<a href="/zh-cn/%E6%97%A5%E6%9C%AC%E4%BA%BA">日本人</a></p>' in body


def test_what_links_here_with_no_links(client, seed_article):
    body = client.get("/wiki/Special:WhatLinksHere/沒有人鏈接").content.decode()
    assert "<li>没有条目链接到这里。</li>" in body
    assert "<p>共有 0 个条目链接到这里。</p>" in body


def test_what_links_here_title_is_normalised(client, db):
    response = client.get("/wiki/Special:WhatLinksHere/tornado Web")
    assert response.status_code == 302
    assert response["Location"] == "/wiki/Special:WhatLinksHere/Tornado_Web"


def test_article_page_links_to_what_links_here(client, seed_article):
    body = client.get(f"/zh-tw/{SEED}").content.decode()
    assert f'<a href="/zh-tw/Special:WhatLinksHere/{SEED}">鏈入頁面</a>' in body


def test_unknown_special_page_is_404(client, seed_article, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/wiki/Special:Nothing")
    assert response.status_code == 404


def test_special_page_names_are_routed_before_titles(client, db):
    # An article titled like a special page cannot hide it.
    Article.objects.create(title="Special:AllPages")
    assert "所有页面" in client.get("/wiki/Special:AllPages").content.decode()
