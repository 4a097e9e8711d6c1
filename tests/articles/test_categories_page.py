"""Special:Categories (every category, by name, with its number of articles) and the home page that links to it."""

import re
from urllib.parse import quote

import pytest

from articles.importer.writer import import_page
from articles.models import Article, Category
from wikitext.parsing import parse_page
from wikitext.titles import title_key, title_to_path

pytestmark = pytest.mark.django_db

SEED = quote("西伯利亞滯留者")
# The seed's and its neighbours' categories, in the order of their names (code points, as MediaWiki's
# binary titles sort), each with the number of those five pages it holds.
CATEGORIES = [
    ("世界记忆名录", 1),
    ("在蘇聯的日本人", 1),
    ("日俄關係", 1),
    ("日本人", 1),
    ("日本人口流动史", 1),
    ("日本人墓地", 1),
    ("日本侨俘遣返", 2),  # the seed and 日本僑俘遣返
    ("日本裔俄罗斯人", 1),
    ("日蘇關係", 1),
    ("西伯利亚历史", 1),
    ("高加索", 1),
]


def categories_listed(body):
    """(href, name, count) of each line of the page's category list."""
    start = body.index('<ul class="category-list">')
    part = body[start : body.index("</ul>", start)]
    lines = re.findall(r'<li><a href="([^"]*)">([^<]*)</a>（(\d+) 个条目）</li>', part)
    return [(href, name, int(count)) for href, name, count in lines]


def category_url(name, prefix="wiki"):
    return f"/{prefix}/Category:" + quote(title_to_path(name))


def make_categories(count):
    """``count`` categories holding no article: Cat 000, Cat 001 …"""
    names = [f"Cat {n:03d}" for n in range(count)]
    Category.objects.bulk_create(Category(name=name, name_key=title_key(name)) for name in names)


# --- Special:Categories ---------------------------------------------------------------------------


def test_every_category_with_its_count_by_name_in_three_queries(
    client, seed_article, neighbours, django_assert_num_queries
):
    with django_assert_num_queries(3):  # the site's state (validators), the number of categories, the page
        response = client.get("/wiki/Special:Categories")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>页面分类</h1>" in body
    assert "<p>本站共有 11 个分类，按名称排列。</p>" in body
    assert categories_listed(body) == [(category_url(name), name, count) for name, count in CATEGORIES]
    assert "pagination" not in body


def test_each_line_leads_to_its_category_page(client, seed_article, neighbours):
    body = client.get("/wiki/Special:Categories").content.decode()
    href = next(href for href, name, _ in categories_listed(body) if name == "日本侨俘遣返")
    assert href == "/wiki/Category:%E6%97%A5%E6%9C%AC%E4%BE%A8%E4%BF%98%E9%81%A3%E8%BF%94"
    page = client.get(href).content.decode()
    assert "<h1>分类：日本侨俘遣返</h1>" in page
    assert "<p>本分类共有 2 个条目。</p>" in page


def test_in_a_variant_names_are_converted_and_links_stay_in_it(
    client, seed_article, neighbours, django_assert_num_queries
):
    with django_assert_num_queries(3):
        body = client.get("/zh-tw/Special:Categories").content.decode()
    listed = categories_listed(body)
    # Converted for the reader, still in the order of the stored names.
    assert listed[0] == (category_url("世界记忆名录", "zh-tw"), "世界記憶名錄", 1)
    assert (category_url("日本侨俘遣返", "zh-tw"), "日本僑俘遣返", 2) in listed
    assert [href for href, _, _ in listed] == [category_url(name, "zh-tw") for name, _ in CATEGORIES]
    assert '<html lang="zh-Hant-TW">' in body
    assert '<nav class="variant-switcher" aria-label="语言变体">' in body
    assert (
        '<a href="/zh-tw/Special:Categories?variant=zh-tw" lang="zh-Hant-TW" hreflang="zh-Hant-TW" aria-current="page">'
        in body
    )
    assert '<a href="/wiki/Special:Categories?variant=zh" lang="zh" hreflang="zh">不转换</a>' in body


def test_simplified_reader_sees_simplified_names(client, seed_article):
    listed = categories_listed(client.get("/zh-cn/Special:Categories").content.decode())
    assert (category_url("日蘇關係", "zh-cn"), "日苏关系", 1) in listed
    assert (category_url("在蘇聯的日本人", "zh-cn"), "在苏联的日本人", 1) in listed


def test_a_hundred_a_page_in_constant_queries(client, seed_article, django_assert_num_queries):
    make_categories(120)
    with django_assert_num_queries(3):
        first = client.get("/wiki/Special:Categories").content.decode()
    assert "<p>本站共有 126 个分类，按名称排列。</p>" in first
    listed = categories_listed(first)
    assert len(listed) == 100
    assert listed[0] == (category_url("Cat 000"), "Cat 000", 0)
    assert listed[-1] == (category_url("Cat 099"), "Cat 099", 0)
    assert '<a rel="next" href="?page=2">下一页</a>' in first
    assert "<span>第 1 / 2 页</span>" in first

    with django_assert_num_queries(3):
        second = client.get("/wiki/Special:Categories?page=2").content.decode()
    names = [name for _, name, _ in categories_listed(second)]
    assert names == [f"Cat {n:03d}" for n in range(100, 120)] + [
        "世界记忆名录",
        "在蘇聯的日本人",
        "日本人墓地",
        "日本侨俘遣返",
        "日蘇關係",
        "西伯利亚历史",
    ]
    assert '<a rel="prev" href="?page=1">上一页</a>' in second


def test_counts_follow_the_articles(client, seed_article):
    text = '另一页。\n\n[Category:日蘇關係](https://zh.wikipedia.org/wiki/Category:日蘇關係 "wikilink")\n'
    import_page(parse_page(text, "另一页"), text)
    listed = categories_listed(client.get("/wiki/Special:Categories").content.decode())
    assert (category_url("日蘇關係"), "日蘇關係", 2) in listed
    Article.objects.get(title="另一页").delete()
    listed = categories_listed(client.get("/wiki/Special:Categories").content.decode())
    assert (category_url("日蘇關係"), "日蘇關係", 1) in listed


@pytest.mark.parametrize("number", ["abc", "0", "-1", "999", "1e3", "%00"])
def test_a_bad_page_number_gives_a_page(client, seed_article, number):
    response = client.get("/wiki/Special:Categories", {"page": number})
    assert response.status_code == 200
    assert len(categories_listed(response.content.decode())) == 6


def test_with_no_category(client, db, django_assert_num_queries):
    with django_assert_num_queries(2):  # the site's state, the number of categories: no page to read
        body = client.get("/wiki/Special:Categories").content.decode()
    assert "<p>本站共有 0 个分类，按名称排列。</p>" in body
    assert "<li>还没有分类。</li>" in body


def test_names_are_escaped(client, db):
    Category.objects.create(name="<script>alert(1)</script>")
    body = client.get("/wiki/Special:Categories").content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_answers_a_current_copy_with_304_and_changes_with_the_site(client, seed_article, django_assert_num_queries):
    first = client.get("/wiki/Special:Categories")
    assert first["Cache-Control"] == "public, no-cache"
    assert first["Last-Modified"].endswith(" GMT")
    with django_assert_num_queries(1):
        again = client.get("/wiki/Special:Categories", HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, again.content) == (304, b"")
    assert client.get("/zh-tw/Special:Categories")["ETag"] != first["ETag"]
    text = '新的一页。\n\n[Category:新分类](https://zh.wikipedia.org/wiki/Category:新分类 "wikilink")\n'
    import_page(parse_page(text, "新页"), text)
    changed = client.get("/wiki/Special:Categories", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert (category_url("新分类"), "新分类", 1) in categories_listed(changed.content.decode())


def test_under_wiki_it_follows_the_reader(client, seed_article):
    response = client.get("/wiki/Special:Categories", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert (response.status_code, response["Location"]) == (302, "/zh-cn/Special:Categories")
    response = client.get("/wiki/Special:Categories?page=2&variant=zh-hk")
    assert (response.status_code, response["Location"]) == (302, "/zh-hk/Special:Categories?page=2")
    assert response.cookies["variant"].value == "zh-hk"


def test_routed_before_titles(client, db):
    # An article titled like the special page cannot hide it.
    Article.objects.create(title="Special:Categories")
    assert "<h1>页面分类</h1>" in client.get("/wiki/Special:Categories").content.decode()


# --- the home page: its category count links here, and it has variants ------------------------------


def test_home_links_its_category_count_to_special_categories(
    client, seed_article, neighbours, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the site's state (validators), then the page
        body = client.get("/").content.decode()
    assert '<li><a href="/wiki/Special:Categories">分类</a>：11 个</li>' in body
    assert '<nav class="variant-switcher" aria-label="语言变体">' in body
    assert '<a href="/?variant=zh" lang="zh" hreflang="zh" aria-current="page">不转换</a>' in body
    assert '<a href="/zh-tw/?variant=zh-tw" lang="zh-Hant-TW" hreflang="zh-Hant-TW">臺灣正體</a>' in body


def test_home_in_a_variant(client, seed_article, neighbours, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get("/zh-cn/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-Hans-CN">' in body
    assert '<li><a href="/zh-cn/Special:AllPages">所有条目</a>：5 个</li>' in body
    assert '<li><a href="/zh-cn/Special:Categories">分类</a>：11 个</li>' in body
    assert '<li><a href="/zh-cn/Special:Random">随机条目</a></li>' in body
    assert f'<li><a href="/zh-cn/{SEED}">西伯利亚滞留者</a></li>' in body
    assert '<li><a href="/zh-cn/%E6%97%A5%E6%9C%AC%E5%83%91%E4%BF%98%E9%81%A3%E8%BF%94">日本侨俘遣返</a></li>' in body
    assert '<a href="/zh-cn/?variant=zh-cn" lang="zh-Hans-CN" hreflang="zh-Hans-CN" aria-current="page">' in body


def test_home_switcher_remembers_the_choice(client, seed_article):
    response = client.get("/?variant=zh-tw")
    assert (response.status_code, response["Location"]) == (302, "/zh-tw/")
    assert response.cookies["variant"].value == "zh-tw"
    # Remembered: the home page now sends this reader to their variant.
    assert client.get("/")["Location"] == "/zh-tw/"
    back = client.get("/zh-tw/?variant=zh")
    assert (back["Location"], back.cookies["variant"].value) == ("/", "zh")
    assert client.get("/").status_code == 200


def test_home_follows_the_readers_languages(client, seed_article):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-TW,zh;q=0.8")
    assert (response.status_code, response["Location"]) == (302, "/zh-tw/")
    plain = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert plain.status_code == 200
    assert "Accept-Language" in plain["Vary"]


def test_home_in_each_variant_has_its_own_validator(client, seed_article):
    assert client.get("/")["ETag"] != client.get("/zh-tw/")["ETag"]
    first = client.get("/zh-tw/")
    assert client.get("/zh-tw/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
