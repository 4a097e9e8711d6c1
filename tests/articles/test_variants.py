"""Pages in each Chinese variant, the switcher, the remembered choice and language negotiation."""

import re
from urllib.parse import quote

import pytest

from wikitext.variants import VARIANTS

pytestmark = pytest.mark.django_db

TITLE = "西伯利亞滯留者"
SEED = quote(TITLE)  # /wiki/<SEED>, /zh-tw/<SEED> …
SEED_URL = f"/wiki/{SEED}"
CONVERTED = [variant for variant in VARIANTS if variant.code != "zh"]


@pytest.fixture
def site(seed_article, neighbours):
    return seed_article


def body_of(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


# --- the article converted -------------------------------------------------------


def test_taiwan_page_reads_taiwan_words(client, site):
    body = body_of(client, f"/zh-tw/{SEED}")
    assert (
        '<a href="https://zh.wikipedia.org/wiki/%E6%96%AF%E5%A4%A7%E6%9E%97" class="wikilink external" '
        'title="斯大林" rel="nofollow noopener">史達林</a>政權的' in body
    )
    assert 'class="wikilink external" title="葉利欽" rel="nofollow noopener">葉爾欽</a>在訪問日本之際' in body
    assert "斯大林政權" not in body
    assert "葉利欽在訪問" not in body
    assert '<html lang="zh-Hant-TW">' in body


def test_mainland_page_is_simplified_throughout(client, site):
    body = body_of(client, f"/zh-cn/{SEED}")
    assert "。 这些战俘有的是" in body
    assert "這些戰俘" not in body
    assert "<title>西伯利亚滞留者 – siberia</title>" in body
    assert '<h1 id="firstHeading">西伯利亚滞留者</h1>' in body
    # Headings, contents and the interface words around them, with the anchors of the source.
    assert '<h2 id="相關條目">相关条目</h2>' in body
    assert '<h2 id="toc-heading">目录</h2>' in body
    assert '<a href="#相關條目"><span class="tocnumber">1</span> <span class="toctext">相关条目</span></a>' in body
    # Related entries: converted, local ones staying in the variant.
    assert (
        '<li><a href="/zh-cn/%E6%97%A5%E6%9C%AC%E5%83%91%E4%BF%98%E9%81%A3%E8%BF%94" class="wikilink" '
        'title="日本僑俘遣返">日本侨俘遣返</a></li>' in body
    )
    # Categories: converted names, addresses in the variant under the stored name.
    bar = body[body.index('<nav class="catlinks"') :]
    assert '<li><a href="/zh-cn/Category:%E6%97%A5%E8%98%87%E9%97%9C%E4%BF%82">日苏关系</a></li>' in bar
    assert bar.count("<li>") == 6
    assert '<html lang="zh-Hans-CN">' in body


def test_wiki_page_keeps_the_source_characters(client, site):
    body = body_of(client, SEED_URL)
    assert '<html lang="zh">' in body
    assert '<h1 id="firstHeading">西伯利亞滯留者</h1>' in body
    assert "斯大林</a>政權的" in body
    assert "葉利欽</a>在訪問日本之際" in body
    assert "。 這些戰俘有的是" in body


def test_references_are_converted(client, db):
    from articles.importer.writer import import_page
    from wikitext.parsing import parse_page

    text = '蘇聯的歷史\\[1\\]。\n\n## 參考文獻\n\n1.  《蘇聯歷史》，[莫斯科](../Page/莫斯科.md "wikilink")出版社。\n'
    import_page(parse_page(text, "蘇聯歷史"), text)
    body = body_of(client, "/zh-cn/" + quote("蘇聯歷史"))
    assert (
        '<li id="cite_note-1"><span class="mw-cite-backlink"><a href="#cite_ref-1" aria-label="返回引用处">↑</a>'
        '</span> <span class="reference-text">《苏联历史》，'
        '<a href="https://zh.wikipedia.org/wiki/%E8%8E%AB%E6%96%AF%E7%A7%91" '
        'class="wikilink external" title="莫斯科" rel="nofollow noopener">莫斯科</a>出版社。</span></li>' in body
    )
    assert '<h2 id="參考文獻">参考文献</h2>' in body


def test_anchors_are_the_same_in_every_variant(client, site):
    ids = re.findall(r'\sid="([^"]*)"', body_of(client, SEED_URL))
    assert "相關條目" in ids and "cite_note-4" in ids and "cite_ref-1" in ids
    for variant in CONVERTED:
        assert re.findall(r'\sid="([^"]*)"', body_of(client, f"/{variant.code}/{SEED}")) == ids, variant.code


@pytest.mark.parametrize("variant", CONVERTED, ids=lambda v: v.code)
def test_every_variant_has_its_page_and_language(client, site, variant):
    body = body_of(client, f"/{variant.code}/{SEED}")
    assert f'<html lang="{variant.html_lang}">' in body
    assert body.count("<main") == 1


def test_local_links_stay_in_the_variant(client, site):
    body = body_of(client, f"/zh-tw/{SEED}")
    assert '<a href="/zh-tw/%E6%97%A5%E6%9C%AC%E4%BA%BA" class="wikilink" title="日本人">日本人</a>' in body
    assert 'href="/wiki/%E6%97%A5%E6%9C%AC%E4%BA%BA"' not in body
    assert "data-target" not in body


def test_variant_page_costs_what_the_wiki_page_costs(
    client, site, django_assert_max_num_queries, django_assert_num_queries
):
    with django_assert_max_num_queries(7):
        client.get(f"/zh-tw/{SEED}")
    with django_assert_num_queries(1):  # the article's version: its stored bytes are current
        client.get(f"/zh-tw/{SEED}")
    # Each variant is cached on its own: the unconverted page is still cold.
    with django_assert_max_num_queries(7):
        assert "斯大林</a>政權的" in client.get(SEED_URL).content.decode()


def test_unknown_variant_prefix_is_not_a_page(client, site):
    assert client.get(f"/zh-xx/{SEED}").status_code == 404
    assert client.get(f"/zh/{SEED}").status_code == 404


def test_missing_title_in_a_variant_is_404(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get("/zh-tw/不存在的條目")
    assert response.status_code == 404
    assert "本站没有名为「不存在的條目」的条目。" in response.content.decode()


# --- titles are variant-blind --------------------------------------------------------


def test_simplified_title_redirects_to_the_stored_one(client, site, django_assert_num_queries):
    with django_assert_num_queries(1):  # one query finds the page by its own title or its variant-blind key
        response = client.get("/wiki/西伯利亚滞留者")
    assert response.status_code == 302
    assert response["Location"] == SEED_URL


def test_simplified_title_in_a_variant_redirects_within_it(client, site, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/zh-cn/西伯利亚滞留者")
    assert response.status_code == 302
    assert response["Location"] == f"/zh-cn/{SEED}"


def test_spaces_redirect_to_underscores_in_a_variant(client, db):
    from articles.importer.writer import import_page
    from wikitext.parsing import parse_page

    import_page(parse_page("正文", "Tornado Web"), "正文")
    response = client.get("/zh-tw/Tornado Web")
    assert response.status_code == 302
    assert response["Location"] == "/zh-tw/Tornado_Web"


# --- categories per variant ------------------------------------------------------------


def test_category_page_in_a_variant(client, site, django_assert_num_queries):
    with django_assert_num_queries(4):  # the site's state (validators), then the page
        response = client.get("/zh-cn/Category:日蘇關係")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-Hans-CN">' in body
    assert "<h1>分类：日苏关系</h1>" in body
    assert f'<li><a href="/zh-cn/{SEED}">西伯利亚滞留者</a></li>' in body


def test_category_page_in_taiwan_words(client, site):
    body = body_of(client, "/zh-tw/Category:日蘇關係")
    assert "<h1>分類：日蘇關係</h1>" in body
    assert f'<li><a href="/zh-tw/{SEED}">西伯利亞滯留者</a></li>' in body


# --- the switcher ------------------------------------------------------------------------


def switcher_of(body):
    start = body.index('<nav class="variant-switcher" aria-label="语言变体">')
    return body[start : body.index("</nav>", start)]


def test_switcher_links_every_variant_and_marks_the_current_one(client, site):
    switcher = switcher_of(body_of(client, f"/zh-hk/{SEED}"))
    expected = [
        f'<li><a href="/wiki/{SEED}?variant=zh" lang="zh" hreflang="zh">不转换</a></li>',
        f'<li><a href="/zh-hans/{SEED}?variant=zh-hans" lang="zh-Hans" hreflang="zh-Hans">简体</a></li>',
        f'<li><a href="/zh-hant/{SEED}?variant=zh-hant" lang="zh-Hant" hreflang="zh-Hant">繁體</a></li>',
        f'<li><a href="/zh-cn/{SEED}?variant=zh-cn" lang="zh-Hans-CN" hreflang="zh-Hans-CN">大陆简体</a></li>',
        f'<li><a href="/zh-hk/{SEED}?variant=zh-hk" lang="zh-Hant-HK" hreflang="zh-Hant-HK" aria-current="page">'
        "香港繁體</a></li>",
        f'<li><a href="/zh-mo/{SEED}?variant=zh-mo" lang="zh-Hant-MO" hreflang="zh-Hant-MO">澳門繁體</a></li>',
        f'<li><a href="/zh-my/{SEED}?variant=zh-my" lang="zh-Hans-MY" hreflang="zh-Hans-MY">大马简体</a></li>',
        f'<li><a href="/zh-sg/{SEED}?variant=zh-sg" lang="zh-Hans-SG" hreflang="zh-Hans-SG">新加坡简体</a></li>',
        f'<li><a href="/zh-tw/{SEED}?variant=zh-tw" lang="zh-Hant-TW" hreflang="zh-Hant-TW">臺灣正體</a></li>',
    ]
    assert switcher.count("<li>") == len(expected) == len(VARIANTS)
    for item in expected:
        assert item in switcher
    assert switcher.count('aria-current="page"') == 1


def test_switcher_on_the_wiki_page_marks_no_conversion(client, site):
    switcher = switcher_of(body_of(client, SEED_URL))
    current = f'<li><a href="/wiki/{SEED}?variant=zh" lang="zh" hreflang="zh" aria-current="page">不转换</a></li>'
    assert current in switcher
    assert switcher.count('aria-current="page"') == 1


def test_page_landmarks_and_no_inline_script_or_style(client, site):
    body = body_of(client, f"/zh-tw/{SEED}")
    assert body.count("<main") == 1
    assert '<a class="skip-link" href="#content">跳到内容</a>' in body
    assert body.count('aria-label="语言变体"') == 1
    assert switcher_of(body) and body.index('aria-label="语言变体"') < body.index("<main")
    # Scripts only as files of our own, loaded with defer: no inline script for the CSP to refuse.
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", body, re.S)
    assert scripts and body.count("<script") == len(scripts)
    for attributes, content in scripts:
        assert re.fullmatch(r' src="/static/siberia/[\w-]+\.js" defer', attributes) and content == ""
    assert "<style" not in body
    assert " style=" not in body


# --- the remembered choice ---------------------------------------------------------------


def test_choosing_a_variant_remembers_it_and_goes_there(client, site, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(f"/wiki/{SEED}?variant=zh-tw")
    assert response.status_code == 302
    assert response["Location"] == f"/zh-tw/{SEED}"
    cookie = response.cookies["variant"]
    assert cookie.value == "zh-tw"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"

    # From now on /wiki/ sends the reader to that variant, whatever the languages say.
    with django_assert_num_queries(0):
        response = client.get(SEED_URL, HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 302
    assert response["Location"] == f"/zh-tw/{SEED}"
    assert response["Vary"] == "Cookie, Accept-Language"


def test_choosing_no_conversion_stays_on_wiki(client, site):
    client.cookies["variant"] = "zh-tw"
    response = client.get(f"/wiki/{SEED}?variant=zh")
    assert response.status_code == 302
    assert response["Location"] == SEED_URL
    assert response.cookies["variant"].value == "zh"
    # The choice beats Accept-Language too.
    response = client.get(SEED_URL, HTTP_ACCEPT_LANGUAGE="zh-TW")
    assert response.status_code == 200
    assert response["Vary"] == "Cookie, Accept-Language, Accept-Encoding"
    assert '<html lang="zh">' in response.content.decode()


def test_choosing_from_a_variant_page_goes_to_the_other_variant(client, site):
    response = client.get(f"/zh-tw/{SEED}?variant=zh-cn")
    assert response.status_code == 302
    assert response["Location"] == f"/zh-cn/{SEED}"
    assert response.cookies["variant"].value == "zh-cn"


def test_choice_keeps_the_rest_of_the_query(client, site):
    response = client.get("/wiki/Category:日蘇關係?page=1&variant=zh-hk")
    assert response["Location"] == "/zh-hk/Category:%E6%97%A5%E8%98%87%E9%97%9C%E4%BF%82?page=1"


def test_an_unknown_choice_is_ignored(client, site):
    response = client.get(f"/zh-tw/{SEED}?variant=klingon")
    assert response.status_code == 200
    assert "variant" not in response.cookies


def test_a_variant_address_is_served_as_asked(client, site):
    client.cookies["variant"] = "zh-cn"
    response = client.get(f"/zh-tw/{SEED}", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 200
    assert '<html lang="zh-Hant-TW">' in response.content.decode()
    assert not response.has_header("Vary") or "Accept-Language" not in response["Vary"]


def test_a_bad_cookie_is_ignored(client, site):
    client.cookies["variant"] = "<script>"
    response = client.get(SEED_URL)
    assert response.status_code == 200


# --- Accept-Language ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "prefix"),
    [
        ("zh-TW", "zh-tw"),
        ("zh-HK", "zh-hk"),
        ("zh-CN", "zh-cn"),
        ("zh-Hant", "zh-hant"),
        ("zh-Hans", "zh-hans"),
        ("zh-Hant-TW,zh;q=0.8", "zh-tw"),
        ("en-US,en;q=0.9,zh-SG;q=0.8", "zh-sg"),
    ],
)
def test_accept_language_picks_the_variant(client, site, header, prefix, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(SEED_URL, HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302
    assert response["Location"] == f"/{prefix}/{SEED}"
    assert response["Vary"] == "Cookie, Accept-Language"


@pytest.mark.parametrize("header", [None, "zh", "en-US,en;q=0.9", "zh,zh-TW;q=0.5"])
def test_plain_chinese_or_no_chinese_stays_unconverted(client, site, header):
    extra = {} if header is None else {"HTTP_ACCEPT_LANGUAGE": header}
    response = client.get(SEED_URL, **extra)
    assert response.status_code == 200
    assert response["Vary"] == "Cookie, Accept-Language, Accept-Encoding"
    assert '<html lang="zh">' in response.content.decode()


def test_accept_language_also_sends_category_pages(client, site):
    response = client.get("/wiki/Category:日蘇關係", HTTP_ACCEPT_LANGUAGE="zh-TW")
    assert response["Location"] == "/zh-tw/Category:%E6%97%A5%E8%98%87%E9%97%9C%E4%BF%82"
